/// The texts of the stances, one after another, in UTF-8: a stance keeps where its text is
/// (`Stance.textStart`, `textLength`). A `String` a stance was a fifth of a replay (an allocation,
/// a copy and a UTF-8 check per line) and 90 bytes of memory.
///
/// Only ever appended to, so a stance undone and redone finds its text where it was; the bytes of
/// a stance that was undone, or of a command that failed after storing its text, are left unused.
struct TextStore {
    /// Where a text is: `start` and `length` in bytes, `length` -1 for no text.
    struct Ref {
        var start: Int
        var length: Int32
        static let none = Ref(start: 0, length: -1)
    }

    private var bytes: [UInt8] = []

    /// The text at `start`, `length` bytes; nil for `length` -1.
    func text(_ start: Int, _ length: Int32) -> String? {
        guard length >= 0 else { return nil }
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + Int(length)]), as: UTF8.self)
        }
    }

    /// Stores a text (nil: no text).
    mutating func store(_ text: String?) -> Ref {
        guard var t = text else { return .none }
        return t.withUTF8 { store(UnsafeRawBufferPointer($0)) }
    }

    /// Stores valid UTF-8 bytes (the journal's fast path has checked them).
    mutating func store(_ text: UnsafeRawBufferPointer) -> Ref {
        let ref = Ref(start: bytes.count, length: Int32(text.count))
        // As typed bytes, so that `append` copies them in one go (a raw buffer went byte by byte).
        bytes.append(contentsOf: text.assumingMemoryBound(to: UInt8.self))
        return ref
    }

    /// Room for `n` more bytes, at least doubling (see `State.reserve`).
    mutating func reserve(_ n: Int) {
        if bytes.capacity < bytes.count + n { bytes.reserveCapacity(max(bytes.count + n, 2 * bytes.count)) }
    }
}
