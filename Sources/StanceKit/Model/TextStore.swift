/// The texts of the stances, one after another, in UTF-8: a stance keeps where its text is
/// (`Stance.textStart`, `textLength`). A `String` a stance was a fifth of a replay (an allocation,
/// a copy and a UTF-8 check per line) and 90 bytes of memory.
///
/// Only ever appended to, so a stance undone and redone finds its text where it was; the bytes of
/// a stance that was undone, or of a command that failed after storing its text, are left unused.
struct TextStore: ~Copyable {
    /// Where a text is: `start` and `length` in bytes, `length` -1 for no text.
    struct Ref {
        var start: Int
        var length: Int32
        static let none = Ref(start: 0, length: -1)
    }

    /// The bytes, managed by hand: `Array.append(contentsOf:)` cost about 70 instructions a text
    /// around the copy itself (its uniqueness and capacity checks, through generic code), on the
    /// replaying thread, for every stance with a text. Not copyable, so that one store owns them
    /// (a class would be retained and released at every use instead).
    private var bytes: UnsafeMutablePointer<UInt8>?
    private var count = 0
    private var capacity = 0

    init() {}

    deinit { bytes?.deallocate() }

    /// The text at `start`, `length` bytes; nil for `length` -1.
    func text(_ start: Int, _ length: Int32) -> String? {
        guard length >= 0 else { return nil }
        guard length > 0, let bytes else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes + start, count: Int(length)), as: UTF8.self)
    }

    /// Stores a text (nil: no text).
    mutating func store(_ text: String?) -> Ref {
        guard var t = text else { return .none }
        return t.withUTF8 { store(UnsafeRawBufferPointer($0)) }
    }

    /// Stores valid UTF-8 bytes (the journal's fast path has checked them).
    mutating func store(_ text: UnsafeRawBufferPointer) -> Ref {
        let ref = Ref(start: count, length: Int32(text.count))
        if count + text.count > capacity { grow(to: count + text.count) }
        if let from = text.baseAddress, text.count > 0 {
            // Past `count` the memory is not initialized yet: initialize, not update.
            (bytes! + count).initialize(from: from.assumingMemoryBound(to: UInt8.self), count: text.count)
        }
        count += text.count
        return ref
    }

    /// Room for `n` more bytes, at least doubling (see `State.reserve`).
    mutating func reserve(_ n: Int) {
        if capacity < count + n { grow(to: count + n) }
    }

    /// Capacity for at least `needed` bytes, at least double what there was. Capacity never used
    /// is never touched: it costs address space, not memory.
    private mutating func grow(to needed: Int) {
        let new = max(needed, 2 * capacity, 64)
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: new)
        if let bytes {
            fresh.initialize(from: bytes, count: count)
            bytes.deallocate()
        }
        bytes = fresh
        capacity = new
    }
}
