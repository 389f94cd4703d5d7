#if canImport(Glibc)
import Glibc
#endif
import StanceKit

/// One physical line read, or why none was.
enum LineInput {
    case line([UInt8])
    /// A line longer than the limit was skipped to its end.
    case tooLong
    case eof
    /// A signal arrived (SIGINT, SIGTERM, SIGHUP) while reading.
    case interrupted(Int32)
}

/// Reads lines of bytes from a descriptor, in chunks: no libedit, no locale, no decoding.
/// A line longer than the logical-line limit is skipped to its end and reported, so a 5 MB
/// line costs no more memory than the limit.
final class ByteLineReader {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    private var skipping = false
    /// Bytes before this were searched for a newline already: each byte is looked at once, so a
    /// 5 MB line costs linear time, not a rescan of the buffer for every chunk read.
    private var searched = 0
    let limit = LineAssembler.maxLength + 1
    static let zeros = [UInt8](repeating: 0, count: 1 << 16)

    /// `prefix`: bytes of the input read already (to see whether it is a journal).
    init(fd: Int32, prefix: [UInt8] = []) {
        self.fd = fd
        buffer = prefix
    }

    /// Reads the start of the input while it may still be `mark`: no more than it, and no further
    /// once it differs, so that a program driving stance line by line is answered at once.
    static func readStart(fd: Int32, mark: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        while out.count < mark.count, mark.starts(with: out),
              let piece = readSome(fd: fd, max: mark.count - out.count), !piece.isEmpty { out += piece }
        return out
    }

    /// Reads to the end of the input; nil when a signal stopped it.
    static func readAll(fd: Int32) -> [UInt8]? {
        var out: [UInt8] = []
        while true {
            guard let piece = readSome(fd: fd, max: 1 << 16) else { return nil }
            if piece.isEmpty { return out }
            out += piece
        }
    }

    /// One read(2): the bytes ([] at the end or on an error), or nil when a signal arrived.
    private static func readSome(fd: Int32, max: Int) -> [UInt8]? {
        var buf = [UInt8](repeating: 0, count: max)
        while true {
            let n = read(fd, &buf, max)
            if n >= 0 { return Array(buf[..<n]) }
            if errno != EINTR { return [] }
            if Signals.peek() != 0 { return nil }
        }
    }

    /// The index of the first newline at or after `from` (memchr, fast in a debug build too).
    private func newline(from: Int) -> Int? {
        buffer.withUnsafeBytes { p -> Int? in
            guard from < p.count, let base = p.baseAddress, let q = memchr(base + from, 10, p.count - from) else { return nil }
            return base.distance(to: UnsafeRawPointer(q))
        }
    }

    func next() -> LineInput {
        while true {
            if let nl = newline(from: max(start, searched)) {
                let line = Array(buffer[start..<nl])
                start = nl + 1
                if skipping { skipping = false; return .tooLong }
                return .line(line)
            }
            searched = buffer.count
            if buffer.count - start > limit {
                skipping = true
                buffer.removeAll(keepingCapacity: true)
                start = 0
                searched = 0
            }
            if eof {
                if skipping { skipping = false; return .tooLong }
                if start < buffer.count {
                    let line = Array(buffer[start...])
                    start = buffer.count
                    return .line(line)
                }
                return .eof
            }
            if start > 0 && start > buffer.count / 2 {
                buffer.removeSubrange(0..<start)
                searched -= start
                start = 0
            }
            // A signal that arrived while we were busy must not leave us blocked in read(2):
            // check the flag first, and wait with poll(2) in short slices.
            let pending = Signals.take()
            if pending != 0 { return .interrupted(pending) }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 250)
            if ready == 0 { continue }
            if ready < 0 {
                if errno == EINTR { continue }
                eof = true
                continue
            }
            let chunk = ByteLineReader.zeros.count
            let old = buffer.count
            buffer.append(contentsOf: ByteLineReader.zeros)  // a memcpy: `repeatElement` made a 5 MB line cost 2 s in a debug build
            let n = buffer.withUnsafeMutableBytes { p in read(fd, p.baseAddress! + old, chunk) }
            if n < 0 {
                buffer.removeSubrange(old...)
                if errno == EINTR {
                    let sig = Signals.take()
                    if sig != 0 { return .interrupted(sig) }
                    continue
                }
                eof = true
                continue
            }
            buffer.removeSubrange((old + n)...)
            if n == 0 { eof = true }
        }
    }
}
