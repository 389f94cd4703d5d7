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
}
