import Testing
@testable import StanceKit

struct ParserTests {
    @Test func signShorthandWithoutHolderUsesText() throws {
        let st = try parse("+ dev argued for sustained spending")
        guard case .stance(let h, let p, let t, let text, let by, _) = st[0].command else { Issue.record("not a stance"); return }
        #expect(h == nil && p.value == .supports && t.value == "dev" && by == nil)
        #expect(text?.value == "argued for sustained spending")
    }

    @Test func holderShorthandWithColonText() throws {
        let st = try parse("lev ! ethnic: TAGs and CAGs fuel ethnic tensions; badly")
        guard case .stance(let h, let p, let t, let text, _, _) = st[0].command else { Issue.record("not a stance"); return }
        #expect(h?.value == "lev" && p.value == .raises && t.value == "ethnic")
        #expect(text?.value == "TAGs and CAGs fuel ethnic tensions; badly", "the colon text runs to the end of the line")
    }

    @Test func fullStanceWithByAndTags() throws {
        let st = try parse(#"stance minusma opposes civ "not equipped" by=lev #qa"#)
        guard case .stance(let h, let p, _, let text, let by, let tags) = st[0].command else { Issue.record("not a stance"); return }
        #expect(h?.value == "minusma" && p.value == .opposes && text?.value == "not equipped" && by?.value == "lev")
        #expect(tags.map(\.value) == ["qa"])
    }

    @Test func positionWordsAndPrefixes() throws {
        for (w, p) in [("supports", Position.supports), ("opp", .opposes), ("mixed", .mixed), ("=", .neutral), ("rai", .raises)] {
            let st = try parse("stance a \(w) b")
            guard case .stance(_, let pos, _, _, _, _) = st[0].command else { Issue.record("not a stance"); return }
            #expect(pos.value == p)
        }
    }

    @Test func semicolonsSeparateCommands() throws {
        let st = try parse(#"concern dev "Development"; concern civ "Civilians" ;; note "x""#)
        #expect(st.map(\.command.word) == ["concern", "concern", "note"])
    }

    @Test func timesAbsoluteAndClock() throws {
        let st = try parse("@2018-04-25T17:42:10-04:00 note: a; @17:43 note: b")
        guard case .absolute(let t)? = st[0].time?.value else { Issue.record("no absolute time"); return }
        #expect(t.rfc3339 == "2018-04-25T17:42:10-04:00")
        #expect(st.count == 1, "the colon text swallowed the rest of the line, ';' included")
        let clock = try parse("@17:43:05 note \"b\"")
        guard case .clock(let h, let m, let s)? = clock[0].time?.value else { Issue.record("no clock time"); return }
        #expect(h == 17 && m == 43 && s == 5)
    }

    @Test func timeWithoutOffsetIsRefused() throws {
        #expect { _ = try parse("@2018-04-25T17:42:10 note \"x\"") } throws: { e in
            (e as! SyntaxError).message.contains("no UTC offset")
        }
    }

    @Test func actorNameForms() throws {
        guard case .actor(let id, let name, _, _) = try parse(#"actor "Corey Levine" kind=person"#)[0].command else { return }
        #expect(id == nil && name.value == "Corey Levine")
        guard case .actor(let id2, let name2, _, _) = try parse(#"actor lev "Corey Levine""#)[0].command else { return }
        #expect(id2?.value == "lev" && name2.value == "Corey Levine")
        guard case .actor(let id3, let name3, _, _) = try parse("actor Barkhane kind=org")[0].command else { return }
        #expect(id3 == nil && name3.value == "Barkhane")
    }

    @Test func commandPrefixes() throws {
        #expect(try parse("conc x \"X\"")[0].command.word == "concern")
        #expect(throws: SyntaxError.self, "sh is ambiguous: show, shifts") { _ = try parse("sh lev") }
    }

    @Test func unknownCommandPointsAtTheWord() throws {
        #expect { _ = try parse("frobnicate x") } throws: { e in
            let e = e as! SyntaxError
            return e.range == 0..<10 && e.message.contains("unknown command")
        }
    }

    @Test func errorsCarryRangesInsideTheLine() throws {
        let inputs = ["stance", "stance lev", "stance lev + ", "link a b", "note", "speaker", "undo X!", "who + ", "list foo",
                      "export xml", "actor", "set lev", "tag lev", "rename lev", "@99:99 note \"x\"", "+"]
        for s in inputs {
            do throws(SyntaxError) {
                _ = try Parser.parse(Array(s.utf8))
                Issue.record("'\(s)' parsed")
            } catch {
                #expect(error.range.lowerBound >= 0 && error.range.lowerBound <= s.utf8.count, "\(s): \(error.range)")
            }
        }
    }
}

/// A time is read in place at the start of a command; a bad one before a `;`, or a date alone
/// before a command, is an error at the time.
@Test("a bad time, or a date before a command, is an error at the time", arguments: ["@2018-04;x", "@2018-04-25 + x", "@25:00"])
func timeWithoutCommand(line: String) {
    #expect(throws: SyntaxError.self) { try Parser.parse(Array(line.utf8)) }
    do { _ = try Parser.parse(Array(line.utf8)) } catch { #expect(error.range.lowerBound == 0, "\(line): \(error.message)") }
}

@Test("a time or a date alone is a statement of its own", arguments: ["@17:00", "@2018-04-25", "@17:00;"])
func timeAlone(line: String) throws {
    let sts = try Parser.parse(Array(line.utf8))
    #expect(sts.count == 1)
    if case .clock = sts[0].command {} else { Issue.record("\(line): \(sts[0].command)") }
}

@Test("a prefix of several command words is an ambiguity that lists them")
func ambiguousCommandPrefix() {
    do { _ = try Parser.parse(Array("sh lev".utf8)); Issue.record("parsed") } catch {
        #expect(error.message.contains("ambiguous: show, shifts"))
        #expect(error.range == 0..<2)
    }
}
