import Testing
@testable import StanceKit

struct CompleterTests {
    func completer(_ e: Engine, files: [(String, Bool)] = []) -> Completer {
        Completer(state: e.state, listDirectory: { dir in
            dir == "." ? files.map { (name: $0.0, isDirectory: $0.1) }
                : dir == "journals/" ? [(name: "day1.stance", isDirectory: false)] : []
        })
    }

    @Test func commandWordsFirst() throws {
        let c = completer(try panel())
        #expect(c.complete("sho").insertion == "show ")
        #expect(c.complete("sho").replacing == "sho")
        let s = c.complete("s")
        #expect(s.candidates.prefix(4) == ["stance", "speaker", "set", "show"])
        #expect(s.insertion == nil)
        #expect(c.complete("").candidates.count == Vocabulary.commands.count)
        #expect(c.complete("un").candidates == ["unset", "untag", "undo"])
        #expect(c.complete("un").insertion == nil)
        #expect(c.complete("unt").insertion == "untag ")
    }

    @Test func aPrefixOfANamesWordCompletesToTheId() throws {
        let c = completer(try panel())
        #expect(c.complete("show lev").insertion == "corey-levine ")
        #expect(c.complete("show lev").replacing == "lev")
        #expect(c.complete("show Univ").insertion == "universite-laurentienne ")
        #expect(c.complete("show univ").insertion == "universite-laurentienne ")
        #expect(c.complete("show co").insertion == "corey-levine ")
        let b = c.complete("show b")
        #expect(b.candidates == ["bruno-charbonneau"])
    }

    @Test func severalIdsAreListedAndTheirCommonPrefixInserted() throws {
        let e = try panel()
        try run(e, "concern elections-2018 \"Elections in 2018\"")
        let c = completer(e)
        let r = c.complete("show elec")
        #expect(r.candidates == ["elections", "elections-2018"])
        #expect(r.insertion == "elections")
        #expect(c.complete("show elections").insertion == "elections ", "an exact id is what Enter resolves")
        #expect(c.complete("show elections").candidates == ["elections"])
    }

    @Test func aJointStatementsHoldersCompleteOneByOne() throws {
        let c = completer(try panel())
        #expect(c.complete("bruno-charbonneau,lev").insertion == "corey-levine ")
        #expect(c.complete("bruno-charbonneau,lev").replacing == "lev")
        #expect(c.complete("stance lev,bru").insertion == "bruno-charbonneau ")
        #expect(c.complete("lev,d").candidates.isEmpty, "a holder is an actor")
        #expect(c.complete("set s1 pos").insertion == "position=")
    }

    /// Tab completes exactly what Enter resolves: a unique id prefix completes (with its space)
    /// though a name word shares the prefix; candidates only where Enter reports an ambiguity.
    @Test func tabAgreesWithEnter() throws {
        let e = Engine()
        try run(e, """
        concern transition "Political transition"
        concern will "Transition political will"
        concern transport "Transport"
        actor "Tunisia"; actor "Tunisia (observer)"
        """)
        let c = completer(e)
        #expect(c.complete("show tra").candidates == ["transition", "transport"])
        #expect(failure(e, "show tra")?.message.contains("ambiguous") == true)
        #expect(c.complete("show trans").candidates == ["transition", "transport"])
        #expect(c.complete("show transi").insertion == "transition ", "an id prefix wins over the word of 'will'")
        #expect(failure(e, "show transi") == nil)
        #expect(c.complete("show transition").insertion == "transition ")
        #expect(c.complete("show transition").candidates == ["transition"])
        #expect(c.complete("show pol").candidates == ["transition", "will"], "two name words: ambiguous, listed")
        #expect(c.complete("show Tunisia").insertion == "tunisia ", "an exact name")
        for typed in ["tra", "trans", "transi", "transition", "pol", "tun", "tunisia", "wil", "obs"] {
            let tab = c.complete("show " + typed)
            let enter = failure(e, "show " + typed)
            if tab.candidates.count == 1 { #expect(enter == nil, "\(typed): Tab completes, Enter must resolve") }
            if tab.candidates.count > 1 { #expect(enter?.message.contains("ambiguous") == true, "\(typed)") }
        }
    }

    @Test func holdersPositionsAndTargets() throws {
        let c = completer(try panel())
        #expect(c.complete("stance br").insertion == "bruno-charbonneau ")
        #expect(c.complete("stance bruno-charbonneau sup").insertion == "supports ")
        #expect(c.complete("stance bruno-charbonneau ").candidates == ["supports", "opposes", "mixed", "neutral", "raises", "+", "-", "~", "=", "!"])
        #expect(c.complete("stance bruno-charbonneau + de").insertion == "dev ")
        #expect(c.complete("stance lev + dev b").insertion == "by=")
        #expect(c.complete("stance lev + dev by=br").insertion == "bruno-charbonneau ")
        #expect(c.complete("stance lev + dev by=br").replacing == "br")
        // The holder is an actor: concerns are not offered.
        #expect(c.complete("stance d").candidates.isEmpty)
        // Shorthands.
        #expect(c.complete("+ de").insertion == "dev ")
        #expect(c.complete("lev ").candidates == ["+", "-", "~", "=", "!"])
        #expect(c.complete("lev + el").insertion == "elections ")
        #expect(c.complete("lev + dev some te").candidates.isEmpty)
        #expect(c.complete("stance lev + dev: argued fo").candidates.isEmpty)
        #expect(c.complete("who op").insertion == "opposes ")
        #expect(c.complete("who + ci").insertion == "civ ")
    }

    @Test func relationsKeysAndValues() throws {
        let e = try panel()
        try run(e, "set minusma mandate=\"Chapter VII\"\nlink minusma funds dev")
        let c = completer(e)
        #expect(c.complete("link minusma pa").insertion == "part-of ")
        #expect(c.complete("link minusma part-of un").candidates.contains("universite-laurentienne"))
        #expect(c.complete("set minusma ").candidates.prefix(4) == ["mandate=", "name=", "kind=", "parent="])
        #expect(c.complete("set minusma k").insertion == "kind=")
        #expect(c.complete("set minusma kind=o").insertion == "org ")
        #expect(c.complete("set dev parent=ci").insertion == "civ ")
        #expect(c.complete("set dev parent=lev").candidates.isEmpty)
        #expect(c.complete("unset minusma ").candidates == ["mandate", "kind"])
        #expect(c.complete("actor x \"X\" k").insertion == "kind=")
        #expect(c.complete("actor x \"X\" m").insertion == "mandate=")
        #expect(c.complete("concern x \"X\" par").insertion == "parent=")
        #expect(c.complete("event \"T\" lo").insertion == "location=")
        #expect(c.complete("untag corey-levine #").candidates == ["#panel"])
        #expect(c.complete("matrix #p").insertion == "#panel ")
    }

    @Test func listsExportsHelpAndSpeaker() throws {
        let c = completer(try panel())
        #expect(c.complete("list ac").insertion == "actors ")
        #expect(c.complete("export gr").insertion == "graphml ")
        #expect(c.complete("export graphml net").insertion == "networks=")
        #expect(c.complete("export graphml networks=con").candidates == ["congruence", "conflict"])
        #expect(c.complete("export graphml qualifierAggregation=sub").insertion == "subtract ")
        #expect(c.complete("export dna qu").insertion == "qualifier=")
        #expect(c.complete("export graphml norm").insertion == "normalization=")
        #expect(c.complete("help spe").insertion == "speaker ")
        #expect(c.complete("speaker ").candidates.first == "-")
        #expect(c.complete("speaker ").candidates.contains("corey-levine"))
        #expect(!c.complete("speaker ").candidates.contains("dev"))
        #expect(c.complete("speaker cor").insertion == "corey-levine ")
    }

    @Test func filePaths() throws {
        let c = completer(try panel(), files: [("panel.stance", false), ("journals", true), ("my notes.stance", false), (".hidden", false)])
        #expect(c.complete("include \"pa").insertion == "panel.stance\" ")
        #expect(c.complete("include pa").insertion == "panel.stance ")
        #expect(c.complete("include jo").insertion == "journals/")
        #expect(c.complete("include journals/d").insertion == "journals/day1.stance ")
        #expect(c.complete("include my").insertion == "\"my notes.stance\" ")
        #expect(c.complete("include ").candidates == ["journals/", "my notes.stance", "panel.stance"])
        #expect(c.complete("export json pa").insertion == "panel.stance ")
        #expect(c.complete("export json panel.json pa").candidates.isEmpty)
        #expect(c.complete("note \"pa").candidates.isEmpty)
    }

    @Test func theCommandAfterTheLastSemicolonAndTheTime() throws {
        let c = completer(try panel())
        #expect(c.complete("speaker lev; sho").insertion == "show ")
        #expect(c.complete("@17:42 sho").insertion == "show ")
        #expect(c.complete("@17:42 lev + de").insertion == "dev ")
        #expect(c.complete("note \"a; sho").candidates.isEmpty)
        #expect(c.complete("show lev # a comment sho").candidates.isEmpty)
        #expect(c.complete("stance lev \\\n+ de").insertion == "dev ")
    }

    @Test func removedEntitiesAreNotOffered() throws {
        let e = try panel()
        try run(e, "remove elections")
        #expect(completer(e).complete("show ele").candidates.isEmpty)
    }

    @Test func staysInstantWithAHundredThousandEntities() throws {
        let e = Engine()
        var script = ""
        for i in 0..<100_000 { script += "actor a\(i) \"Person Number\(i) Smith\"\n" }
        try run(e, script)
        let c = completer(e)
        let clock = ContinuousClock()
        // The reference index is built once (the REPL does it while nobody types), then kept up to date.
        let first = clock.measure { c.prepare() }
        var r = Completion()
        let later = clock.measure { for _ in 0..<100 { r = c.complete("show smi") } }
        #expect(r.truncated)
        #expect(r.candidates.count == c.limit)
        let empty = clock.measure { for _ in 0..<100 { _ = c.complete("show ") } }
        let keys = clock.measure { for _ in 0..<10 { _ = c.complete("set a1 ") } }
        #expect(first < .seconds(60))
        #expect(later / 100 < .milliseconds(20))
        #expect(empty / 100 < .milliseconds(20))
        #expect(keys / 10 < .milliseconds(100))
        print("completion at 100k entities: index \(first), then \(later / 100), empty prefix \(empty / 100), keys \(keys / 10)")
    }
}
