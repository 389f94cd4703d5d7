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
/// on this thread, 168 M on the replaying one, which still waits less: it is the one that fills
/// memory), and the machines stance runs on have a second core. So this
/// thread reads and scans chunk after chunk while the replaying thread applies the one before, in
/// the journal's order; every other line, and every draft that does not apply, goes through the
/// replaying thread's usual paths, so what is applied, and every error and its FILE:LINE:COL, are
/// those of reading the file in one thread.
///
/// The two threads share nothing but the chunks, handed over under one mutex: a chunk belongs to
/// the reading thread until it is in `ready`, then to the replaying thread until it is recycled.
final class ReadAhead: @unchecked Sendable {
    /// One chunk of whole lines and what the reading thread found in it.
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
    private var ready: [Chunk] = []
    private var free: [Chunk] = []
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
    private var thread = pthread_t()

    /// Starts reading `reader`'s file up to `end` (the end of its last whole line) on a new
    /// thread; nil when no thread could be made (the caller then reads in its own).
    static func start(_ reader: JournalReader, end: Int, chunkSize: Int) -> ReadAhead? {
        let ahead = ReadAhead(reader, end: end, chunkSize: chunkSize)
        let context = Unmanaged.passRetained(ahead).toOpaque()
        let made = pthread_create(&ahead.thread, nil, { context in
            let ahead = Unmanaged<ReadAhead>.fromOpaque(context!).takeRetainedValue()
            ahead.produce()
            return nil
        }, context)
        guard made == 0 else {
            Unmanaged<ReadAhead>.fromOpaque(context).release()
            return nil
        }
        return ahead
    }

    private init(_ reader: JournalReader, end: Int, chunkSize: Int) {
        self.reader = reader
        self.end = end
        self.chunkSize = chunkSize
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
    func next() -> Chunk {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while ready.isEmpty { pthread_cond_wait(changed, lock) }
        return ready.removeFirst()
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

    /// A free chunk (a new one while fewer than `maxChunks` are made), waiting for one; nil once stopped.
    private func take() -> Chunk? {
        pthread_mutex_lock(lock)
        if free.isEmpty && made < maxChunks && !stopped {
            made += 1
            pthread_mutex_unlock(lock)
            return Chunk(capacity: min(chunkSize, max(end, 1)))
        }
        defer { pthread_mutex_unlock(lock) }
        while free.isEmpty && !stopped { pthread_cond_wait(changed, lock) }
        if stopped { return nil }
        let chunk = free.removeLast()
        chunk.reset()
        return chunk
    }

    private func publish(_ chunk: Chunk) {
        pthread_mutex_lock(lock)
        ready.append(chunk)
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
    }

    /// Reads the file chunk by chunk (`LineChunker`, as `JournalReader.replay` does in one
    /// thread), scans each, and hands it over.
    private func produce() {
        var scanner = CanonicalScanner(bytes: UnsafeBufferPointer(start: nil, count: 0))
        var lineNo = 1
        var chunker = LineChunker(reader, end: end)
        guard var chunk = take() else { return }
        // The first chunk small, so that the replaying thread starts early (it waits for it).
        var room = min(chunk.buffer.count, 1 << 14)
        while !chunker.isDone {
            let count: Int
            do {
                count = try chunker.next(into: &chunk.buffer, room: room, line: lineNo)
            } catch {
                chunk.failure = error
                break
            }
            chunk.count = count
            chunk.buffer.withUnsafeBufferPointer { p in
                scanner.bytes = UnsafeBufferPointer(rebasing: p[..<count])
                lineNo = ReadAhead.scan(&scanner, into: chunk, firstLine: lineNo)
            }
            chunk.nextLine = lineNo
            guard let next = take() else { return }
            // The unfinished line to the front of the next chunk.
            let rest = chunker.filled - count
            if next.buffer.count < rest { next.buffer = [UInt8](repeating: 0, count: rest * 2) }
            if rest > 0 {
                chunk.buffer.withUnsafeBytes { from in
                    next.buffer.withUnsafeMutableBytes { to in to.baseAddress!.copyMemory(from: from.baseAddress! + count, byteCount: rest) }
                }
            }
            publish(chunk)
            chunk = next
            room = chunk.buffer.count
            chunker.consumed(count)
        }
        chunk.count = 0
        chunk.nextLine = lineNo
        publish(chunk)
    }

    /// The lines of `scanner.bytes` (whole lines) into `chunk`, each canonical line that reads
    /// as its draft; the number of the line after them.
    private static func scan(_ scanner: inout CanonicalScanner, into chunk: Chunk, firstLine: Int) -> Int {
        let bytes = scanner.bytes
        let end = bytes.count
        let origin = UnsafeRawPointer(bytes.baseAddress!)
        var start = 0
        var lineNo = firstLine
        while start < end {
            let stop = memchr(origin + start, 10, end - start)! - UnsafeMutableRawPointer(mutating: origin)
            defer { start = stop + 1; lineNo += 1 }
            guard let lineEnd = JournalReader.replayedLineEnd(bytes, start, stop, lineNo) else { continue }
            let draft = scanner.draft(start, lineEnd, escaped: &chunk.escaped, stances: &chunk.stances, others: &chunk.others)
            chunk.lines.append(Line(start: start, end: lineEnd, number: lineNo, draft: draft))
        }
        return lineNo
    }
}
