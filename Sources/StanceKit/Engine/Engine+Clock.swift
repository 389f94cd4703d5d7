/// The session clock of typed and scripted input. A journal holds absolute times, so none of this
/// is journaled or replayed: it only decides the time a typed line is recorded at.
public struct SessionClock: Sendable {
    /// The day a date-only `@DATE` line set, instead of the event's `date=`.
    var day: (year: Int, month: Int, day: Int)?
    /// The latest time given on the session's day, and the wall time (seconds) it was given at.
    var given: Timestamp?
    var givenAtWall: Int64 = 0
    /// One warning a session for each kind of odd time.
    var warnedFar = false
    var warnedFuture = false
}

extension Engine {
    /// The session's day and offset: the day an `@DATE` line set, else the event's `date=`, else
    /// today; the offset of the event's `tz=`, else of the event line's own time, else the local
    /// offset on that day.
    public var sessionDay: (year: Int, month: Int, day: Int, offset: Int) {
        let ev = state.event
        var ymd: (year: Int, month: Int, day: Int)
        if let d = clock.day {
            ymd = d
        } else if let s = ev.attribute("date"), let t = Timestamp.parse(s + "T12:00:00Z") {
            let c = t.civil
            ymd = (c.year, c.month, c.day)
        } else {
            let c = Timestamp.now().civil
            ymd = (c.year, c.month, c.day)
        }
        if let tz = ev.attribute("tz"), let off = Engine.offset(tz) { return (ymd.year, ymd.month, ymd.day, off) }
        if let off = ev.offset { return (ymd.year, ymd.month, ymd.day, Int(off)) }
        let noon = Timestamp.daysFromCivil(ymd.year, ymd.month, ymd.day) * 86_400 + 43_200
        return (ymd.year, ymd.month, ymd.day, Int(Timestamp.localOffset(at: noon)))
    }

    /// `±HH:MM`, `Z` or `UTC`, as seconds east of UTC.
    static func offset(_ s: String) -> Int? {
        if s == "Z" || s == "UTC" || s == "z" { return 0 }
        return Timestamp.parse("2000-01-01T00:00:00" + s).map { Int($0.offset) }
    }

    /// The session clock now: the latest time given on the session's day plus the wall time
    /// since; nil while no time was given (the wall clock then stands).
    public var clockNow: Timestamp? {
        guard let g = clock.given else { return nil }
        let elapsed = max(0, Timestamp.now().seconds - clock.givenAtWall)
        return Timestamp(seconds: g.seconds + elapsed, offset: g.offset)
    }

    /// The time a line without `@` is recorded at: the session clock, else the wall clock.
    public var currentTime: Timestamp { clockNow ?? Timestamp.now() }

    /// The time of a command: as given, `@HH:MM` on the session's day (the next day when more
    /// than twelve hours before the clock), or the session clock.
    public func resolveTime(_ spec: Syntax<TimeSpec>?) throws(SyntaxError) -> Timestamp {
        guard let spec else { return currentTime }
        switch spec.value {
        case .absolute(let t):
            return t
        case .date:
            throw SyntaxError("a date alone changes the session's day; give a time before a command", spec.range)
        case .clock(let h, let m, let s):
            let d = sessionDay
            guard var t = Timestamp.from(year: d.year, month: d.month, day: d.day, hour: h, minute: m, second: s,
                                         offset: d.offset) else {
                throw SyntaxError("that time does not exist", spec.range)
            }
            // A session past midnight: a short time far before the clock is on a later day.
            if let now = clockNow {
                while t.seconds < now.seconds - 12 * 3600 { t.seconds += 86_400 }
            }
            return t
        }
    }

    /// After a typed command given at `t`: moves the clock when `t` is on the session's day (or
    /// within twelve hours after the clock) and not earlier than it; warns, once a session, of a
    /// time far from the session's day or in the future.
    func noteTime(_ spec: Syntax<TimeSpec>?, _ t: Timestamp) {
        guard let spec else { return }
        let d = sessionDay
        let dayStart = Timestamp.daysFromCivil(d.year, d.month, d.day) * 86_400 - Int64(d.offset)
        if let now = clockNow {
            let short: Bool
            if case .clock = spec.value { short = true } else { short = false }
            let sameDay = t.seconds >= dayStart && t.seconds < dayStart + 86_400
            if t.seconds >= now.seconds && (short || sameDay || t.seconds <= now.seconds + 12 * 3600) { setClock(t) }
        } else if t.seconds >= dayStart && t.seconds < dayStart + 86_400 {
            setClock(t)
        }
        if !clock.warnedFar && (t.seconds < dayStart - 86_400 || t.seconds >= dayStart + 2 * 86_400) {
            clock.warnedFar = true
            warnings.append(SyntaxError("\(t.date) is more than a day from the session's day, \(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2)): recorded as given (this is said once a session)", spec.range))
        }
        if !clock.warnedFuture && t.seconds > Timestamp.wallNow().seconds + 60 {
            clock.warnedFuture = true
            warnings.append(SyntaxError("\(t.rfc3339) is in the future: recorded as given (this is said once a session)", spec.range))
        }
    }

    func setClock(_ t: Timestamp) {
        clock.given = t
        clock.givenAtWall = Timestamp.now().seconds
    }

    /// A time alone: `@HH:MM` sets the clock, `@DATE` the session's day; nothing is recorded.
    func setClock(_ spec: Syntax<TimeSpec>) throws(SyntaxError) -> Outcome {
        if case .date(let y, let m, let d) = spec.value {
            clock.day = (y, m, d)
            clock.given = nil
            return .output("day: \(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))\n")
        }
        let t = try resolveTime(spec)
        noteTime(spec, t)
        setClock(t)
        return .nothing
    }
}
