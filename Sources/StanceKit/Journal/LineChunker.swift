/// Reads a journal file up to `end` (the end of its last whole line) in chunks of whole lines:
/// the one loop behind reading a journal in one thread (`JournalReader.replay`) and on a second
/// one (`ReadAhead`).
///
/// The caller owns the buffer. `next` fills it, after the `filled` bytes already at its front
/// (the unfinished line of the chunk before), until it holds at least one whole line, growing it
/// for a line longer than it; the caller replays or scans the whole lines, moves the unfinished
/// line to the front of the buffer it fills next, and calls `consumed`.
struct LineChunker {
    let reader: JournalReader
    let end: Int
    /// Where the buffer's first byte is in the file.
    private(set) var offset = 0
    /// Bytes at the front of the buffer.
    private(set) var filled = 0

    init(_ reader: JournalReader, end: Int) {
        self.reader = reader
        self.end = end
    }

    var isDone: Bool { offset >= end }

    /// Reads into `buffer` (at most `room` bytes, more for a long line) until it holds a whole
    /// line; returns where its last whole line ends (after the newline). A file that cannot be
    /// read, or that changed while it was read, is a `Damage` at `line`.
    mutating func next(into buffer: inout [UInt8], room: Int, line: Int) throws(JournalReader.Damage) -> Int {
        var room = room
        while true {
            let want = min(room - filled, end - offset - filled)
            let got = reader.read(offset + filled, want, into: &buffer, at: filled)
            if got < 0 { throw reader.readFailure(-got, line: line) }
            if got == 0 && want > 0 { throw reader.changed("it got shorter", line: line) }
            filled += got
            if let last = buffer[..<filled].lastIndex(of: 10) { return last + 1 }
            // All read and no newline: the file changed under us (it ended with one).
            guard offset + filled < end else { throw reader.changed(nil, line: line) }
            if room == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            room = buffer.count
        }
    }

    /// The first `count` bytes are done with; the rest (`filled - count`) is now at the front of
    /// the next buffer.
    mutating func consumed(_ count: Int) {
        offset += count
        filled -= count
    }
}
