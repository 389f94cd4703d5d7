import Testing
@testable import StanceKit

/// Joint statements, corrections of a stance, undo by what it takes back, and `help time`.
struct LiveNotesTests {
    func council() throws -> Engine {
        let e = Engine()
        try run(e, """
        event "UNSC" date=2021-01-13 tz=-05:00
        actor gabon "Gabon"; actor kenya "Kenya"; actor ghana "Ghana"
        concern peace "Peace"
        speaker gabon
        """)
        return e
    }

    @Test func aJointStatementIsOneLineOneAnswerOneUndoStep() throws {
        let e = try council()
        var lines: [String] = []
        var asm = LineAssembler(source: "t")
        guard case .statements(let sts, _) = asm.add(Array("@10:00 gabon,kenya,ghana + peace: welcome it".utf8)[...], number: 1) else {
            Issue.record("not parsed"); return
        }
        guard case .change(let answer, _) = try e.execute(sts[0], persist: { (l: String) throws(SyntaxError) in lines.append(l) }) else {
            Issue.record("no change"); return
        }
        #expect(answer == "stance s1-s3: gabon, kenya, ghana support peace (by gabon)")
        #expect(lines == [#"@2021-01-13T10:00:00-05:00 stance gabon,kenya,ghana supports peace "welcome it" by=gabon"#])
        #expect(e.state.stances.map(\.by) == [nil, 0, 0] as [Int32?], "the speaker, gabon, reports the others")
        // The journal line reads back to the same stances.
        let replayed = Engine()
        try run(replayed, "event date=2021-01-13\nactor gabon \"Gabon\"; actor kenya \"Kenya\"; actor ghana \"Ghana\"\nconcern peace \"Peace\"")
        _ = try replayed.execute(try Parser.parseOne(Array(lines[0].utf8)), mode: .journal)
        #expect(replayed.state.liveStances == 3)
        #expect(replayed.state.stances.map(\.by) == e.state.stances.map(\.by))
        let out = try run(e, "undo")
        #expect(out == ["undo: stance s1-s3 removed"])
        #expect(e.sessionLog.last?.hasSuffix(" undo s1-s3") == true)
        #expect(e.state.liveStances == 0)
        #expect(failure(e, "gabon,gabon + peace")?.message == "'gabon' is named twice")
        #expect(failure(e, "gabon,,kenya + peace")?.message == "a holder is missing between the commas")
    }

    @Test func undoByIdChecksWhatIsOnTop() throws {
        let e = try council()
        try run(e, "kenya + peace\nghana - peace")
        #expect(failure(e, "undo s1")?.message == "the last change to undo is s2, not s1")
        try run(e, "undo s2 s1")
        #expect(e.state.liveStances == 0)
        try run(e, "redo s1")
        #expect(e.state.liveStances == 1)
        // An old journal's count is still read.
        try run(e, "undo 1")
        #expect(e.state.liveStances == 0)
    }

    @Test func setCorrectsAStanceAndWhatIsCurrentFollows() throws {
        let e = try council()
        try run(e, "@10:00 kenya + peace: first\n@10:10 kenya - peace: second")
        #expect(e.state.currentStance(holder: 1, target: 3) == 1)
        let out = try run(e, "set s1 at=10:20 text=\"first, later\" position=mixed")
        #expect(out == [#"set s1: at=2021-01-13T10:20:00-05:00 text="first, later" position=mixed"#])
        #expect(e.state.currentStance(holder: 1, target: 3) == 0, "now the latest")
        #expect(e.state.stances[0].position == .mixed && e.state.stances[0].text == "first, later")
        try run(e, "undo")
        #expect(e.state.currentStance(holder: 1, target: 3) == 1)
        #expect(e.state.stances[0].at.rfc3339 == "2021-01-13T10:00:00-05:00")
        #expect(failure(e, "set s1 role=x")?.message.contains("text=, at= or position=") == true)
        #expect(failure(e, "set s9 text=x")?.message == "there is no stance s9")
    }

    @Test func helpExplainsTimeAndReferences() throws {
        let time = try Help.text(Syntax("time", 0..<4))
        #expect(time.contains("@10:54") && time.contains("session clock") && time.contains("next day"))
        let refs = try Help.text(Syntax("references", 0..<10))
        #expect(refs.contains("unique prefix of its id") && refs.contains("Tab completes exactly what Enter resolves"))
        #expect(try Help.text(Syntax("ti", 0..<2)).hasPrefix("timeline"), "a command prefix stays a command's help")
    }
}
