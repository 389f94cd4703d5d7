#if canImport(Glibc)
import Glibc
#endif

/// Reads a journal and hands its lines to the engine, as redis replays its append-only file
/// through the live command code: each line goes through `InputCheck`, `Parser.parseOne` and
/// `Engine.execute` in journal mode (changes only, exact ids, absolute times), the one path every
/// typed and scripted command takes. The reader never touches the engine's undo stack.
///
/// The journal is read a chunk at a time, never held whole. A last line without its newline was
/// cut by a crash: it is dropped with a warning. Damage anywhere else is a `Damage` at its
/// FILE:LINE:COL, and the lines before it stay applied (callers refuse the whole journal).
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
        /// How many journals it includes (at any depth) had a torn last line, dropped.
        public var tornIncludes = 0
    }

    /// Damage: refused with FILE:LINE:COL.
    public struct Damage: Error, Sendable {
        public var diagnostic: Diagnostic
        /// The file is not a journal at all (no header): its content is never shown.
        public var notAJournal: Bool
    }

    public let source: String
    /// The state at this time (`replay --until TIME`): changes timed after it are taken back as
    /// soon as they are made (their ids stay taken, so later lines name the same records), `undo`
    /// and `redo` after it are not run, and declarations of actors and concerns made after it
    /// stay, unseen, for the lines that name them.
    public var until: Timestamp?
    private let input: Input
    /// Bytes read at a time (a longer line grows the buffer). Tests make it tiny to put chunk
    /// boundaries everywhere.
    let chunkSize: Int
    /// Called once the journal's length is known, before its lines are read: tests change the
    /// file there, as another program could.
    var willReadLines: (() -> Void)?

    /// A journal in memory, or an open regular file and its size when the reader was made.
    private enum Input {
        case bytes([UInt8])
        case file(fd: Int32, size: Int)
    }

    public init(source: String, bytes: [UInt8]) {
        self.source = source
        input = .bytes(bytes)
        chunkSize = 1 << 20
    }

    /// Reads the regular file open as `fd` from its start; the descriptor stays the caller's.
    public init(source: String, fd: Int32) throws(FileError) {
        try self.init(source: source, fd: fd, chunkSize: 1 << 16)
    }

    /// Opens the journal at `path` (a regular file, opened without blocking); the caller closes
    /// `fd` when done with the reader.
    public static func open(_ path: String) throws(FileError) -> (reader: JournalReader, fd: Int32) {
        let fd = try FileIO.openForReading(path)
        do {
            return (try JournalReader(source: path, fd: fd), fd)
        } catch {
            close(fd)
            throw error
        }
    }

    init(source: String, fd: Int32, chunkSize: Int) throws(FileError) {
        self.source = source
        input = .file(fd: fd, size: try FileIO.regularFileSize(fd: fd, path: source))
        self.chunkSize = max(1, chunkSize)
    }

    /// Replays the journal into `engine`. `admit` sees each entry (a change, not `begin` or `end`)
    /// before it is applied and may stop the replay there by returning false (`replay --until`).
    /// `onEntry` sees each entry's outcome (with its answer and canonical line) and may stop the
    /// replay after it; without it, nothing is formatted that nobody reads.
    public func replay(into engine: Engine, base: String,
                       onEntry: ((Int, Statement, Engine.Outcome) -> Bool)? = nil,
                       admit: ((Statement) -> Bool)? = nil) throws(Damage) -> Report {
        var replay = Replay(reader: self, engine: engine, base: base, admit: admit, onEntry: onEntry)
        willReadLines?()
        var source = ByteSource(input: input, chunkSize: chunkSize)
        // `buffer[..<filled]` holds the unfinished line of the chunk before, then the new chunk.
        var buffer: [UInt8] = []
        var offset = 0
        while true {
            let old = buffer.count
            let got: Int
            do throws(FileError) { got = try source.read(appendingTo: &buffer) } catch {
                let how = error.code == 0 ? error.message : "cannot read the journal: \(error.message)"
                throw Damage(diagnostic: Diagnostic(.error, how, source: self.source, line: replay.lineNo, column: 1), notAJournal: false)
            }
            if got == 0 { break }
            var start = 0
            var from = old
            while let nl = Self.newline(in: buffer, from: from) {
                if !(try replay.line(buffer[start..<nl])) { return replay.report }
                start = nl + 1
                from = start
            }
            offset += start
            buffer.removeSubrange(..<start)
            // A first line longer than any journal line: a file that is not a journal is refused
            // without reading all of it.
            if replay.lineNo == 1 && buffer.count > LineAssembler.maxLength { try replay.checkHeader(buffer[...], complete: false) }
        }
        replay.report.soundLength = offset
        if !buffer.isEmpty {
            replay.report.torn = true
            let only = replay.lineNo == 1
            replay.report.warnings.append(Diagnostic(.warning, only ? "the journal's only line is cut short (a crash while it was made); it is dropped"
                                                                     : "the last line is cut short (a crash while it was written); it is dropped",
                                                     source: self.source, line: replay.lineNo, column: 1))
            if only { return replay.report }
        }
        if let open = replay.openSession {
            replay.report.warnings.append(unended(open))
        }
        return replay.report
    }

    /// The index of the first newline in `buffer[from...]`.
    static func newline(in buffer: [UInt8], from: Int) -> Int? {
        buffer.withUnsafeBufferPointer { b in
            guard from < b.count, let p = memchr(b.baseAddress! + from, 10, b.count - from) else { return nil }
            return UnsafeRawPointer(b.baseAddress!).distance(to: UnsafeRawPointer(p))
        }
    }

    /// The warning for the session begun on line `begin` and never ended.
    func unended(_ begin: Int) -> Diagnostic {
        Diagnostic(.warning, "the session begun on line \(begin) has no end: it ended abnormally", source: source, line: begin, column: 1)
    }
}

extension JournalReader {
    /// One replay under way: the line number, the open session, the report so far.
    private struct Replay {
        let reader: JournalReader
        let engine: Engine
        let base: String
        let admit: ((Statement) -> Bool)?
        let onEntry: ((Int, Statement, Engine.Outcome) -> Bool)?
        var report = Report()
        var lineNo = 1
        var openSession: Int?
        var lineBuffer: [UInt8] = []

        /// The header: the journal's first line, whole or (`complete` false) as far as it is read.
        func checkHeader(_ line: ArraySlice<UInt8>, complete: Bool) throws(Damage) {
            let header = JournalWriter.header.utf8
            let n = min(line.count, header.count)
            let ok = line.prefix(n).elementsEqual(header.prefix(n))
                && (line.count <= header.count ? !complete || line.count == header.count : line[line.startIndex + header.count] == 13)
            guard ok else {
                throw Damage(diagnostic: Diagnostic(.error, "not a stance journal (its first line is not '\(JournalWriter.header)')",
                                                    source: reader.source, line: 1, column: 1), notAJournal: true)
            }
        }

        /// Replays one whole line (without its newline); false when `onEntry` stopped the replay.
        mutating func line(_ raw: ArraySlice<UInt8>) throws(Damage) -> Bool {
            let n = lineNo
            lineNo += 1
            if n == 1 { try checkHeader(raw, complete: true); return true }
            var text = raw
            if text.last == 13 { text = text.dropLast() }
            // Blank lines and comments (`#` alone, or `# …`) are not entries.
            if text.isEmpty || (text.first == 35 && (text.count == 1 || text[text.startIndex + 1] == 32)) { return true }
            // The line's own buffer, reused: the parser lets go of it before the next line.
            lineBuffer.removeAll(keepingCapacity: true)
            lineBuffer.append(contentsOf: text)
            let bytes = lineBuffer
            if let (at, message) = InputCheck.firstProblem(bytes) {
                throw damage(bytes, n, message, at..<at + 1)
            }
            let st: Statement
            do { st = try Parser.parseOne(bytes) } catch { throw damage(bytes, n, error.message, error.range) }
            switch st.command {
            case .begin:
                if let open = openSession { report.warnings.append(reader.unended(open)) }
                openSession = n
                report.sessions += 1
            case .end:
                openSession = nil
            default:
                if let admit, !admit(st) { return false }
            }
            var late = false
            if let until = reader.until, case .absolute(let t)? = st.time?.value, t > until {
                switch st.command {
                case .begin, .end: break
                case .undo, .redo: return true
                default: late = true
                }
            }
            let outcome: Engine.Outcome
            do {
                outcome = try engine.execute(st, mode: .journal, base: base, describe: onEntry != nil && !late)
            } catch {
                throw damage(bytes, n, error.message, error.range)
            }
            // An included journal's warnings, saying where this one includes it.
            let included = engine.takeIncludeWarnings()
            for var w in included.warnings {
                w.message += " (included at \(reader.source):\(n))"
                report.warnings.append(w)
            }
            report.tornIncludes += included.torn
            if late {
                // A declaration stays, unseen, for the lines that name it.
                switch st.command {
                case .actor, .concern: break
                default: engine.takeBack()
                }
                return true
            }
            report.entries += 1
            if let onEntry, !onEntry(n, st, outcome) { return false }
            return true
        }

        func damage(_ bytes: [UInt8], _ line: Int, _ message: String, _ range: Range<Int>) -> Damage {
            Damage(diagnostic: SourceLine(source: reader.source, firstLine: line, bytes: bytes).diagnostic(message, range), notAJournal: false)
        }
    }

    /// The bytes of the input, a chunk at a time.
    private struct ByteSource {
        let input: Input
        let chunkSize: Int
        var offset = 0

        init(input: Input, chunkSize: Int) {
            self.input = input
            self.chunkSize = chunkSize
        }

        /// Appends the next chunk to `buffer`; how many bytes, 0 at the end. A file is read to its
        /// end (some, as in /proc, claim a size of 0); one that got shorter than it was when the
        /// reader was made is an error.
        mutating func read(appendingTo buffer: inout [UInt8]) throws(FileError) -> Int {
            switch input {
            case .bytes(let b):
                let n = min(chunkSize, b.count - offset)
                buffer.append(contentsOf: b[offset..<offset + n])
                offset += n
                return n
            case .file(let fd, let size):
                let n = try FileIO.read(fd, appendingTo: &buffer, count: chunkSize, at: offset)
                if n == 0 && offset < size { throw FileError("", "the journal changed while it was read (it got shorter)") }
                offset += n
                return n
            }
        }
    }
}
