import Testing
@testable import StanceKit

struct ModelTests {
    @Test func idsAreMadeFromNames() {
        #expect(Identifier.make(from: "Corey Levine") == "corey-levine")
        #expect(Identifier.make(from: "Université Laurentienne") == "universite-laurentienne")
        #expect(Identifier.make(from: "G5 Sahel (Force)") == "g5-sahel-force")
        #expect(Identifier.make(from: "Canada's role") == "canadas-role")
        #expect(Identifier.make(from: "Women’s role") == "womens-role")
        #expect(Identifier.make(from: "中国") == "")
        #expect(Identifier.make(from: String(repeating: "a b ", count: 50)).count <= 24)
    }

    @Test func idsFromLongNamesAreShortCutAtAWordWithoutSmallWords() {
        #expect(Identifier.make(from: "ISGS expansion in central Mali and tri-border area") == "isgs-expansion-central")
        #expect(Identifier.make(from: "Protection of civilians") == "protection-of-civilians", "23 characters: kept whole")
        #expect(Identifier.make(from: "Protection of civilians in Mali") == "protection-civilians")
        #expect(Identifier.make(from: "Mission de la Communauté et de l'Afrique") == "mission-communaute")
        #expect(Identifier.make(from: "Supercalifragilisticexpialidocious twice") == "supercalifragilisticexpi")
        #expect(Identifier.make(from: "The of and in de la et") == "the-of-and-in-de-la-et", "all small: kept")
    }

    @Test func idRules() {
        #expect(Identifier.problem(with: "g5-sahel") == nil)
        #expect(Identifier.problem(with: "s12") != nil)
        #expect(Identifier.problem(with: "l1") != nil)
        #expect(Identifier.problem(with: "n") == nil, "a lone n is no record id")
        #expect(Identifier.problem(with: "Upper") != nil)
        #expect(Identifier.problem(with: "-x") != nil)
        #expect(Identifier.problem(with: String(repeating: "a", count: 65)) != nil)
    }

    @Test func takenIdIsAnErrorNeverAnUpdate() throws {
        let e = try panel()
        let d = failure(e, #"actor "Corey Levine" kind=org"#)
        #expect(d?.message.contains("taken") == true)
        #expect(e.state.entities[Int(e.state.entity(id: "corey-levine")!)].kind == "person")
    }

    @Test func speakerIsTheDefaultHolderAndReporter() throws {
        let e = try panel()
        try run(e, "speaker lev\n+ dev: argued for it\nminusma - civ security first")
        let s = e.state.stances
        #expect(s[0].holder == e.state.entity(id: "corey-levine") && s[0].by == nil)
        #expect(s[1].holder == e.state.entity(id: "minusma") && s[1].by == e.state.entity(id: "corey-levine"))
        #expect(e.state.text(of: s[1]) == "security first")
    }

    /// An undone stance comes back with its own text, and a later stance does not take its id.
    @Test func stanceTextsSurviveUndoAndRedo() throws {
        let e = try panel()
        try run(e, #"lev + dev "first\ttext é""# + "\n" + #"lev - dev """#)
        #expect(e.state.text(of: e.state.stances[0]) == "first\ttext é")
        #expect(e.state.text(of: e.state.stances[1]) == nil, "an empty text is no text")
        try run(e, "undo\nundo\nredo")
        #expect(e.state.liveStances == 1 && e.state.stances[1].undone)
        #expect(e.state.text(of: e.state.stances[0]) == "first\ttext é")
        let out = try run(e, "lev - dev \"other\"\nundo\nredo")
        #expect(out == ["stance s3: corey-levine opposes dev, shifted from supports", "undo: stance s3 removed", "redo: stance s3 back"])
        #expect(e.state.text(of: e.state.stances[2]) == "other")
        #expect(e.state.text(of: e.state.stances[0]) == "first\ttext é")
    }

    /// Stance, link and note ids are never given again, also after undo.
    @Test func idsAreNeverReusedAfterUndo() throws {
        let e = try panel()
        let out = try run(e, """
        lev + dev
        undo
        lev - dev
        link lev member-of minusma
        undo
        link lev advises minusma
        note: a
        undo
        note: b
        remove s1
        """.replacingOccurrences(of: "remove s1", with: "show lev"))
        #expect(out.contains("stance s2: corey-levine opposes dev"))
        #expect(out.contains("link l2: corey-levine advises minusma"))
        #expect(out.contains("note n2"))
        #expect(failure(e, "remove s1")?.message == "there is no stance s1")
        #expect(failure(e, "set s1 text=x")?.message == "there is no stance s1")
    }

    @Test func currentPositionIsTheLatestAndShiftsAreKept() throws {
        let e = try panel()
        try run(e, "@2018-04-25T17:40:00-04:00 stance lev + dev\n@2018-04-25T17:50:00-04:00 stance lev - dev\n@2018-04-25T17:45:00-04:00 stance lev ~ dev")
        let h = e.state.entity(id: "corey-levine")!, t = e.state.entity(id: "dev")!
        let cur = e.state.currentStance(holder: h, target: t)!
        #expect(e.state.stances[Int(cur)].position == .opposes, "17:50 is the latest, though typed before 17:45")
        #expect(e.state.stances(heldBy: h).count == 3)
    }

    @Test func undoRedoRestoreExactly() throws {
        let e = try panel()
        let before = JSONExport.document(e.state)
        try run(e, "speaker lev\n+ dev: x\nset lev role=adviser\ntag lev #late\nlink lev advises minusma\nnote lev: hi\nrename lev cl\nremove cl")
        let after = JSONExport.document(e.state)
        try run(e, "undo 8")
        #expect(JSONExport.document(e.state) == before)
        #expect(e.speaker == nil)
        try run(e, "redo 8")
        #expect(JSONExport.document(e.state) == after)
        #expect(failure(e, "redo")?.message == "nothing to redo in this session")
    }

    @Test func newChangeClearsRedo() throws {
        let e = try panel()
        try run(e, "actor \"A\"\nundo\nactor \"B\"")
        #expect(failure(e, "redo") != nil)
    }

    @Test func removeCascadesAndCounts() throws {
        let e = try panel()
        try run(e, "speaker lev\n+ dev: x\nminusma - dev\nlink minusma advises bruno\nnote minusma: n\nconcern sub \"Sub\" parent=dev")
        let out = try run(e, "remove minusma")
        #expect(out == ["remove minusma: with 1 stance, 1 link, 1 note"])
        let out2 = try run(e, "remove dev")
        #expect(out2 == ["remove dev: with 1 stance, 0 links, 0 notes, 1 child concern unparented"])
        #expect(e.state.liveStances == 0)
    }

    @Test func failedCommandChangesNothing() throws {
        let e = try panel()
        let before = JSONExport.document(e.state)
        for bad in ["actor lev2 \"L\" parent=dev", "concern x \"X\" parent=nope", "set lev kind=", "stance lev + lev",
                    "concern c2 \"C\" parent=dev #a #a", "set dev parent=dev", "untag lev #nope", "rename lev s3",
                    "remove s99", "undo 99", "link lev advises lev", "actor \"中国\""] {
            #expect(failure(e, bad) != nil, "\(bad) should fail")
            #expect(JSONExport.document(e.state) == before, "\(bad) changed the state")
        }
    }

    @Test func parentCyclesAreRefused() throws {
        let e = try panel()
        try run(e, "concern a \"A\"\nconcern b \"B\" parent=a")
        #expect(failure(e, "set a parent=b")?.message.contains("ancestor") == true)
    }

    @Test func timestampsRoundTrip() {
        for s in ["2018-04-25T17:42:10-04:00", "2000-02-29T00:00:00+00:00", "1999-12-31T23:59:59+05:30"] {
            #expect(Timestamp.parse(s)?.rfc3339 == s)
        }
        #expect(Timestamp.parse("2018-04-25T17:42:10Z")?.rfc3339 == "2018-04-25T17:42:10+00:00")
        #expect(Timestamp.parse("2018-02-30T00:00:00Z") == nil)
        #expect(Timestamp.parse("2018-04-25T17:42:10") == nil)
    }

    @Test func clockTimesAreOnTheEventsDayAndOffset() throws {
        let e = try panel()
        try run(e, "event tz=-04:00\n@2018-04-26T17:30:00+02:00 note: a\n@18:05 note: b")
        #expect(e.state.notes[1].at.rfc3339 == "2018-04-25T18:05:00-04:00")
    }
}

/// `Fold.lower` is `String.lowercased()`, made faster: the same over every Unicode scalar (in
/// runs of 64, after an ASCII capital), and on names with accents, capitals and Greek.
struct FoldTests {
    @Test func lowerIsLowercased() {
        var checked = 0
        var v: UInt32 = 0
        while v <= 0x10FFFF {
            var s = "Q"
            for k in v..<min(v + 64, 0x110000) { if let u = Unicode.Scalar(k) { s.unicodeScalars.append(u) } }
            #expect(Fold.lower(s) == s.lowercased(), "scalars from U+\(String(v, radix: 16))")
            checked += 1
            v += 64
        }
        #expect(checked > 17_000)
        for name in ["Société civile malienne", "ÉLAN", "İstanbul", "ΣΑΣ ΟΔΥΣΣΕΥΣ", "Straße", "ǅemal", "Léa Håkansson", "MINUSMA", "abc", ""] {
            #expect(Fold.lower(name) == name.lowercased(), "\(name)")
        }
    }
}

/// The undo stack against the plainest model of it: an array of transactions.
struct ChangeStackTests {
    /// Random pushes (runs of the same change, transactions with payloads, several changes) and
    /// pops: every pop gives what the model gives, and the counts agree throughout.
    @Test("the undo stack pops what was pushed", arguments: 0..<8)
    func popsWhatWasPushed(seed: Int) {
        var rng = SplitMix(seed)
        var stack = ChangeStack()
        var model: [[String]] = []
        let simple: [Change] = [.popEntity(0), .popStance(3), .popLink(1), .popNote(2), .popTurn]
        for _ in 0..<3_000 {
            switch rng.next() % 10 {
            case 0, 1, 2, 3:
                // The same code many times in a row, as a replay pushes stances.
                let c = simple[Int(rng.next() % 2)]
                stack.push(c)
                model.append([String(describing: c)])
            case 4:
                let c: Change = .setStanceRemoved(Int32(rng.next() % 100), rng.next() % 2 == 0)
                stack.push(c)
                model.append([String(describing: c)])
            case 5:
                let txn: [Change] = [simple[Int(rng.next() % 5)], .setEntityRemoved(1, true)]
                stack.push(txn)
                model.append(txn.map { String(describing: $0) })
            case 6:
                let c = simple[Int(rng.next() % 5)]
                stack.push([c])
                model.append([String(describing: c)])
            default:
                let got = stack.pop().map { $0.map { String(describing: $0) } }
                #expect(got == model.popLast(), "seed \(seed)")
            }
            #expect(stack.count == model.count && stack.isEmpty == model.isEmpty)
        }
        while let want = model.popLast() {
            #expect(stack.pop().map { $0.map { String(describing: $0) } } == want)
        }
        #expect(stack.pop() == nil && stack.count == 0)
    }
}
