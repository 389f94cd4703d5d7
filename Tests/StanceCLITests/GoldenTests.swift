import Foundation
import Testing

/// End-to-end golden tests: each folder under `Tests/Golden/` is a scenario. The binary runs in a
/// temporary folder with `script.stance` on stdin and the arguments in `args` (one a line;
/// `$TMP` is the folder); files under `setup/` are copied in first. stdout, stderr, the exit
/// status and the journal written (`Sessions/` or `$TMP/journal.stance`) are compared with the
/// files `stdout`, `stderr`, `status` and `journal`. `STANCE_RECORD=1 swift test` re-records them:
/// read every change before committing it.
struct GoldenTests {
    static let folder = Harness.root.appendingPathComponent("Tests/Golden")

    static let scenarios: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted()
    }()

    @Test("golden scenario", arguments: scenarios)
    func scenario(_ name: String) throws {
        let dir = GoldenTests.folder.appendingPathComponent(name)
        let fm = FileManager.default
        let tmp = try Harness.temporaryFolder()
        defer { try? fm.removeItem(at: tmp) }
        let setup = dir.appendingPathComponent("setup")
        if fm.fileExists(atPath: setup.path) {
            for item in try fm.contentsOfDirectory(atPath: setup.path) {
                try fm.copyItem(at: setup.appendingPathComponent(item), to: tmp.appendingPathComponent(item))
            }
        }
        func read(_ file: String) -> String? {
            try? String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
        }
        let args = (read("args") ?? "").split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.replacingOccurrences(of: "$TMP", with: tmp.path) }
        var env: [String: String] = [:]
        for line in (read("env") ?? "").split(separator: "\n") {
            let kv = line.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { env[kv[0]] = kv[1].replacingOccurrences(of: "$TMP", with: tmp.path) }
        }
        let stdin = (try? Data(contentsOf: dir.appendingPathComponent("script.stance"))) ?? Data()
        let result = try Harness.run(args, stdin: stdin, in: tmp, env: env)
        func clean(_ s: String) -> String { s.replacingOccurrences(of: tmp.path, with: "$TMP") }
        var actual: [String: String] = [
            "stdout": clean(result.stdout),
            "stderr": clean(result.stderr),
            "status": "\(result.status)\n",
        ]
        let sessions = tmp.appendingPathComponent("Sessions")
        let written = ((try? fm.contentsOfDirectory(atPath: sessions.path)) ?? []).sorted()
        if let first = written.first {
            actual["journal"] = clean(try String(contentsOf: sessions.appendingPathComponent(first), encoding: .utf8))
        } else if fm.fileExists(atPath: tmp.appendingPathComponent("journal.stance").path) {
            actual["journal"] = clean(try String(contentsOf: tmp.appendingPathComponent("journal.stance"), encoding: .utf8))
        }
        for (file, text) in actual {
            let url = dir.appendingPathComponent(file)
            if Harness.recording {
                try text.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? (file == "journal" ? nil : "")
            guard let expected else { continue }
            #expect(text == expected, "\(name)/\(file) differs")
        }
        if !Harness.recording, fm.fileExists(atPath: dir.appendingPathComponent("journal").path) {
            #expect(actual["journal"] != nil, "\(name): a journal was expected")
        }
    }
}
