#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An instant with the UTC offset it was given in, written as RFC 3339 (`2018-04-25T17:42:10-04:00`,
/// `17:42:10.5` with a fraction of a second). Ordered by instant, fractions included.
public struct Timestamp: Hashable, Comparable, Sendable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// Seconds east of UTC.
    public var offset: Int32
    /// The fraction of the second, in nanoseconds (0 to 999 999 999).
    public var nanoseconds: Int32 = 0

    public init(seconds: Int64, offset: Int32, nanoseconds: Int32 = 0) {
        self.seconds = seconds
        self.offset = offset
        self.nanoseconds = nanoseconds
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        a.seconds < b.seconds || a.seconds == b.seconds && a.nanoseconds < b.nanoseconds
    }

    /// The local civil date and time of this instant in its own offset.
    public var civil: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let (days, rem) = localDayAndSecond
        let (y, m, d) = Timestamp.civilFromDays(days)
        return (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
    }

    /// The local day (days since 1970-01-01) and the second of that day.
    private var localDayAndSecond: (day: Int64, second: Int) {
        let local = seconds + Int64(offset)
        var days = local / 86_400
        var rem = local % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        return (days, Int(rem))
    }

    /// `YYYY-MM-DD`.
    public var date: String {
        let c = civil
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    /// `HH:MM`.
    public var clock: String {
        // Five ASCII bytes, a small string, without the date (once a row of `show`).
        let rem = localDayAndSecond.second
        let h = rem / 3600, m = rem % 3600 / 60
        let digit = { (v: Int) in UInt8(ascii: "0") + UInt8(v) }
        return String(decoding: [digit(h / 10), digit(h % 10), UInt8(ascii: ":"), digit(m / 10), digit(m % 10)], as: UTF8.self)
    }

    public var rfc3339: String {
        let c = civil
        var s = "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T"
        s += "\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))"
        if nanoseconds > 0 {
            var f = pad(Int(nanoseconds), 9)
            while f.last == "0" { f.removeLast() }
            s += "." + f
        }
        if offset == 0 { return s + "+00:00" }
        let sign = offset < 0 ? "-" : "+"
        let a = abs(Int(offset))
        return s + "\(sign)\(pad(a / 3600, 2)):\(pad(a % 3600 / 60, 2))"
    }

    /// Builds a timestamp from a local civil time and offset; nil when out of range (a second of
    /// 60 too: a leap second cannot be told from the next minute's first, so it is refused).
    public static func from(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
                            offset: Int, nanoseconds: Int32 = 0) -> Timestamp? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= daysInMonth(year, month), (0...23).contains(hour), (0...59).contains(minute),
              (0...59).contains(second), abs(offset) < 86_400 else { return nil }
        let days = daysFromCivil(year, month, day)
        let local = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Timestamp(seconds: local - Int64(offset), offset: Int32(offset), nanoseconds: nanoseconds)
    }

    /// Parses RFC 3339 with an offset (`Z` or `±HH:MM`), seconds optional, a fraction of them kept
    /// to the nanosecond (further digits dropped).
    public static func parse(_ b: ArraySlice<UInt8>) -> Timestamp? {
        var i = b.startIndex
        func num(_ n: Int) -> Int? {
            guard b.endIndex - i >= n else { return nil }
            var v = 0
            for _ in 0..<n {
                let c = b[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
                i += 1
            }
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.endIndex, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = num(4), expect(45), let mo = num(2), expect(45), let d = num(2) else { return nil }
        guard i < b.endIndex, b[i] == 84 || b[i] == 116 || b[i] == 32 else { return nil }
        i += 1
        guard let h = num(2), expect(58), let mi = num(2) else { return nil }
        var s = 0
        var nanos: Int32 = 0
        if i < b.endIndex, b[i] == 58 {
            i += 1
            guard let sv = num(2) else { return nil }
            s = sv
            if i < b.endIndex, b[i] == 46 {
                i += 1
                var digits = 0
                while i < b.endIndex, b[i] >= 48, b[i] <= 57 {
                    if digits < 9 { nanos = nanos * 10 + Int32(b[i] - 48); digits += 1 }
                    i += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<9 { nanos *= 10 }
            }
        }
        guard i < b.endIndex else { return nil }
        var off = 0
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            let neg = b[i] == 45
            i += 1
            guard let oh = num(2), expect(58), let om = num(2), oh < 24, om < 60 else { return nil }
            off = (oh * 3600 + om * 60) * (neg ? -1 : 1)
        } else {
            return nil
        }
        guard i == b.endIndex else { return nil }
        return from(year: y, month: mo, day: d, hour: h, minute: mi, second: s, offset: off, nanoseconds: nanos)
    }

    public static func parse(_ s: String) -> Timestamp? { parse(Array(s.utf8)[...]) }

    /// The current time in the local offset, or the time fixed by `STANCE_NOW` (for tests and demos).
    public static func now() -> Timestamp {
        if let fixed = getenv("STANCE_NOW"), let t = parse(String(cString: fixed)) { return t }
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(seconds: Int64(ts.tv_sec), offset: localOffset(at: Int64(ts.tv_sec)))
    }

    /// The real time now in the local offset, whatever `STANCE_NOW` says: what "in the future" means.
    public static func wallNow() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(seconds: Int64(ts.tv_sec), offset: localOffset(at: Int64(ts.tv_sec)))
    }

    /// The local UTC offset (from TZ) at an instant.
    public static func localOffset(at seconds: Int64) -> Int32 {
        var t = time_t(seconds)
        var tmv = tm()
        guard localtime_r(&t, &tmv) != nil else { return 0 }
        return Int32(tmv.tm_gmtoff)
    }

    // Howard Hinnant's civil-from-days algorithms.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468)
    }

    static func civilFromDays(_ z0: Int64) -> (Int, Int, Int) {
        let z = Int(z0) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

@inline(__always)
func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
