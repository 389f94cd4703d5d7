import Testing
@testable import StanceKit

/// The session's day and clock: what time a typed line is recorded at.
struct ClockTests {
    /// The time of stance `n` (1-based), as RFC 3339.
    func at(_ e: Engine, _ n: Int) -> String { e.state.stances[n - 1].at.rfc3339 }

    func unsc() throws -> Engine {
        let e = Engine()
        try run(e, """
        event "Security Council" date=2021-01-13 tz=-05:00
        actor tunisia "Tunisia"
        concern transition "Transition"
        speaker tunisia
        """)
        return e
    }

    @Test func aShortTimeIsOnTheEventsDayWithItsOffset() throws {
        let e = try unsc()
        try run(e, "@10:10 + tra: x")
        #expect(at(e, 1) == "2021-01-13T10:10:00-05:00")
    }

    @Test func theEventLinesOwnOffsetGivesTheDaysOffset() throws {
        let e = Engine()
        try run(e, "@2021-01-13T09:00:00+03:00 event \"Talks\" date=2021-01-13\nactor a \"A\"\n@10:00 concern b \"B\"")
        #expect(e.state.entities[1].created.rfc3339 == "2021-01-13T10:00:00+03:00")
    }

    @Test func aRecalledTimeOnAnotherDayDoesNotMoveTheClock() throws {
        let e = try unsc()
        try run(e, """
        @10:40 + tra: first
        @2020-06-01T10:00:00-05:00 + tra: recalled last summer
        @10:54 + tra: later
        + tra: on the clock
        """)
        #expect(at(e, 2) == "2020-06-01T10:00:00-05:00")
        #expect(at(e, 3) == "2021-01-13T10:54:00-05:00", "not moved to 2020")
        #expect(at(e, 4) == "2021-01-13T10:54:00-05:00", "a line without @ is on the clock")
    }

    @Test func aBackfillDoesNotMoveTheClock() throws {
        let e = try unsc()
        try run(e, "@10:54 + tra: a\n@10:05 - tra: said earlier\n= tra: now")
        #expect(at(e, 2) == "2021-01-13T10:05:00-05:00")
        #expect(at(e, 3) == "2021-01-13T10:54:00-05:00")
    }

    @Test func aBareTimeSetsTheClockAndRecordsNothing() throws {
        let e = try unsc()
        let before = e.state.stances.count
        let out = try run(e, "@10:54")
        #expect(out.isEmpty && e.state.stances.count == before)
        try run(e, "+ tra: x")
        #expect(at(e, 1) == "2021-01-13T10:54:00-05:00")
        try run(e, "undo")
        #expect(e.sessionLog.last?.hasPrefix("@2021-01-13T10:54:00-05:00 undo") == true, "undo is on the clock too")
    }

    @Test func aDateAloneChangesTheDay() throws {
        let e = try unsc()
        let out = try run(e, "@10:00 + tra: day one\n@2021-01-14\n@09:00 - tra: day two")
        #expect(out.contains("day: 2021-01-14\n"))
        #expect(at(e, 2) == "2021-01-14T09:00:00-05:00")
        #expect(failure(e, "@2021-01-15 + tra: x")?.message.contains("a date alone") == true)
    }

    @Test func aShortTimeFarBeforeTheClockIsOnTheNextDay() throws {
        let e = try unsc()
        try run(e, "@23:50 + tra: late\n@00:10 - tra: past midnight\n@00:20 ~ tra: still")
        #expect(at(e, 2) == "2021-01-14T00:10:00-05:00")
        #expect(at(e, 3) == "2021-01-14T00:20:00-05:00")
    }

    @Test func oddTimesWarnOnceASession() throws {
        let e = try unsc()
        try run(e, "@2019-01-01T10:00:00-05:00 + tra: far")
        #expect(e.warnings.count == 1 && e.warnings[0].message.contains("more than a day"))
        try run(e, "@2019-02-01T10:00:00-05:00 + tra: far again")
        #expect(e.warnings.isEmpty, "once a session")
        try run(e, "@2999-01-01T10:00:00-05:00 + tra: future")
        #expect(e.warnings.contains { $0.message.contains("in the future") })
        try run(e, "@10:00 + tra: fine")
        #expect(e.warnings.isEmpty)
    }

    @Test func aJournalNeverMovesTheClock() throws {
        let e = Engine()
        let journal = """
        # stance journal 1
        @2021-01-13T10:00:00-05:00 begin version=test
        @2021-01-13T10:00:00-05:00 event "UNSC" date=2021-01-13
        @2021-01-13T11:00:00-05:00 actor a "A"
        @2021-01-13T11:00:00-05:00 end

        """
        _ = try JournalReader(source: "j", bytes: Array(journal.utf8)).replay(into: e, base: ".")
        #expect(e.clockNow == nil, "a reopened journal keeps the wall clock until a time is given")
        try run(e, "@10:10 concern b \"B\"")
        #expect(e.state.entities[1].created.rfc3339 == "2021-01-13T10:10:00-05:00", "on the event's day and offset")
    }

    @Test func aTimeAloneIsNoJournalLine() throws {
        let e = Engine()
        let journal = "# stance journal 1\n@10:54\n"
        #expect(throws: JournalReader.Damage.self) {
            _ = try JournalReader(source: "j", bytes: Array(journal.utf8)).replay(into: e, base: ".")
        }
    }
}
