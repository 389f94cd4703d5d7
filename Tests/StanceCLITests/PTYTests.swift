import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The interactive session through a real pseudo-terminal: what a note-taker sees and keeps.
@Suite(.serialized)
struct PTYTests {
    /// The one journal the session wrote.
    func journal(_ dir: URL) throws -> String {
        let folder = dir.appendingPathComponent("Sessions")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".stance") }
        try #require(files.count == 1, "journals: \(files)")
        return try String(contentsOf: folder.appendingPathComponent(files[0]), encoding: .utf8)
    }

    /// The history file's entries, decoded from libedit's vis(3) encoding.
    func history(_ dir: URL) throws -> [String] {
        let url = dir.appendingPathComponent("state/stance/history")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map {
            $0.replacingOccurrences(of: "\\040", with: " ").replacingOccurrences(of: "\\012", with: "\n")
        }
    }

    @Test func promptBannerSpeakerAndCtrlDEndsTheSession() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try PTY(in: dir)
        t.expect("type 'help' for the commands")
        t.expect("stance 17:30> ")
        t.send("actor \"Corey Levine\" kind=person\r")
        t.expect("actor corey-levine: Corey Levine (person)")
        t.expect("> ")
        t.send("speaker corey-levine\r")
        t.expect("speaker: corey-levine")
        t.expect(" corey-levine> ")
        t.send(PTY.ctrlD)
        #expect(t.wait() == 0)
        let j = try journal(dir)
        #expect(j.contains("speaker corey-levine\n"))
        #expect(j.split(separator: "\n").last?.hasSuffix(" end") == true)
    }

    @Test func tabCompletesACommandAndAnIdAndListsCandidates() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try PTY(in: dir)
        t.expect("stance 17:30> ")
        t.send("actor \"Corey Levine\"; concern civ \"Protection of civilians\"\r")
        t.expect("concern civ")
        t.expect("> ")
        t.send("sho")
        t.expect("sho")
        t.send(PTY.tab)
        t.expect("w ")
        // A prefix of a word of the name completes to the id.
        t.send("Lev")
        t.expect("Lev")
        t.send(PTY.tab)
        t.expect("ine ")
        t.send("\r")
        t.expect("actor corey-levine: Corey Levine")
        t.expect("> ")
        // Several candidates are listed.
        t.send("show c")
        t.expect("show c")
        t.send(PTY.tab)
        t.expect("civ")
        t.expect("corey-levine")
        t.send(PTY.ctrlC)
        t.expect("^C")
        t.expect("> ")
        t.send(PTY.ctrlD)
        #expect(t.wait() == 0)
        #expect(try history(dir).contains("show corey-levine "))
    }

    @Test func historyIsRecalledInTheNextSession() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let t = try PTY(in: dir)
            t.expect("stance 17:30> ")
            t.send("actor \"Bruno Charbonneau\"\r")
            t.expect("actor bruno-charbonneau")
            t.expect("> ")
            t.send(" show bruno-charbonneau\r") // a leading space keeps it out of the history
            t.expect("actor bruno-charbonneau: Bruno Charbonneau")
            t.expect("> ")
            t.send(PTY.ctrlD)
            #expect(t.wait() == 0)
        }
        let path = dir.appendingPathComponent("state/stance/history").path
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try history(dir) == ["actor \"Bruno Charbonneau\""])
        try FileManager.default.removeItem(at: dir.appendingPathComponent("Sessions"))
        let t = try PTY(in: dir)
        t.expect("stance 17:30> ")
        t.send(PTY.up)
        t.expect("actor \"Bruno Charbonneau\"")
        t.send("\r")
        t.expect("actor bruno-charbonneau: Bruno Charbonneau")
        t.expect("> ")
        t.send(PTY.ctrlD)
        #expect(t.wait() == 0)
    }

    @Test func ctrlCDropsTheLineAndItsContinuationWithoutExiting() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try PTY(in: dir)
        t.expect("stance 17:30> ")
        t.send("actor \"Half\r")
        t.expect("...> ")
        t.send("done with")
        t.expect("done with")
        t.send(PTY.ctrlC)
        t.expect("^C")
        t.expect("stance 17:30> ")
        t.send("actor half-typed")
        t.expect("half-typed")
        t.send(PTY.ctrlC)
        t.expect("stance 17:30> ")
        t.send("actor \"Whole\"\r")
        t.expect("actor whole: Whole")
        t.expect("> ")
        t.send(PTY.ctrlD)
        #expect(t.wait() == 0)
        let j = try journal(dir)
        #expect(j.contains("actor whole \"Whole\""))
        #expect(!j.contains("Half") && !j.contains("half"))
        #expect(try history(dir) == ["actor \"Whole\""])
    }

    @Test func utf8TypedAtThePromptIsKept() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try PTY(in: dir, env: ["LANG": "", "LC_ALL": ""])
        t.expect("stance 17:30> ")
        t.send("actor \"Université Laurentienne\"\r")
        t.expect("actor universite-laurentienne: Université Laurentienne")
        t.expect("> ")
        t.send("show univ")
        t.expect("univ")
        t.send(PTY.tab)
        t.expect("ersite-laurentienne ")
        t.send("\r")
        t.expect("Université Laurentienne")
        t.expect("> ")
        t.send(PTY.ctrlD)
        #expect(t.wait() == 0)
        #expect(try journal(dir).contains("actor universite-laurentienne \"Université Laurentienne\""))
    }

    /// Terminal columns as a terminal draws them, for the characters the test below uses: Han
    /// characters two, combining marks none, everything else one.
    static func columns(_ line: Substring) -> Int {
        line.unicodeScalars.reduce(0) { n, u in
            n + ((0x4E00...0x9FFF).contains(u.value) ? 2 : (0x300...0x36F).contains(u.value) ? 0 : 1)
        }
    }

    @Test func tablesCountTerminalColumnsWideCharactersTwoCombiningMarksNone() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try PTY(in: dir, columns: 40)
        t.expect("stance 17:30> ")
        // 120 columns of Han, and 60 columns of e with a combining acute (120 scalars).
        t.send("note \"\(String(repeating: "中文", count: 30))\"; note \"\(String(repeating: "e\u{301}", count: 60))\"\r")
        t.expect("note n2")
        t.expect("> ")
        t.send("list notes\r")
        t.expect("n2")
        t.expect("> ")
        let rows = t.screen.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }).filter { $0.hasPrefix("n1 ") || $0.hasPrefix("n2 ") }
        try #require(rows.count >= 2, "rows: \(rows)")
        for row in rows.suffix(2) {
            let w = PTYTests.columns(row)
            // Cut to the terminal's 40 columns, and not more than that: the mark counts nothing.
            #expect(w <= 40 && w >= 38, "\(w) columns: \(row)")
            #expect(row.hasSuffix("…"))
        }
        t.send(PTY.ctrlD)
        #expect(t.wait() == 0)
    }

    @Test func sourceRunsAScriptAsTypedAndItsErrorsPointIntoIt() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "actor \"Corey Levine\"\nlev + nowhere\n".write(to: dir.appendingPathComponent("s.txt"), atomically: true, encoding: .utf8)
        let t = try PTY(in: dir)
        t.expect("stance 17:30> ")
        let path = dir.appendingPathComponent("s.txt").path
        t.send("source \"\(path)\"\r")
        t.expect("actor corey-levine: Corey Levine")
        // The REPL leaves the location out of what was typed, not out of a file's line.
        t.expect("s.txt:2:7: error:")
        t.expect("> ")
        t.send(PTY.ctrlD)
        #expect(t.wait() == 0)
        let j = try journal(dir)
        #expect(j.contains(" actor corey-levine \"Corey Levine\"\n"))
        #expect(!j.contains("source"))
    }

    @Test func sigtermEndsTheSessionCleanly() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try PTY(in: dir)
        t.expect("stance 17:30> ")
        t.send("concern dev \"Development spending\"\r")
        t.expect("concern dev")
        t.expect("> ")
        kill(t.pid, SIGTERM)
        #expect(t.wait() == 128 + SIGTERM)
        #expect(try journal(dir).split(separator: "\n").last?.hasSuffix(" end") == true)
    }
    @Test func thePromptShowsTheClockAndTheSpeakerAndLeavesFiftyColumns() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try PTY(["--no-journal"], in: dir, columns: 80)
        t.expect("stance 17:30> ")
        t.send("event \"Security Council open debate on the situation in Mali\" date=2021-01-13 tz=-05:00\r")
        t.expect("event: Security Council")
        t.send("actor \"Tunisia\"; speaker tunisia\r")
        t.expect("speaker: tunisia")
        // Under --no-journal the event names the session; cut so that 50 of 80 columns are left.
        t.expect("security-coun… 17:30 tunisia> ")
        t.send("@10:54\r")
        t.expect("security-coun… 10:54 tunisia> ")
        t.send(PTY.ctrlD)
        #expect(t.wait() == 0)
    }

    @Test func tabCompletesAUniqueIdPrefixWithASpaceThoughANameWordSharesIt() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try PTY(["--no-journal"], in: dir)
        t.expect("17:30> ")
        t.send("concern transition \"Political transition\"; concern will \"Transition political will\"\r")
        t.expect("concern will")
        t.expect("> ")
        t.send("show tra")
        t.expect("show tra")
        t.send(PTY.tab)
        // Completed with its space, as Enter resolves it: nothing is listed.
        t.expect("nsition ")
        t.send("\r")
        t.expect("Political transition")
        t.expect("> ")
        t.send(PTY.ctrlD)
        #expect(t.wait() == 0)
        let after = String(decoding: t.output, as: UTF8.self).components(separatedBy: "show tra").last ?? ""
        #expect(!after.contains("will"), "no candidates were listed")
    }

    @Test func reopeningAJournalSaysWhatItLoaded() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("unsc.stance").path
        _ = try Harness.run([path], script: "actor \"Tunisia\"\nconcern \"Transition\"\ntun + tra\n", in: dir)
        let t = try PTY([path], in: dir)
        t.expect("loaded 5 entries from unsc.stance: 2 actors and concerns, 1 stance")
        t.expect("> ")
        t.send(PTY.ctrlD)
        #expect(t.wait() == 0)
    }

    @Test func matrixFollowsATerminalResize() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try PTY(["--no-journal"], in: dir, columns: 120)
        t.expect("17:30> ")
        var line = "actor a \"A\""
        for k in 1...20 { line += "; concern c\(k) \"C\(k)\"; a + c\(k)" }
        t.send(line + "\r")
        t.expect("stance s20")
        t.expect("> ")
        t.resize(columns: 50)
        t.send("matrix\r")
        t.expect("+ supports")
        t.expect("> ")
        let grid = t.screen.components(separatedBy: "matrix").last ?? ""
        // At 50 columns the 20 targets wrap into two blocks: column 20 starts a line of its own block.
        #expect(grid.contains("\r\n\r\n"), "a second block")
        for l in grid.components(separatedBy: "\r\n") { #expect(l.count <= 50, "\(l)") }
        t.send(PTY.ctrlD)
        #expect(t.wait() == 0)
    }
}
