import Foundation
import Testing

/// Runs the built `stance` binary as a user would: through pipes, in a temporary folder.
enum Harness {
    /// The package root (…/Tests/StanceCLITests/Harness.swift → …).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `stance` built next to the test bundle.
    static let binary: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        if dir.path.hasSuffix(".xctest") || dir.lastPathComponent == "Contents" { dir = dir.deletingLastPathComponent() }
        let candidate = dir.appendingPathComponent("stance").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        return root.appendingPathComponent(".build/debug/stance").path
    }()

    /// Whether to re-record expected files (`STANCE_RECORD=1 swift test`).
    static var recording: Bool { ProcessInfo.processInfo.environment["STANCE_RECORD"] == "1" }

    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
        var stdoutData: Data
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stance-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The environment every run gets: a fixed clock, UTC, no colour, sessions and history in `dir`.
    static func environment(_ dir: URL, extra: [String: String] = [:]) -> [String: String] {
        var env: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "TZ": "UTC",
            "NO_COLOR": "1",
            "HOME": dir.path,
            "XDG_STATE_HOME": dir.appendingPathComponent("state").path,
            "STANCE_SESSIONS": dir.appendingPathComponent("Sessions").path,
            "STANCE_NOW": "2018-04-25T17:30:00-04:00",
            "LANG": "C.UTF-8",
        ]
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Runs stance (or `tool`, given stance's environment) with arguments and stdin bytes, in `dir`.
    @discardableResult
    static func run(_ args: [String], stdin: Data = Data(), in dir: URL, env extra: [String: String] = [:],
                    tool: String = binary) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.currentDirectoryURL = dir
        p.environment = environment(dir, extra: extra)
        // stdin, stdout and stderr are files: no threads, no pipe deadlocks.
        let io = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: io) }
        let inURL = io.appendingPathComponent("in"), outURL = io.appendingPathComponent("out"), errURL = io.appendingPathComponent("err")
        try stdin.write(to: inURL)
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let inH = try FileHandle(forReadingFrom: inURL)
        let outH = try FileHandle(forWritingTo: outURL), errH = try FileHandle(forWritingTo: errURL)
        p.standardInput = inH
        p.standardOutput = outH
        p.standardError = errH
        try p.run()
        p.waitUntilExit()
        try inH.close(); try outH.close(); try errH.close()
        let out = try Data(contentsOf: outURL), err = try Data(contentsOf: errURL)
        return Result(stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
                      status: p.terminationStatus, stdoutData: out)
    }

    static func run(_ args: [String], script: String, in dir: URL, env: [String: String] = [:]) throws -> Result {
        try run(args, stdin: Data(script.utf8), in: dir, env: env)
    }

    /// Runs `body` (the temporary folder, the mount point) with a tmpfs of `size` mounted in a temporary folder.
    static func withSmallDisk(_ size: String, _ body: (URL, URL) throws -> Void) throws {
        let dir = try Harness.temporaryFolder()
        let mount = dir.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        let m = Process()
        m.executableURL = URL(fileURLWithPath: "/bin/mount")
        m.arguments = ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", mount.path]
        try m.run(); m.waitUntilExit()
        try #require(m.terminationStatus == 0, "mount tmpfs")
        defer {
            let u = Process()
            u.executableURL = URL(fileURLWithPath: "/bin/umount")
            u.arguments = [mount.path]
            try? u.run(); u.waitUntilExit()
            try? FileManager.default.removeItem(at: dir)
        }
        try body(dir, mount)
    }
}
