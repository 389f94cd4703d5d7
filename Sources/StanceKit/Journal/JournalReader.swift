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
        /// The line of the session still open where the reading stopped, whose warning is the last
        /// in `warnings`: the session crashed, or the bytes were cut short on purpose
        /// (`stance replay --until`, where that warning is not news).
        public var openAtEnd: Int?
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
    private let input: Input
    /// Bytes read at a time from a file (more when a single line is longer). Tests make it tiny
    /// to put chunk boundaries everywhere.
    let chunkSize: Int
    /// The smallest file read ahead on a second thread (`ReadAhead`); tests make it 0.
    var readAheadMinimum = 1 << 18
    /// How the two threads of a read-ahead replay share the work (`ReadAhead.Share`): tests
    /// change it, so that the drafts of both threads' scanners, whose id numbers differ,
    /// alternate in one replay, and so that the replaying thread reads every chunk itself.
    var readAheadShare = ReadAhead.Share.asItComes
    /// Called once the journal's length is known, before its lines are read: tests change the
    /// file there, as another program could.
    var willReadLines: (() -> Void)?
    /// The chunk a replay of `end` bytes reads ahead at a time: a fortieth of the file, between 32
    /// and 128 KiB. Small chunks touch fewer pages, and a page fault takes ~3 µs on this VM: a
    /// 10,000-entry replay (1.3 MB) took 1,083 page faults in all with three chunks of 128 KiB,
    /// 960 with five of 32, and 11.1 instead of 11.4 ms (200 interleaved runs). Large ones are
    /// handed between the threads a quarter as often; at 100,000 and a million entries the two
    /// sizes measured the same within the noise (81.0 against 79.0 ms, 40 runs; 832 against 786
    /// ms in one set of 8 runs, 796 against 858 in the next).
    static func readAheadChunk(_ end: Int) -> Int { min(1 << 17, max(1 << 15, end / 40)) }
    /// The cores online: the read-ahead thread only pays with a second one.
    static let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))

    /// A journal in memory, or an open regular file read in chunks (so that replaying a large
    /// journal does not hold all of it: at a million entries, the 130 MB read whole were 40% of
    /// the memory a replay took, and every page of it a fault to fill).
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
        try self.init(source: source, fd: fd, chunkSize: 1 << 20)
    }

    /// Opens the journal at `path` (a regular file, opened without blocking) to be read in
    /// chunks; the caller closes `fd` when done with the reader.
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
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError(source, FileIO.errorText(errno), code: errno) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw FileError(source, "not a regular file") }
        self.source = source
        input = .file(fd: fd, size: Int(st.st_size))
        self.chunkSize = max(1, chunkSize)
    }

    private var size: Int {
        switch input {
        case .bytes(let b): b.count
        case .file(_, let size): size
        }
    }

    /// Up to `count` bytes at `offset` into `buffer`: how many were read, or -errno.
    private func read(_ offset: Int, _ count: Int, into buffer: UnsafeMutableRawPointer) -> Int {
        switch input {
        case .bytes(let b):
            let n = max(0, min(count, b.count - offset))
            if n > 0 { b.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + offset, byteCount: n) } }
            return n
        case .file(let fd, _):
            var got = 0
            while got < count {
                let n = pread(fd, buffer + got, count - got, off_t(offset + got))
                if n < 0 {
                    if errno == EINTR { continue }
                    return -Int(errno)
                }
                if n == 0 { break }
                got += n
            }
            return got
        }
    }

    /// `read` into an array at `at`: how many bytes were read, or -errno.
    func read(_ offset: Int, _ count: Int, into buffer: inout [UInt8], at: Int) -> Int {
        buffer.withUnsafeMutableBytes { read(offset, count, into: $0.baseAddress! + at) }
    }

    /// `read` into an array, an error a `Damage` at `line`.
    private func read(_ offset: Int, _ count: Int, into buffer: inout [UInt8], at: Int = 0, line: Int) throws(Damage) -> Int {
        let n = read(offset, count, into: &buffer, at: at)
        if n < 0 { throw readFailure(-n, line: line) }
        return n
    }

    func readFailure(_ code: Int, line: Int) -> Damage {
        Damage(diagnostic: Diagnostic(.error, "cannot read the journal: \(FileIO.errorText(Int32(code)))",
                                      source: source, line: line, column: 1), notAJournal: false)
    }

    /// The journal changed while it was read (`how`, if known: it got shorter).
    func changed(_ how: String?, line: Int) -> Damage {
        Damage(diagnostic: Diagnostic(.error, "the journal changed while it was read" + (how.map { " (\($0))" } ?? ""),
                                      source: source, line: line, column: 1), notAJournal: false)
    }

    /// Whether the journal starts with the header line.
    public var hasHeader: Bool {
        let h = Array(JournalWriter.header.utf8)
        var first = [UInt8](repeating: 0, count: h.count + 1)
        let n = first.withUnsafeMutableBytes { read(0, h.count + 1, into: $0.baseAddress!) }
        guard n >= h.count, first[0..<h.count].elementsEqual(h) else { return false }
        return n == h.count || first[h.count] == 10 || first[h.count] == 13
    }

    /// Where the last whole line ends: a last line without its newline was cut by a crash.
    private func soundLength() throws(Damage) -> Int {
        var end = size
        // 4 KiB from the end first, then blocks twice as large, up to 64 KiB: a first block of
        // 64 KiB filled with zeros was 16 of a 10,000-entry replay's page faults, for a last line
        // that is rarely longer than a page.
        var block = [UInt8](repeating: 0, count: 1 << 12)
        while end > 0 {
            let start = max(0, end - block.count)
            let n = try read(start, end - start, into: &block, line: 1)
            if let nl = block[0..<n].lastIndex(of: 10) { return start + nl + 1 }
            end = start
            if block.count < 1 << 16 { block = [UInt8](repeating: 0, count: 2 * block.count) }
        }
        return 0
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
                // No byte >= 0x80 and no zero byte.
                let high = w & EightBytes.highs
                if EightBytes.zeros(w) == 0 {
                    if high == 0 {
                        i += 8
                        continue
                    }
                    // No NUL: straight to the first byte >= 0x80 (little-endian: the lowest).
                    i += EightBytes.first(high)
                }
            }
            let c = raw[i]
            if c < 0x80 {
                if c == 0 { return false }
                i += 1
                continue
            }
            let length = sequenceLength(raw, i)
            if length == 0 { return false }
            i += length
        }
        return true
    }

    /// The length of the valid UTF-8 character whose first byte, `raw[i]`, is 0x80 or more
    /// (2 to 4); 0 when it is not one (a stray continuation byte, an overlong form, a surrogate,
    /// past U+10FFFF, or cut short by the end of `raw`).
    @inline(__always)
    static func sequenceLength(_ raw: UnsafeRawBufferPointer, _ i: Int) -> Int {
        let n = raw.count
        let c = raw[i]
        // The usual non-ASCII character of a text (é, ô, ü…): two bytes, never overlong from
        // 0xC2 on, never a surrogate.
        if c >= 0xC2 && c <= 0xDF {
            return i + 1 < n && raw[i + 1] & 0xC0 == 0x80 ? 2 : 0
        }
        var need = 0, v: UInt32 = 0, least: UInt32 = 0
        switch c {
        case 0xE0...0xEF: need = 2; v = UInt32(c & 0x0F); least = 0x800
        case 0xF0...0xF4: need = 3; v = UInt32(c & 0x07); least = 0x10000
        default: return 0
        }
        guard n - i > need else { return 0 }
        for k in 1...need {
            let cc = raw[i + k]
            guard cc & 0xC0 == 0x80 else { return 0 }
            v = v << 6 | UInt32(cc & 0x3F)
        }
        if v < least || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { return 0 }
        return need + 1
    }

    /// Where a replay is: carried from one chunk of the journal to the next.
    struct Progress {
        var report = Report()
        var lineNo = 1
        var openSession: Int?
        var fast: CanonicalReplay?
    }

    /// Replays the journal into `engine`. `onEntry` sees each line's outcome and may stop the
    /// replay by returning false (for `replay --until`).
    public func replay(into engine: Engine, base: String,
                       onEntry: ((Int, Statement, Engine.Outcome) -> Bool)? = nil) throws(Damage) -> Report {
        var progress = Progress()
        let end = try soundLength()
        progress.report.torn = end < size
        progress.report.soundLength = end
        willReadLines?()
        if end == 0 {
            if progress.report.torn {
                progress.report.warnings.append(Diagnostic(.warning, "the journal's only line is cut short (a crash while it was made); it is dropped",
                                                           source: source, line: 1, column: 1))
            }
            return progress.report
        }
        guard hasHeader else {
            throw Damage(diagnostic: Diagnostic(.error, "not a stance journal (its first line is not '\(JournalWriter.header)')",
                                                source: source, line: 1, column: 1), notAJournal: true)
        }
        // Canonical stance, link, set, actor and concern lines take the fast path when nobody
        // watches entry by entry; everything else, and any line it declines, takes the general one.
        if onEntry == nil {
            progress.fast = CanonicalReplay(engine: engine, bytes: UnsafeBufferPointer(start: nil, count: 0))
            // Room for as many stances as a journal this size could hold, and their texts:
            // capacity never used is never touched (address space, not memory). And the table of
            // current stances sized for a guess at its pairs, one per 192 bytes (the benchmark's
            // journals hold one per 166 to 200 bytes; notes with longer quotes, fewer). A guess
            // too high costs a larger table (zeroed: at most 4 MiB; above that, mapped and touched
            // only where pairs land), one too low the doublings it saves (`PairTable.reserve`).
            engine.state.reserve(stances: end / 48, textBytes: end, pairs: end / 192)
        }
        if case .bytes(let bytes) = input {
            let done = try bytes.withUnsafeBufferPointer { (p) throws(Damage) -> Bool in
                try replayLines(UnsafeBufferPointer(rebasing: p[..<end]), &progress, into: engine, base: base, onEntry: onEntry)
            }
            return done ? finish(progress) : progress.report
        }
        // A large file, with nobody watching entry by entry and a second core: read and scanned
        // on a second thread, a few chunks ahead (ReadAhead.swift).
        if progress.fast != nil && end >= readAheadMinimum && JournalReader.cores > 1,
           let ahead = ReadAhead.start(self, end: end, chunkSize: min(chunkSize, JournalReader.readAheadChunk(end)), share: readAheadShare) {
            defer { ahead.finish() }
            return try replay(from: ahead, &progress, into: engine, base: base)
        }
        // A file: whole lines a chunk at a time; a line longer than the buffer grows it.
        var buffer = [UInt8](repeating: 0, count: min(chunkSize, end))
        var chunker = LineChunker(self, end: end)
        while !chunker.isDone {
            let count = try chunker.next(into: &buffer, room: buffer.count, line: progress.lineNo)
            let done = try buffer.withUnsafeBufferPointer { (p) throws(Damage) -> Bool in
                try replayLines(UnsafeBufferPointer(rebasing: p[..<count]), &progress, into: engine, base: base, onEntry: onEntry)
            }
            if !done { return progress.report }
            // The unfinished line to the front (the two may overlap: memmove).
            let rest = chunker.filled - count
            buffer.withUnsafeMutableBytes { p in _ = memmove(p.baseAddress!, p.baseAddress! + count, rest) }
            chunker.consumed(count)
        }
        return finish(progress)
    }

    /// The warning for the session begun on line `begin` and never ended.
    func unended(_ begin: Int) -> Diagnostic {
        Diagnostic(.warning, "the session begun on line \(begin) has no end: it ended abnormally", source: source, line: begin, column: 1)
    }

    func finish(_ progress: Progress) -> Report {
        var report = progress.report
        if report.torn {
            report.warnings.append(Diagnostic(.warning, "the last line is cut short (a crash while it was written); it is dropped",
                                              source: source, line: progress.lineNo, column: 1))
        }
        if let open = progress.openSession {
            report.warnings.append(unended(open))
            report.openAtEnd = open
        }
        return report
    }
}
