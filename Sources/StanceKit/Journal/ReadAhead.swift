#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a journal file on a second thread, a few chunks ahead of the replay.
///
/// Why: replaying is two kinds of work. Reading the file, finding the lines, checking their bytes
/// and reading each canonical line into a `CanonicalDraft` (ids numbered, texts, tags and keys
/// found and made) needs nothing of the state; finding the ids' entities and applying the line
/// does. The first is more than half of a replay's instructions (callgrind, 100,000 entries: 214 M
/// against 151 M for applying), and the machines stance runs on have a second core. So this thread
/// reads chunk after chunk, finding and numbering their lines, and scans them while the replaying
/// thread applies the ones before, in the journal's order. Since scanning is the larger half, the
/// replaying thread, rather than wait for the chunk it needs next, scans the oldest chunk read and
/// not scanned yet itself, with its own scanner (`Chunk.scanner` says whose id numbers a chunk's
/// drafts carry); it also reads and scans the first chunk itself while the reading thread starts
/// (`start`), and reads and scans the next chunk itself whenever it has nothing else to do and
/// the reading thread is not reading (`next`).
/// Every other line, and every draft that does not apply, goes through the replaying thread's
/// usual paths, so what is applied, and every error and its FILE:LINE:COL, are those of reading
/// the file in one thread.
///
/// The two threads share nothing but the chunks and the reading, handed over under one mutex: a
/// chunk belongs to the thread reading it until it is in `unscanned` (read) or `ready` (scanned),
/// to whichever thread takes it from `unscanned` until it is in `ready`, then to the replaying
/// thread until it is recycled; the reading (the file's place, the unfinished line) to one thread
/// at a time (`readingTaken`).
final class ReadAhead: @unchecked Sendable {
    /// One chunk of whole lines and what scanning found in it.
    ///
    /// Its arrays are `@exclusivity(unchecked)`: one thread at a time owns a chunk (handed over
    /// under the mutex), and the runtime's access checks were a sixth of the reading thread.
    final class Chunk {
        @exclusivity(unchecked) var buffer: [UInt8]
        /// The whole lines in `buffer` (ending with a newline); 0 for the last chunk.
        var count = 0
        @exclusivity(unchecked) var lines: [Line] = []
        /// Stance lines' drafts apart from the other lines', so that the replaying thread reads
        /// them in place (`Line.draft`).
        @exclusivity(unchecked) var stances: [StanceDraft] = []
        @exclusivity(unchecked) var others: [CanonicalDraft] = []
        @exclusivity(unchecked) var escaped: [UInt8] = []
        /// What stopped the reading after this chunk's lines (the file could not be read, or
        /// changed while it was read).
        var failure: JournalReader.Damage?
        /// The number the next line would have: after the last chunk, the torn line's.
        var nextLine = 0
        /// Its place in the file (chunks are replayed in this order) and its first line's number.
        var seq = 0
        var firstLine = 0
        /// Which thread's scanner read its drafts, and so numbered their ids: 0 the reading
        /// thread's, 1 the replaying thread's (`CanonicalReplay.use(numbersOf:)`).
        var scanner = 0

        init(capacity: Int) {
            // Not filled with zeros: every byte is read into before it is looked at, and zeros
            // would touch every page of a chunk whether or not a line ever lands there.
            buffer = [UInt8](unsafeUninitializedCapacity: capacity) { _, count in count = capacity }
        }

        func reset() {
            count = 0
            lines.removeAll(keepingCapacity: true)
            stances.removeAll(keepingCapacity: true)
            others.removeAll(keepingCapacity: true)
            escaped.removeAll(keepingCapacity: true)
            failure = nil
        }
    }

    /// A line to replay (not the header, a blank line or a comment): where it is in its chunk
    /// (without the line break), its number, and its draft when it is a canonical line that reads.
    struct Line {
        var start: Int
        var end: Int
        var number: Int
        /// Its draft: `stances[draft]` when at least 0, none when -1, `others[-2 - draft]` below.
        var draft: Int32
    }

    private let reader: JournalReader
    private let end: Int
    private let chunkSize: Int
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Read and scanned, for the replaying thread (in any order; it takes them by `seq`).
    private var ready: [Chunk] = []
    /// Read, not scanned yet (oldest first): the reading thread scans them, and so does the
    /// replaying thread when the chunk it needs next is not ready.
    private var unscanned: [Chunk] = []
    private var free: [Chunk] = []
    /// The `seq` of the chunk the replaying thread takes next.
    private var wanted = 0
    /// The replaying thread's own scanner, for the chunks it scans (used by that thread only).
    private var helper = CanonicalScanner(bytes: UnsafeBufferPointer(start: nil, count: 0))
    private var stopped = false
    /// Chunks made so far: made as the reading thread needs them, up to `maxChunks`.
    private var made = 0
    /// One being read, one being replayed, and up to six ready in between. With one ready (three
    /// in all), the replaying thread waited for the reading one 200 to 500 times in a
    /// million-entry replay, and the reading thread for it 150 to 300 times, each a wake-up that
    /// takes 0.1 to 2 ms on this VM: the two run at uneven speeds (a table growing, a burst of
    /// page faults), and the reading thread got no further ahead than one chunk. With six, the
    /// replaying thread waited 32 and 64 times instead (same counts, two runs each); in interleaved
    /// runs 100,000 entries replayed 2 to 6% faster, a million about as fast (the VM's noise).
    /// But never more than an eighth of the file's size in chunks (three at least): the chunks of
    /// a 1.3 MB journal read far ahead took its peak memory from 2.1 to 2.9 times its size.
    private let maxChunks: Int
    /// How the threads share the work (tests change it: `JournalReader.readAheadShare`).
    enum Share {
        /// Each takes the next job as it comes.
        case asItComes
        /// The reading thread scans only the even chunks, and leaves the rest to the replaying
        /// thread, as a slow reading thread would.
        case alternate
        /// The reading thread does nothing: the replaying thread reads and scans every chunk,
        /// as when the other core does not run.
        case replayingAlone
    }
    private let share: Share
    private var thread = pthread_t()
    /// A thread is reading a chunk (and holds what follows, down to `reading`): the starting
    /// thread, for the first chunk, from the start. Either thread reads the next chunk when it
    /// has nothing else to do and this is false (`next`, `job`).
    private var readingTaken = true

    // The reading: whichever thread took it (`readingTaken`), one at a time, in the file's order.
    private var chunker: LineChunker
    /// The unfinished line at the end of the chunk read last, for the front of the next.
    private var carry: [UInt8] = []
    private var lineNo = 1
    private var seq = 0
    /// The file is not all read yet (and could be read so far). Changed under the mutex.
    private var reading = true

    /// Starts reading `reader`'s file up to `end` (the end of its last whole line) on a new
    /// thread; nil when no thread could be made (the caller then reads in its own).
    ///
    /// The calling thread reads and scans the first chunk itself while the new thread starts,
    /// rather than wait for it: the reading thread reads on from the second chunk once the first
    /// is read (`readingTaken`).
    static func start(_ reader: JournalReader, end: Int, chunkSize: Int, share: Share = .asItComes) -> ReadAhead? {
        let ahead = ReadAhead(reader, end: end, chunkSize: chunkSize, share: share)
        ahead.made = 1
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        let context = Unmanaged.passRetained(ahead).toOpaque()
        let made = pthread_create(&ahead.thread, &attributes, { context in
            let ahead = Unmanaged<ReadAhead>.fromOpaque(context!).takeRetainedValue()
            ahead.produce()
            return nil
        }, context)
        guard made == 0 else {
            Unmanaged<ReadAhead>.fromOpaque(context).release()
            return nil
        }
        ahead.read(Chunk(capacity: min(chunkSize, max(end, 1))), scanning: true)
        return ahead
    }

    private init(_ reader: JournalReader, end: Int, chunkSize: Int, share: Share) {
        self.reader = reader
        self.share = share
        self.end = end
        self.chunkSize = chunkSize
        chunker = LineChunker(reader, end: end)
        maxChunks = max(3, min(8, end / (8 * max(chunkSize, 1))))
        pthread_mutex_init(lock, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(lock)
        lock.deallocate()
        changed.deallocate()
    }

    // MARK: The replaying thread

    /// The next chunk, in order, waiting for it; the last one has `count` 0 (and may carry a
    /// failure).
    ///
    /// While it is not ready, this thread does not wait if a chunk is read and not scanned: it
    /// scans that one itself, with its own scanner. At 10,000 entries the replaying thread spent
    /// 0.7 to 5.8 ms of a 7 ms replay waiting for chunks (the reading thread does the larger
    /// half of the work); now both threads scan while there is scanning to do. Nor does it wait
    /// when nothing is read yet and no thread is reading: it reads the next chunk itself, and
    /// scans it. It waited for the reading thread to read before, 0.3 to 1 ms of a 10,000-entry
    /// replay as that thread started, and 4 to 8 ms when that thread's core was busy (a loop
    /// running there: the VM's spells in which it runs its two cores by turns look like that).
    func next() -> Chunk {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while true {
            if let i = ready.firstIndex(where: { $0.seq == wanted }) {
                wanted += 1
                return ready.remove(at: i)
            }
            if !unscanned.isEmpty {
                let chunk = unscanned.removeFirst()
                pthread_mutex_unlock(lock)
                ReadAhead.scan(&helper, chunk, as: 1)
                pthread_mutex_lock(lock)
                ready.append(chunk)
                continue
            }
            if let chunk = chunkToRead() {
                pthread_mutex_unlock(lock)
                read(chunk, scanning: true)
                pthread_mutex_lock(lock)
                continue
            }
            pthread_cond_wait(changed, lock)
        }
    }

    /// A chunk to read the next part of the file into, taking the reading (`readingTaken`);
    /// nil when it is all read, another thread is reading, or every chunk is in use. Called
    /// under the mutex.
    private func chunkToRead() -> Chunk? {
        guard reading && !readingTaken else { return nil }
        if let chunk = free.popLast() {
            chunk.reset()
            readingTaken = true
            return chunk
        }
        guard made < maxChunks else { return nil }
        made += 1
        readingTaken = true
        return Chunk(capacity: min(chunkSize, max(end, 1)))
    }

    /// Gives a replayed chunk back to the reading thread.
    func recycle(_ chunk: Chunk) {
        pthread_mutex_lock(lock)
        free.append(chunk)
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
    }

    /// Stops the reading thread (it may be waiting for a chunk, or reading one) and waits for it.
    func finish() {
        pthread_mutex_lock(lock)
        stopped = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
        pthread_join(thread, nil)
    }

    // MARK: The reading thread

    /// What the reading thread does next.
    private enum Job {
        case read(Chunk)
        case scan(Chunk)
    }

    /// The reading thread's next job, waiting for one: reading a chunk while one is free (or
    /// may be made) and the file is not all read, else scanning the oldest chunk not scanned;
    /// nil once stopped, or when all is read and scanned.
    private func job() -> Job? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while !stopped && share != .replayingAlone {
            if let chunk = chunkToRead() { return .read(chunk) }
            if let i = unscanned.firstIndex(where: { share != .alternate || $0.seq % 2 == 0 }) { return .scan(unscanned.remove(at: i)) }
            if !reading { return nil }
            pthread_cond_wait(changed, lock)
        }
        return nil
    }

    /// Hands a chunk the reading thread has scanned to the replaying thread.
    private func handScanned(_ chunk: Chunk) {
        pthread_mutex_lock(lock)
        ready.append(chunk)
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
    }

    /// Hands a chunk just read on: to `ready` when it is scanned (or carries a failure), else to
    /// `unscanned`; then `last` (the empty chunk after the file's last one) if any; and gives the
    /// reading back (`readingTaken`). `end`: nothing more is to be read.
    private func handRead(_ chunk: Chunk, scanned: Bool, last: Chunk? = nil, end: Bool) {
        pthread_mutex_lock(lock)
        if scanned { ready.append(chunk) } else { unscanned.append(chunk) }
        if let last { ready.append(last) }
        if end { reading = false }
        readingTaken = false
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
    }

    /// Reads the file chunk by chunk (`LineChunker`, as `JournalReader.replay` does in one
    /// thread), and scans the chunks read, oldest first, while no chunk is free to read into.
    /// A chunk's lines are found and numbered as it is read (`split`), so that any chunk can be
    /// scanned, by either thread, before the one before it.
    private func produce() {
        var scanner = CanonicalScanner(bytes: UnsafeBufferPointer(start: nil, count: 0))
        while let job = job() {
            switch job {
            case .scan(let chunk):
                ReadAhead.scan(&scanner, chunk, as: 0)
                handScanned(chunk)
            case .read(let chunk):
                read(chunk, scanning: false)
            }
        }
    }

    /// Reads the next chunk of the file into `chunk`, finds its lines, and hands it on: scanned
    /// with the replaying thread's scanner when `scanning` (a chunk read by that thread), else to
    /// be scanned. After the last chunk comes an empty one; a chunk that could not be read
    /// carries the failure, and is the last. The caller has taken the reading (`readingTaken`),
    /// and this gives it back.
    private func read(_ chunk: Chunk, scanning: Bool) {
        // The first chunk small, so that the replaying thread starts early (it reads it).
        let room = seq == 0 ? min(chunk.buffer.count, 1 << 14) : chunk.buffer.count
        if chunk.buffer.count < carry.count { chunk.buffer = [UInt8](repeating: 0, count: 2 * carry.count) }
        if !carry.isEmpty {
            chunk.buffer.withUnsafeMutableBytes { to in carry.withUnsafeBytes { to.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: carry.count) } }
        }
        chunk.seq = seq
        seq += 1
        chunk.firstLine = lineNo
        do {
            chunk.count = try chunker.next(into: &chunk.buffer, room: room, line: lineNo)
        } catch {
            chunk.count = 0
            chunk.failure = error
            chunk.nextLine = lineNo
            handRead(chunk, scanned: true, end: true)
            return
        }
        lineNo = ReadAhead.split(chunk, firstLine: lineNo)
        chunk.nextLine = lineNo
        carry.removeAll(keepingCapacity: true)
        carry.append(contentsOf: chunk.buffer[chunk.count..<chunker.filled])
        chunker.consumed(chunk.count)
        if scanning { ReadAhead.scan(&helper, chunk, as: 1) }
        var last: Chunk?
        if chunker.isDone {
            // The end: an empty chunk after the last one.
            last = Chunk(capacity: 0)
            last!.seq = seq
            last!.firstLine = lineNo
            last!.nextLine = lineNo
        }
        handRead(chunk, scanned: scanning, last: last, end: last != nil)
    }

    /// Finds the lines of `chunk` (whole lines) to replay, numbered from `firstLine`, into
    /// `chunk.lines`, without drafts yet; the number of the line after them. Done as the chunk is
    /// read, once: scanning, by either thread, then only reads each line into its draft.
    private static func split(_ chunk: Chunk, firstLine: Int) -> Int {
        chunk.buffer.withUnsafeBufferPointer { p in
            let bytes = UnsafeBufferPointer(rebasing: p[..<chunk.count])
            let end = bytes.count
            let origin = UnsafeRawPointer(bytes.baseAddress!)
            var start = 0
            var lineNo = firstLine
            while start < end {
                let stop = memchr(origin + start, 10, end - start)! - UnsafeMutableRawPointer(mutating: origin)
                defer { start = stop + 1; lineNo += 1 }
                guard let lineEnd = JournalReader.replayedLineEnd(bytes, start, stop, lineNo) else { continue }
                chunk.lines.append(Line(start: start, end: lineEnd, number: lineNo, draft: -1))
            }
            return lineNo
        }
    }

    /// Reads each of `chunk`'s lines that is canonical into its draft, with `scanner`, the scanner
    /// of thread `index` (0 reading, 1 replaying).
    fileprivate static func scan(_ scanner: inout CanonicalScanner, _ chunk: Chunk, as index: Int) {
        chunk.scanner = index
        chunk.buffer.withUnsafeBufferPointer { p in
            scanner.bytes = UnsafeBufferPointer(rebasing: p[..<chunk.count])
            chunk.lines.withUnsafeMutableBufferPointer { lines in
                for k in lines.indices {
                    lines[k].draft = scanner.draft(lines[k].start, lines[k].end, escaped: &chunk.escaped,
                                                   stances: &chunk.stances, others: &chunk.others)
                }
            }
        }
    }
}
