import Foundation
import Testing

/// The command line around the command language (ArgumentParser's): shell completion scripts.
/// Help, the version and usage errors are golden scenarios (`Tests/Golden/cli-*`).
struct CommandLineTests {
    @Test("--generate-completion-script writes a script for bash, zsh and fish that knows the subcommands",
          arguments: [("bash", "#!/bin/bash"), ("zsh", "#compdef stance"), ("fish", "function ")])
    func completionScript(shell: String, firstLine: String) throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for args in [["--generate-completion-script", shell], ["--generate-completion-script=\(shell)"]] {
            let r = try Harness.run(args, in: dir)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.stderr.isEmpty)
            #expect(r.stdout.hasPrefix(firstLine), "\(args): \(r.stdout.prefix(80))")
            for sub in ["replay", "check", "repair", "export"] {
                #expect(r.stdout.contains(sub), "\(args): no '\(sub)'")
            }
            if shell == "zsh" { #expect(r.stdout.contains("_files -g '\\''*.stance'\\''"), "journals complete to .stance files") }
        }
        // Nothing is written: no session journal for a completion script.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Sessions").path))
    }

    /// What bash offers for a command line typed up to its end, through the generated script.
    func bashCompletes(_ line: String, script: URL, in dir: URL) throws -> [String] {
        let driver = """
        source "$1"; line="$2"; read -ra COMP_WORDS <<< "$line"; [[ "$line" == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$line"; COMP_POINT=${#line}
        _stance stance "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"; printf '%s\\n' "${COMPREPLY[@]}"
        """
        let r = try Harness.run(["-c", driver, "bash", script.path, line], in: dir, tool: "/bin/bash")
        return r.stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test("bash completes journals and subcommands first, a subcommand's arguments, the session's options and export formats")
    func bashCompletion() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Harness.run(["--generate-completion-script", "bash"], in: dir)
        let script = dir.appendingPathComponent("stance.bash")
        try r.stdout.write(to: script, atomically: true, encoding: .utf8)
        try "".write(to: dir.appendingPathComponent("panel.stance"), atomically: true, encoding: .utf8)
        try "".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let subcommands = ["check", "export", "help", "import", "repair", "replay"]
        #expect(try bashCompletes("stance ", script: script, in: dir) == (subcommands + ["panel.stance"]).sorted())
        #expect(try bashCompletes("stance che", script: script, in: dir) == ["check"])
        #expect(try bashCompletes("stance check ", script: script, in: dir) == ["panel.stance"])
        #expect(try bashCompletes("stance export panel.stance ", script: script, in: dir) == ["csv", "dna", "dot", "graphml", "json", "md", "png", "svg"])
        #expect(try bashCompletes("stance --color ", script: script, in: dir) == ["always", "auto", "never"])
        let options = try bashCompletes("stance panel.stance -", script: script, in: dir)
        for o in ["-c", "--keep-going", "--no-journal", "--quiet", "--json", "--color", "-V", "--version"] {
            #expect(options.contains(o), "no \(o) in \(options)")
        }
    }

    /// Runs a program, with its stdout.
    func output(_ tool: String, _ args: [String], stdin: String? = nil) throws -> (out: String, err: String, status: Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self), p.terminationStatus)
    }

    @Test("the manual's command language section has every command of 'help', and is valid mdoc")
    func manualLanguageSection() throws {
        let script = Harness.root.appendingPathComponent("scripts/man").path
        let r = try output(script, ["section", Harness.binary])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix(".Sh \"COMMAND LANGUAGE\"\n"))
        for command in ["actor", "concern", "stance", "link", "note", "tag", "include", "source", "list", "find", "export", "quit"] {
            #expect(r.out.contains("\n\\fB\(command) "), "no \(command)")
        }
        #expect(r.out.contains("\\fBlist [actors|concerns|stances|links|notes] [#TAG] [KEY=VALUE]\\fP"))
        // A whole page around it, formatted with every warning on: none.
        let page = ".Dd December 5, 2026\n.Dt STANCE 1\n.Os\n.Sh NAME\n.Nm stance\n.Nd test\n" + r.out
        let groff = "/usr/bin/groff"
        if FileManager.default.isExecutableFile(atPath: groff) {
            let g = try output(groff, ["-k", "-mdoc", "-Tutf8", "-ww", "-P-cbou"], stdin: page)
            #expect(g.status == 0 && g.err.isEmpty, "\(g.err)")
            #expect(g.out.contains("COMMAND LANGUAGE"))
            #expect(g.out.contains("find TEXT"))
        }
    }
}
