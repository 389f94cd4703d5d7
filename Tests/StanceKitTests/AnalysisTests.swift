import Testing
@testable import StanceKit

/// A scene with shifts, conflicts, reported stances and speaker turns.
func scene() throws -> Engine {
    let e = Engine()
    try run(e, """
    event "Panel" date=2018-04-25 location="Ottawa"
    @2018-04-25T17:30:00-04:00 actor lev "Corey Levine" kind=person role="adviser" #panel
    @17:30 actor bruno "Bruno Charbonneau" kind=person #panel
    @17:30 actor louise "Louise Ouimet" kind=person
    @17:30 actor minusma "MINUSMA" kind=org
    @17:31 concern dev "Development spending"; concern civ "Protection of civilians"; concern alg "Algiers agreement"
    @17:32 speaker lev
    @17:33 + dev: sustained spending
    @17:34 minusma ~ civ: personnel first
    @17:35 + alg
    @17:40 speaker bruno
    @17:41 + dev
    @17:42 - alg: a bad agreement
    @17:43 minusma - civ
    @17:50 speaker louise
    @17:51 + alg
    @17:52 - alg: reassess it
    @17:53 - dev
    """)
    return e
}

struct AnalysisTests {
    func id(_ e: Engine, _ s: String) -> Int32 { e.state.entity(id: s)! }

    @Test func conflictsAreSupportsAgainstOpposesOnCurrentPositions() throws {
        let e = try scene()
        let c = Conflicts(e.state, about: nil)
        let pairs = c.pairs.map { (e.state.stances[Int($0.0)], e.state.stances[Int($0.1)]) }
            .map { "\(e.state.entities[Int($0.0.target)].id):\(e.state.entities[Int($0.0.holder)].id)-\(e.state.entities[Int($0.1.holder)].id)" }
        // louise shifted from supports to opposes on alg: she is no longer in conflict with bruno there.
        #expect(pairs == ["dev:lev-louise", "dev:bruno-louise", "alg:lev-bruno", "alg:lev-louise"])
        let onlyBruno = Conflicts(e.state, about: id(e, "bruno")).pairs.count
        #expect(onlyBruno == 2)
    }

    @Test func shiftsAreChangesOfPositionInTimeOrder() throws {
        let e = try scene()
        let list = Shifts(e.state, about: nil).list.map { (e.state.stances[Int($0.from)], e.state.stances[Int($0.to)]) }
        #expect(list.map { "\(e.state.entities[Int($0.1.holder)].id) \($0.0.position.word)→\($0.1.position.word)" }
                == ["minusma mixed→opposes", "louise supports→opposes"])
        #expect(Shifts(e.state, about: id(e, "lev")).list.isEmpty)
    }

    @Test func agreementSplitsSameAndDifferent() throws {
        let e = try scene()
        let a = Agreement(id(e, "lev"), id(e, "bruno"), e.state)
        #expect(a.same.count == 1 && a.different.count == 1)
        let text = a.render(e.state, QueryOptions())
        #expect(text.contains("alg  lev supports, bruno opposes  (conflict)"))
    }

    @Test func congruenceAndConflictWeightsAsDNACountsThem() throws {
        let e = try scene()
        let (congruence, conflict) = Analysis.actorPairs(e.state)
        let lev = id(e, "lev"), bruno = id(e, "bruno"), louise = id(e, "louise")
        #expect(congruence[Analysis.key(lev, bruno)] == 1)   // both support dev
        #expect(congruence[Analysis.key(bruno, louise)] == 1) // both oppose alg
        #expect(conflict[Analysis.key(lev, louise)] == 2)     // dev and alg
        #expect(conflict[Analysis.key(lev, bruno)] == 1)
        #expect(conflict[Analysis.key(bruno, louise)] == 1)   // dev
    }

    @Test func removedStancesAndEntitiesDoNotCount() throws {
        let e = try scene()
        try run(e, "remove louise")
        #expect(Conflicts(e.state, about: nil).pairs.count == 1)
        #expect(!Matrix(e.state, tag: nil).text(e.state, width: 80).contains("louise"))
        try run(e, "remove s2")
        // minusma's mixed stance is gone: no shift left for it.
        #expect(Shifts(e.state, about: nil).list.isEmpty)
    }

    @Test func matrixByTagLeavesOutRemovedHoldersAndTargets() throws {
        let e = Engine()
        try run(e, """
        actor alpha "Alpha"; actor beta "Beta"; actor gamma "Gamma"
        concern ex "Ex"; concern why "Why"
        stance alpha + ex "one" #k
        stance beta - ex "two" #k
        stance gamma ~ why "three" #k
        stance alpha ! why #k
        """)
        func shown() -> (entries: Int, holders: [Int32], targets: [Int32]) {
            let m = Matrix(e.state, tag: "k")
            return (m.entries.count, m.holders().map(\.entity), m.targets().map(\.entity))
        }
        let beta = id(e, "beta"), ex = id(e, "ex")
        #expect(!e.state.hasRemovedEntities)
        #expect(shown().entries == 4)
        try run(e, "remove beta")
        #expect(e.state.hasRemovedEntities)
        #expect(shown().entries == 3)
        #expect(!shown().holders.contains(beta))
        try run(e, "remove why")
        #expect(shown().entries == 1)
        #expect(shown().targets == [ex])
        try run(e, "undo")
        try run(e, "undo")
        #expect(!e.state.hasRemovedEntities)
        #expect(shown().entries == 4)
    }

    @Test func matrixFitsEightyColumnsAndSaysWhatItLeftOut() throws {
        let e = Engine()
        var script = "@2018-04-25T10:00:00Z concern c0 \"Concern 0\"\n"
        for c in 1..<60 { script += "concern c\(c) \"Concern number \(c) with a rather long name to be cut\"\n" }
        for a in 0..<300 {
            script += "actor a\(a)-with-a-very-long-identifier-indeed \"Actor \(a)\"\n"
            for c in stride(from: a % 7, to: 60, by: 7) { script += "stance a\(a)-with-a-very-long-identifier-indeed \(["+", "-", "~", "=", "!"][(a + c) % 5]) c\(c)\n" }
        }
        try run(e, script)
        let text = Matrix(e.state, tag: nil).text(e.state, width: 80)
        for line in text.split(separator: "\n") { #expect(line.unicodeScalars.count <= 80, "\(line)") }
        #expect(text.contains("showing 50 of 300 holders"))
        #expect(text.contains("of 60 targets"))
        #expect(text.contains("+ supports  - opposes"))
        let json = Matrix.render(Matrix(e.state, tag: nil), e.state, QueryOptions(json: true, width: 80))
        #expect(json.contains("\"a299-with-a-very-long-identifier-indeed\""))
    }

    @Test func matrixShowsTheHoldersAndTargetsWithTheMostPositions() throws {
        // Concern cK is the target of K + 1 stances, from a0…aK: a0 holds 60, a59 one.
        let e = Engine()
        var script = ""
        for c in 0..<60 { script += "concern c\(c) \"C\(c)\"\n" }
        for a in 0..<60 { script += "actor a\(a) \"A\(a)\"\n" }
        for c in 0..<60 { for a in 0...c { script += "stance a\(a) + c\(c)\n" } }
        try run(e, script)
        // Labels are 3 wide (`a49`), so `width - 4` is left for cells of 4 (room for "60" and a
        // space either side); targets wrap into at most four blocks of columns.
        for (width, fit, blocks) in [(40, 36, 4), (80, 60, 4), (200, 60, 2)] {
            let text = Matrix(e.state, tag: nil).text(e.state, width: width)
            let lines = text.split(separator: "\n").map(String.init)
            // Every line fits: the grid, the legend, and the key and the note, which wrap.
            for line in lines { #expect(line.unicodeScalars.count <= width, "\(line)") }
            #expect(text.contains("\n+ supports  - opposes  ~ mixed\n= neutral  ! raises  . none\n") == (width == 40), "width \(width)")
            let note = try #require(lines.first { $0.hasPrefix("showing 50 of 60 holders and ") })
            let shown = try #require(Int(note.split(separator: " ")[6]))
            #expect(shown == fit, "width \(width)")
            let rows = lines.compactMap { $0.hasPrefix("a") ? $0.split(separator: " ").first.map(String.init) : nil }
            #expect(rows == Array(repeating: (0..<50).map { "a\($0)" }, count: blocks).flatMap { $0 }, "width \(width)")
            // The legend: the `shown` targets with the most stances, in entity order.
            let legend = lines.compactMap { line -> String? in
                let words = line.split(separator: " ")
                return words.count == 3 && Int(words[0]) != nil && words[1].hasPrefix("c") ? String(words[1]) : nil
            }
            #expect(legend == (60 - shown..<60).map { "c\($0)" }, "width \(width)")
        }
    }

    @Test("a key or a note fits the width: on one line, or broken between its pieces")
    func fitBreaksBetweenPieces() {
        #expect(TextTable.fit("a bb ccc", width: 8) == "a bb ccc\n")
        #expect(TextTable.fit("a bb ccc", width: 7) == "a bb\nccc\n")
        // Widths in Unicode scalars, not bytes: "élan" is 4 wide (5 bytes).
        #expect(TextTable.fit("élan élan", width: 9) == "élan élan\n")
        #expect(TextTable.fit("élan élan", width: 8) == "élan\nélan\n")
        #expect(TextTable.fit("élan élan x", width: 9) == "élan élan\nx\n")
        // A piece wider than the width stands alone on its line.
        #expect(TextTable.fit("abcdef gh ij", width: 5) == "abcdef\ngh ij\n")
        // The key's entries are two spaces apart, and break only there.
        #expect(TextTable.fit("+ up  - down  = flat", separator: "  ", width: 13) == "+ up  - down\n= flat\n")
    }

    @Test func matrixFiltersByTag() throws {
        let e = try scene()
        let text = try #require(try run(e, "matrix #panel").first)
        #expect(text.contains("lev") && text.contains("bruno") && !text.contains("minusma "))
    }

    @Test func timelineIncludesSpeakersInTimeOrder() throws {
        let e = try scene()
        let t = Timeline(e.state, about: id(e, "bruno"))
        let kinds = t.entries.map(\.kind)
        #expect(kinds.first == .entity && kinds.contains(.turn))
        let times = t.entries.map(\.at)
        #expect(times == times.sorted())
        let text = t.render(e.state, QueryOptions())
        #expect(text.contains("17:40  speaker  bruno"))
        #expect(text.contains("(by bruno)"))
    }

    @Test func reportReadsLikePanelNotes() throws {
        let e = try scene()
        let md = MarkdownReport(e.state).render()
        #expect(md.hasPrefix("# Panel\n"))
        #expect(md.contains("- **Place:** Ottawa"))
        #expect(md.contains("### Corey Levine\n\n*person · role: adviser · #panel*"))
        #expect(md.contains("Reported of others:\n\n- 17:34 — MINUSMA is mixed on **Protection of civilians**: “personnel first”"))
        #expect(md.contains("## Conflicts"))
        #expect(md.contains("- 17:52 — Louise Ouimet on **Algiers agreement**: supports (17:51) → opposes: “reassess it”"))
        #expect(md.contains("```text\n"))
        // Speakers come in the order they spoke; each section precedes the next.
        let lev = try #require(md.range(of: "### Corey Levine")), bruno = try #require(md.range(of: "### Bruno Charbonneau"))
        #expect(lev.lowerBound < bruno.lowerBound)
    }

    @Test func reportEscapesMarkdownAndControls() throws {
        let e = Engine()
        try run(e, "actor x \"A *bold* [link](y)\"\nconcern c \"C\"\nstance x + c \"line one\\nline two\"")
        let md = MarkdownReport(e.state).render()
        #expect(md.contains("A \\*bold\\* \\[link\\](y)"))
        #expect(md.contains("“line one line two”"))
    }
}

/// The matrix's counting and ranking against plain reference implementations, on lists
/// far larger than the goldens' (which fix the output format).
struct MatrixCountingTests {
    @Test(arguments: [0, 1, 2, 3])
    func countedAndTopAgreeWithAReference(seed: Int) {
        var rng = SplitMix(seed)
        // Few distinct entities (many repeats) or many (mostly single).
        let universe = [50, 5_000, 300_000, 2_100_000][seed]
        let entries = (0..<4_000).map { k in
            TaggedStance(stance: Int32(k), holder: Int32(rng.next() % UInt64(universe)), target: Int32(rng.next() % UInt64(max(1, universe / 40))))
        }
        for pick in [{ (x: TaggedStance) in x.holder }, { (x: TaggedStance) in x.target }] {
            var reference: [Int32: Int] = [:]
            for x in entries { reference[pick(x), default: 0] += 1 }
            let counted = Matrix.count(entries, universe: universe, pick)
            #expect(counted.map(\.entity) == reference.keys.sorted())
            #expect(counted.allSatisfy { reference[$0.entity] == $0.count })
            for limit in [0, 1, 18, 50, 4_000] {
                // Highest counts first, ties to the earlier entity; then back in entity order.
                let expected = counted.sorted { $0.count != $1.count ? $0.count > $1.count : $0.entity < $1.entity }
                    .prefix(limit).map(\.entity).sorted()
                #expect(Matrix.top(counted, limit) == expected, "limit \(limit)")
            }
        }
    }

    /// Every limit around the repeated entities, on a list with three of them among single ones.
    @Test func topAtEveryLimitAroundTheRepeatedEntities() {
        let list: [Int32] = [9, 5, 30, 7, 5, 1, 7, 9, 9, 3, 64, 0, 5]
        let counted = Matrix.count(list.map { TaggedStance(stance: 0, holder: $0, target: 0) }, universe: 65) { $0.holder }
        #expect(counted.count == 8)
        for limit in 0...counted.count + 1 {
            let expected = counted.sorted { $0.count != $1.count ? $0.count > $1.count : $0.entity < $1.entity }
                .prefix(limit).map(\.entity).sorted()
            #expect(Matrix.top(counted, limit) == expected, "limit \(limit)")
        }
        // 5 and 9 three times, 7 twice; then the earliest seen once: 0, 1, 3.
        #expect(Matrix.top(counted, 5) == [0, 1, 5, 7, 9])
    }
}

/// The pieces every table of a query is built from.
struct TableTests {
    /// A last cell wider than its room is cut after whole scalars and ends in "…"; the cells
    /// before it are padded to their column, counted in scalars, not bytes.
    @Test func aLongLastCellIsCutAfterWholeScalars() {
        let text = "réforme sécurité 👩🏽‍⚖️ accord " + String(repeating: "é", count: 80)
        var table = TextTable()
        table.add(["s1", "09:00", "żółć", text])
        table.add(["s22", "10:30", "ab", "short"])
        let lines = table.render(width: 60).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expected = "s1   09:00  żółć  " + String(text.unicodeScalars.prefix(60 - 18 - 1)) + "…"
        #expect(lines == [expected, "s22  10:30  ab    short", ""])
        #expect(TextTable.width(lines[0]) == 60)
    }

    /// `clock` agrees with the time of `rfc3339` at every offset, either side of midnight.
    @Test func clockIsTheLocalHourAndMinute() {
        for seconds in [0, 59, 3_599, 43_200, 86_399, 1_524_646_800, -1] as [Int64] {
            for offset in [0, 3_600, -3_600, 19_800, -34_200, 50_400] as [Int32] {
                let t = Timestamp(seconds: seconds, offset: offset)
                let rfc = Array(t.rfc3339.utf8)
                #expect(t.clock == String(decoding: rfc[11..<16], as: UTF8.self), "\(seconds) \(offset)")
            }
        }
    }
}

/// Disagreements seen: partial ones, actors opposing actors, the report's summary, stances in time order.
struct DisagreementTests {
    func council() throws -> Engine {
        let e = Engine()
        try run(e, """
        event "Security Council on Mali" date=2021-01-13 tz=-05:00 location="New York"
        actor gabon "Gabon"; actor kenya "Kenya"; actor ghana "Ghana"; actor russia "Russia"; actor china "China"
        concern peace "Peace agreement"; concern sanctions "Sanctions"; concern mission "Mission mandate"
        @10:00 note: open debate, 11 speakers
        @10:05 gabon,kenya,ghana + peace: welcome it
        @10:10 gabon,kenya,ghana - sanctions: no new sanctions
        @10:20 russia - peace: too early
        @10:21 russia + sanctions: needed
        @10:30 china ~ peace: some progress
        @10:31 china - russia: a rival's approach
        link kenya opposes russia
        """)
        return e
    }

    @Test func conflictsListPartialOnesAndActorsOpposingActors() throws {
        let e = try council()
        let out = try run(e, "conflicts").joined()
        #expect(out.contains("6 conflicts on 2 targets: supports against opposes"))
        #expect(out.contains("4 partial conflicts: supports or opposes against mixed"))
        #expect(out.contains("  peace   gabon   supports  china"))
        #expect(out.contains("  peace   russia  opposes   china"))
        #expect(out.contains("2 actors opposing an actor"))
        #expect(out.contains("  china  russia   s10"), "an opposes stance on an actor")
        #expect(out.contains("  kenya  russia   l1"), "an opposes link")
        let json = try run(e, "conflicts china").joined()
        #expect(!json.contains("gabon   russia"), "with REF: only those REF takes part in")
    }

    @Test func theReportOpensWithASummary() throws {
        let e = try council()
        let md = MarkdownReport(e.state).render()
        let summary = try #require(md.components(separatedBy: "## Summary\n\n").last?.components(separatedBy: "\n\n").first)
        #expect(summary.contains("**Security Council on Mali**, 2021-01-13, New York: 0 speakers, 10 stances on 3 targets."))
        #expect(summary.contains("**Notes:** open debate, 11 speakers"))
        #expect(summary.contains("**Most discussed:** Peace agreement (5 stances), Sanctions (4 stances)"))
        #expect(summary.contains("**Camps:** Gabon, Kenya and Ghana (support Peace agreement, oppose Sanctions)"))
        #expect(summary.contains("**Sharpest conflicts:** Gabon and Russia, opposed on **Peace agreement** and **Sanctions**"))
        #expect(md.contains("- **Peace agreement**, partly — Gabon (for), Kenya (for), Ghana (for), Russia (against); mixed: China"))
        #expect(md.contains("- China opposes **Russia**"))
    }

    @Test func stancesAreListedInTimeOrder() throws {
        let e = try council()
        try run(e, "@10:01 gabon ! mission: backfilled")
        let out = try run(e, "list stances").joined()
        let ids = out.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(ids.prefix(2) == ["s11", "s1"], "\(out)")
    }

    @Test func aListFilterWithoutAValueIsAnError() throws {
        let e = try council()
        for script in ["list actors kind=", "list stances holder=", "list links relation=\"\""] {
            let d = try #require(failure(e, script), "\(script)")
            #expect(d.message.contains("needs a value"), "\(d.message)")
            // At the key: after the last space.
            let keyColumn = Array(script.utf8).lastIndex(of: 32)! + 2
            #expect(d.start.column == keyColumn, "\(script): column \(d.start.column)")
        }
    }
}
