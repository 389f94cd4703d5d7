import Testing
@testable import StanceKit

struct ReferenceTests {
    func resolve(_ e: Engine, _ text: String, _ kind: RefKind = .any) throws -> String {
        let i = try e.state.resolve(Ref(text, 0..<text.utf8.count), kind)
        return e.state.entities[Int(i)].id
    }

    @Test func exactIdFirst() throws {
        let e = try panel()
        #expect(try resolve(e, "dev") == "dev")
        #expect(try resolve(e, "minusma") == "minusma")
    }

    @Test func exactNameIgnoringCase() throws {
        let e = try panel()
        try run(e, #"actor g5 "G5Sahel" kind=org"#)
        #expect(try resolve(e, "g5sahel") == "g5")
        #expect(try resolve(e, "G5SAHEL") == "g5")
        try run(e, #"concern development "Dev""#)
        #expect(try resolve(e, "dev") == "dev", "an exact id beats a name")
        #expect(try resolve(e, "DEV") == "development", "'DEV' is no id; it is the name 'Dev' ignoring case")
    }

    @Test func uniquePrefixOfIdOrNameWordIgnoringAccents() throws {
        let e = try panel()
        #expect(try resolve(e, "lev") == "corey-levine")
        #expect(try resolve(e, "univ") == "universite-laurentienne")
        #expect(try resolve(e, "Laur") == "universite-laurentienne")
        #expect(try resolve(e, "élec") == "elections")
        #expect(try resolve(e, "charb") == "bruno-charbonneau")
    }

    @Test func aUniqueIdPrefixBeatsNameWordPrefixes() throws {
        let e = try panel()
        try run(e, #"actor g5-sahel "G5 Sahel Force" kind=org"# + "\n" + #"concern algeria-in-g5 "Algeria in the G5 task force""#)
        #expect(try resolve(e, "g5") == "g5-sahel")
        #expect(try resolve(e, "algeria") == "algeria-in-g5")
    }

    @Test func ambiguityListsTheCandidates() throws {
        let e = try panel()
        #expect { try resolve(e, "c") } throws: { err in
            let m = (err as! SyntaxError).message
            return m.contains("ambiguous") && m.contains("corey-levine") && m.contains("civ")
        }
    }

    @Test func kindFiltersCandidates() throws {
        let e = try panel()
        // 'c' names an actor (corey) and concerns (civ); as a holder only actors count.
        #expect(try resolve(e, "co", .actor) == "corey-levine")
        #expect(try resolve(e, "dev", .concern) == "dev")
        #expect(throws: SyntaxError.self, "a concern is no holder") { try resolve(e, "dev", .actor) }
    }

    @Test func missNamesTheNearestIds() throws {
        let e = try panel()
        #expect { try resolve(e, "minusam") } throws: { err in
            let m = (err as! SyntaxError).message
            return m.contains("no actor or concern matches 'minusam'") && m.contains("nearest: minusma")
        }
    }

    @Test func journalModeTakesExactIdsOnly() throws {
        let e = try panel()
        #expect(throws: SyntaxError.self) { try e.state.resolve(Ref("lev", 0..<3), .any, exactOnly: true) }
    }

    @Test func prefixIndexFollowsRenamesAndRemovals() throws {
        let e = try panel()
        #expect(try resolve(e, "lev") == "corey-levine")
        try run(e, "rename corey-levine cl")
        #expect(try resolve(e, "cl") == "cl")
        #expect(try resolve(e, "lev") == "cl", "the name word still finds it")
        try run(e, "remove cl")
        #expect(throws: SyntaxError.self) { try resolve(e, "lev") }
        try run(e, "undo")
        #expect(try resolve(e, "lev") == "cl")
    }
}
