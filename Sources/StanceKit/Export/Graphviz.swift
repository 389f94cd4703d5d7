#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `export svg|png`: the DOT stakeholder map drawn by Graphviz's `dot`, found on PATH and run with
/// posix_spawn. The map goes through a temporary file; the picture is written by `dot -o`.
enum Graphviz {
    static let missing = "needs Graphviz's 'dot', which is not on PATH: install graphviz (sudo apt-get install graphviz), or export dot and render it elsewhere"

    /// The full path of an executable on PATH, if any.
    static func find(_ name: String) -> String? {
        guard let p = getenv("PATH") else { return nil }
        for dir in String(cString: p).split(separator: ":", omittingEmptySubsequences: false) {
            let full = (dir.isEmpty ? "." : String(dir)) + "/" + name
            if access(full, X_OK) == 0 && !FileIO.isDirectory(full) { return full }
        }
        return nil
    }

    static func temporaryFile(_ tag: String) throws(SyntaxError) -> (fd: Int32, path: String) {
        let dir = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(dir)/stance-\(tag)-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw SyntaxError("cannot make a temporary file in \(dir): \(FileIO.errorText(errno))", 0..<1) }
        return (fd, FileIO.string(cChars: template))
    }

    /// Renders DOT text to `format` (svg or png): into `path`, returning "", or as text (svg only).
    static func render(_ dot: String, format: String, toFile path: String?, range: Range<Int>) throws(SyntaxError) -> String {
        if format == "png" && path == nil {
            throw SyntaxError("a png is binary and is not written to the terminal: give a file, as in 'export png map.png'", range)
        }
        guard let exe = find("dot") else { throw SyntaxError("export \(format) \(missing)", range) }
        var input = try temporaryFile("map")
        defer { unlink(input.path) }
        var bytes = dot
        let err = bytes.withUTF8 { FileIO.writeAll(input.fd, UnsafeRawBufferPointer($0)) }
        close(input.fd)
        input.fd = -1
        if let err { throw SyntaxError("cannot write a temporary file: \(FileIO.errorText(err))", range) }
        // dot draws into a temporary file, which becomes the file asked for only when it is whole.
        let output = try temporaryFile("out")
        close(output.fd)
        defer { unlink(output.path) }
        let errors = try temporaryFile("err")
        defer { unlink(errors.path); close(errors.fd) }

        let args = [exe, "-T\(format)", "-o", output.path, input.path]
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, errors.fd, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.fd, 2)
        var pid = pid_t()
        let rc = posix_spawn(&pid, exe, &actions, nil, &argv, environ)
        guard rc == 0 else { throw SyntaxError("cannot run \(exe): \(FileIO.errorText(rc))", range) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw SyntaxError("cannot wait for dot: \(FileIO.errorText(errno))", range) }
        }
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        guard exited && code == 0 else {
            let said = (try? FileIO.read(errors.path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let first = said.split(separator: "\n").first.map(String.init) ?? (exited ? "exit status \(code)" : "killed")
            throw SyntaxError("dot could not draw the map: \(Display.escapeControls(first))", range)
        }
        let drawn: [UInt8]
        do { drawn = try FileIO.read(output.path) } catch { throw SyntaxError("cannot read what dot drew: \(error.message)", range) }
        guard let path else { return String(decoding: drawn, as: UTF8.self) }
        do {
            try FileIO.replaceWhole(path, bytes: drawn)
        } catch {
            throw SyntaxError("cannot write '\(Display.escapeControls(path))': \(error.message)", range)
        }
        return ""
    }
}
