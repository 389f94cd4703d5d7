#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
/// Reads a journal: checks the header, finds a torn last line, and replays every line through
/// the engine in journal mode (exact ids, absolute times, changes only).
public struct JournalReader {
    /// What loading found.
    public struct Report: Sendable {
        /// Warnings: a torn last line dropped, a session that ended abnormally.
        public var warnings: [Diagnostic] = []
        /// Bytes up to the end of the last whole line.
        public var soundLength = 0
        /// A torn last line (bytes after the last newline) was found.
        public var torn = false
        /// Lines replayed (changes, brackets).
        public var entries = 0
        public var sessions = 0
    }

    /// Damage: refused with FILE:LINE:COL.
    public struct Damage: Error, Sendable {
        public var diagnostic: Diagnostic
        /// The file is not a journal at all (no header): its content is never shown.
        public var notAJournal: Bool
    }

    public let source: String
    public let bytes: [UInt8]

    public init(source: String, bytes: [UInt8]) {
        self.source = source
        self.bytes = bytes
    }

    /// Whether the bytes start with the journal header line.
    public var hasHeader: Bool {
        let h = Array(JournalWriter.header.utf8)
        guard bytes.count >= h.count, bytes[0..<h.count].elementsEqual(h) else { return false }
        return bytes.count == h.count || bytes[h.count] == 10 || bytes[h.count] == 13
    }

    /// Whether `b` is valid UTF-8 without NUL, the test `InputCheck.firstProblem` makes, but eight
    /// ASCII bytes at a time: run on every line, the byte-by-byte check was ~9% of a replay.
    /// Only a false answer calls `InputCheck` (for its message).
    static func isCleanText(_ b: ArraySlice<UInt8>) -> Bool {
        b.withUnsafeBytes { isCleanText(UnsafeRawBufferPointer($0)) }
    }

    static func isCleanText(_ raw: UnsafeRawBufferPointer) -> Bool {
        let n = raw.count
        var i = 0
        while i < n {
            if i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                // No byte >= 0x80 and no zero byte (the classic "has zero byte" test).
                if w & 0x8080_8080_8080_8080 == 0 && (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let c = raw[i]
            if c < 0x80 {
                if c == 0 { return false }
                i += 1
                continue
            }
            var need = 0, v: UInt32 = 0, least: UInt32 = 0
            switch c {
            case 0xC2...0xDF: need = 1; v = UInt32(c & 0x1F); least = 0x80
            case 0xE0...0xEF: need = 2; v = UInt32(c & 0x0F); least = 0x800
            case 0xF0...0xF4: need = 3; v = UInt32(c & 0x07); least = 0x10000
            default: return false
            }
            guard n - i > need else { return false }
            for k in 1...need {
                let cc = raw[i + k]
                guard cc & 0xC0 == 0x80 else { return false }
                v = v << 6 | UInt32(cc & 0x3F)
            }
            if v < least || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { return false }
            i += need + 1
        }
        return true
    }

    /// Replays the journal into `engine`. `onEntry` sees each line's outcome and may stop the
    /// replay by returning false (for `replay --until`).
    public func replay(into engine: Engine, base: String,
                       onEntry: ((Int, Statement, Engine.Outcome) -> Bool)? = nil) throws(Damage) -> Report {
        var report = Report()
        var end = bytes.count
        // A last line without its newline was cut by a crash: drop it.
        if let lastNL = bytes.lastIndex(of: 10) {
            if lastNL + 1 < bytes.count { report.torn = true; end = lastNL + 1 }
        } else if !bytes.isEmpty {
            report.torn = true; end = 0
        }
        report.soundLength = end
        if bytes.isEmpty || end == 0 {
            if report.torn {
                report.warnings.append(Diagnostic(.warning, "the journal's only line is cut short (a crash while it was made); it is dropped",
                                                  source: source, line: 1, column: 1))
            }
            return report
        }
        guard hasHeader else {
            throw Damage(diagnostic: Diagnostic(.error, "not a stance journal (its first line is not '\(JournalWriter.header)')",
                                                source: source, line: 1, column: 1), notAJournal: true)
        }
        return try bytes.withUnsafeBufferPointer { (p) throws(Damage) -> Report in
            try replayLines(p, end: end, report: report, into: engine, base: base, onEntry: onEntry)
        }
    }

    /// The lines of `bytes[..<end]` (which ends with a newline), read through a pointer: the
    /// array's bounds checks and retains were a tenth of a replay.
    private func replayLines(_ bytes: UnsafeBufferPointer<UInt8>, end: Int, report: Report, into engine: Engine, base: String,
                             onEntry: ((Int, Statement, Engine.Outcome) -> Bool)?) throws(Damage) -> Report {
        var report = report
        var lineNo = 1
        var start = 0
        var openSession: Int?
        // Canonical stance, link, set, actor and concern lines take the fast path when nobody
        // watches entry by entry; everything else, and any line it declines, takes the general one
        // below. The fast path takes only lines whose every byte it checked, so its lines need no
        // separate UTF-8 check.
        var fast = onEntry == nil ? CanonicalReplay(engine: engine, bytes: bytes) : nil
        let origin = UnsafeRawPointer(bytes.baseAddress!)
        if fast != nil {
            var lines = 0, at = 0
            while at < end, let nl = memchr(origin + at, 10, end - at) {
                lines += 1
                at = nl - UnsafeMutableRawPointer(mutating: origin) + 1
            }
            engine.state.reserve(stances: lines, textBytes: end)
        }
        while start < end {
            // `end` follows a newline, so memchr always finds one.
            let stop = memchr(origin + start, 10, end - start)! - UnsafeMutableRawPointer(mutating: origin)
            defer { start = stop + 1; lineNo += 1 }
            if lineNo == 1 { continue }
            var lineEnd = stop
            if lineEnd > start && bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
            if lineEnd == start { continue }
            if bytes[start] == 35 && (lineEnd == start + 1 || bytes[start + 1] == 32) { continue } // comment
            if fast?.apply(start, lineEnd) == true {
                report.entries += 1
                continue
            }
            let raw = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<lineEnd])
            if !JournalReader.isCleanText(raw), let (off, message) = InputCheck.firstProblem(Array(raw)) {
                let src = SourceLine(source: source, firstLine: lineNo, bytes: Array(raw))
                throw Damage(diagnostic: src.diagnostic(message, off..<off + 1), notAJournal: false)
            }
            let line = Array(raw)
            let src = SourceLine(source: source, firstLine: lineNo, bytes: line)
            let st: Statement
            do {
                // One command a line (a line with none or several is refused by parseOne).
                st = try Parser.parseOne(line)
            } catch {
                throw Damage(diagnostic: src.diagnostic(error), notAJournal: false)
            }
            switch st.command {
            case .begin:
                if let open = openSession {
                    report.warnings.append(Diagnostic(.warning, "the session begun on line \(open) has no end: it ended abnormally",
                                                      source: source, line: open, column: 1))
                }
                openSession = lineNo
                report.sessions += 1
            case .end:
                openSession = nil
            default:
                break
            }
            let outcome: Engine.Outcome
            do {
                // Nobody reads the answers and canonical lines unless `onEntry` shows them.
                outcome = try engine.execute(st, mode: .journal, base: base, describe: onEntry != nil)
            } catch {
                throw Damage(diagnostic: src.diagnostic(error), notAJournal: false)
            }
            report.entries += 1
            if let onEntry, !onEntry(lineNo, st, outcome) { return report }
        }
        if report.torn {
            report.warnings.append(Diagnostic(.warning, "the last line is cut short (a crash while it was written); it is dropped",
                                              source: source, line: lineNo, column: 1))
        }
        if let open = openSession {
            report.warnings.append(Diagnostic(.warning, "the session begun on line \(open) has no end: it ended abnormally",
                                              source: source, line: open, column: 1))
        }
        return report
    }
}
