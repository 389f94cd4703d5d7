import Testing
@testable import StanceKit

/// Fractions of a second are kept (and order stances); a second of 60 is refused.
struct TimeTests {
    @Test func fractionalSecondsAreKeptAndWrittenBack() throws {
        let t = try #require(Timestamp.parse("2018-04-25T17:42:10.5-04:00"))
        #expect(t.nanoseconds == 500_000_000)
        #expect(t.rfc3339 == "2018-04-25T17:42:10.5-04:00")
        #expect(Timestamp.parse("2018-04-25T17:42:10.123456789123Z")?.rfc3339 == "2018-04-25T17:42:10.123456789+00:00")
        #expect(Timestamp.parse("2018-04-25T17:42:10Z")?.rfc3339 == "2018-04-25T17:42:10+00:00")
        #expect(Timestamp.parse("2018-04-25T17:42:10.Z") == nil)
        #expect(Timestamp.parse("2018-04-25T17:42:10.1Z")! < Timestamp.parse("2018-04-25T17:42:10.9Z")!)
    }

    @Test func theLaterFractionIsTheCurrentStanceAndTheJournalKeepsIt() throws {
        let e = Engine()
        try run(e, """
        actor a "A"; concern c "C"
        @2018-04-25T17:42:10.9-04:00 a + c
        @2018-04-25T17:42:10.1-04:00 a - c
        """)
        // s2 was said earlier (a backfill): s1, at :10.9, stays current.
        #expect(e.state.isCurrent(0))
        #expect(!e.state.isCurrent(1))
        #expect(e.sessionLog.contains { $0.hasPrefix("@2018-04-25T17:42:10.9-04:00 stance a supports c") })
        // Replayed from those journal lines, the same.
        let r = Engine()
        for line in e.sessionLog {
            for st in try parse(line) { _ = try r.execute(st, mode: .journal) }
        }
        #expect(r.state.isCurrent(0) && !r.state.isCurrent(1))
    }

    @Test func aSecondOf60IsRefused() throws {
        #expect(Timestamp.parse("2018-04-25T17:42:60-04:00") == nil)
        let e = Engine()
        for line in ["@2018-04-25T17:42:60-04:00 actor a \"A\"", "@17:42:60 actor a \"A\""] {
            let d = failure(e, line)
            #expect(d?.message.contains("a second is 00 to 59") == true, "\(line): \(d?.message ?? "accepted")")
        }
        #expect(e.state.entities.isEmpty)
    }
}
