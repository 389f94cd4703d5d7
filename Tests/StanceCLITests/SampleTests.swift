import Foundation
import Testing

/// The sample session: `samples/minusma-panel.typed`, typed live at the MINUSMA panel of
/// 2018-04-25, and the journal `stance` wrote from it, `Sessions/2018-04-25-minusma-panel.stance`.
/// These tests read `Sessions/` and never write to it.
struct SampleTests {
    static let sessions = Harness.root.appendingPathComponent("Sessions")
    static let sampleJournal = sessions.appendingPathComponent("2018-04-25-minusma-panel.stance")
    static let typedScript = Harness.root.appendingPathComponent("samples/minusma-panel.typed")
    static let reportGolden = Harness.root.appendingPathComponent("Tests/Golden-sample/minusma-report.md")

    /// Every journal committed in `Sessions/`.
    static let journals: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sessions.path)) ?? []
        return names.filter { $0.hasSuffix(".stance") }.sorted()
    }()

    @Test("Sessions/ holds the sample journal")
    func sampleIsThere() {
        #expect(SampleTests.journals.contains("2018-04-25-minusma-panel.stance"))
    }

    @Test("stance check passes on every journal in Sessions/", arguments: journals)
    func checkIsSound(_ name: String) throws {
        let tmp = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let path = SampleTests.sessions.appendingPathComponent(name).path
        let result = try Harness.run(["check", path], in: tmp)
        #expect(result.status == 0, "stance check \(name): \(result.stdout)\(result.stderr)")
        #expect(!result.stderr.contains("warning"), "stance check \(name) warned: \(result.stderr)")
    }

    /// The journal with the program's version taken out of its `begin` and `end` lines.
    static func withoutVersion(_ journal: String) -> String {
        journal.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 2, line.hasPrefix("@"), words[1] == "begin" || words[1] == "end" else { return String(line) }
            return words.filter { !$0.hasPrefix("version=") }.joined(separator: " ")
        }.joined(separator: "\n")
    }

    @Test("the typed script, replayed through stance, writes the committed journal")
    func typedScriptIsReproducible() throws {
        let tmp = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let script = try Data(contentsOf: SampleTests.typedScript)
        let journal = tmp.appendingPathComponent("minusma.stance")
        let result = try Harness.run(["--quiet", journal.path], stdin: script, in: tmp, env: ["TZ": "America/Toronto"])
        #expect(result.status == 0, "stance failed on the typed script: \(result.stderr)")
        #expect(result.stderr.isEmpty, "stderr: \(result.stderr)")
        let written = try String(contentsOf: journal, encoding: .utf8)
        let committed = try String(contentsOf: SampleTests.sampleJournal, encoding: .utf8)
        #expect(SampleTests.withoutVersion(written) == SampleTests.withoutVersion(committed),
                "regenerate it: rm Sessions/2018-04-25-minusma-panel.stance && TZ=America/Toronto stance Sessions/2018-04-25-minusma-panel.stance < samples/minusma-panel.typed")
    }

    @Test("the sample journal is canonical: no shorthand, every stance with a quoted text")
    func journalIsCanonical() throws {
        let committed = try String(contentsOf: SampleTests.sampleJournal, encoding: .utf8)
        let lines = committed.split(separator: "\n").map(String.init)
        #expect(lines.first == "# stance journal 1")
        let positions: Set<String> = ["supports", "opposes", "mixed", "neutral", "raises"]
        for line in lines.dropFirst() {
            #expect(line.hasPrefix("@2018-04-25T") && line.contains("-04:00 "), "time with its offset: \(line)")
            let words = line.split(separator: " ").map(String.init)
            guard words.count > 1, words[1] == "stance" else { continue }
            #expect(words.count > 5 && positions.contains(words[3]), "full position word: \(line)")
            #expect(words.count > 5 && words[5].hasPrefix("\""), "quoted text: \(line)")
        }
    }

    @Test("the report of the sample matches Tests/Golden-sample/minusma-report.md")
    func reportGolden() throws {
        let tmp = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let result = try Harness.run(["export", SampleTests.sampleJournal.path, "md"], in: tmp, env: ["TZ": "America/Toronto"])
        try #require(result.status == 0, "stance export md failed: \(result.stderr)")
        let report = result.stdout.replacingOccurrences(of: Harness.root.path, with: "$ROOT")
        if Harness.recording {
            try FileManager.default.createDirectory(at: SampleTests.reportGolden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try report.write(to: SampleTests.reportGolden, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: SampleTests.reportGolden, encoding: .utf8)
        #expect(report == expected, "the report changed: read it, then STANCE_RECORD=1 swift test --filter SampleTests")
    }
}
