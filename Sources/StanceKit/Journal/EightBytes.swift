/// Reading a line eight bytes at a time, as one little-endian `UInt64` (the journal's fast path:
/// ids, words, texts; and `Display.escapeControls`). One place for the tricks every such reader
/// uses.
enum EightBytes {
    @inline(__always) static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @inline(__always) static var highs: UInt64 { 0x8080_8080_8080_8080 }

    /// The high bit of each zero byte of `w` (the classic "has a zero byte" test). A borrow can
    /// also flag a byte after a zero one, never before: the lowest flag is the first zero byte.
    @inline(__always) static func zeros(_ w: UInt64) -> UInt64 { (w &- ones) & ~w & highs }

    /// The high bit of each byte of `w` below `n` (1 to 0x80; the lowest flag exact, as for
    /// `zeros`, which is `below(w, 1)`). A byte of 0x80 and up is never flagged by itself.
    @inline(__always) static func below(_ w: UInt64, _ n: UInt8) -> UInt64 { (w &- ones &* UInt64(n)) & ~w & highs }

    /// The high bit of each byte of `w` that is `b` (the lowest flag exact, as for `zeros`).
    @inline(__always) static func matches(_ w: UInt64, _ b: UInt8) -> UInt64 { zeros(w ^ (ones &* UInt64(b))) }

    /// The index (0 to 7) of the byte whose flag is the lowest set in `flags` (not 0).
    @inline(__always) static func first(_ flags: UInt64) -> Int { flags.trailingZeroBitCount >> 3 }

    /// The first `n` bytes of `w` (0 to 8), in the line's order, as one big-endian integer, as
    /// `CanonicalScanner.packed` makes them: "stance" is 0x7374616e6365.
    @inline(__always) static func packed(_ w: UInt64, _ n: Int) -> UInt64 {
        n == 0 ? 0 : (n == 8 ? w : w & (UInt64.max >> (64 - 8 * UInt64(n)))).byteSwapped >> (8 * UInt64(8 - n))
    }

    /// The first `n` bytes of `w` (0 to 7), the rest zero, in the load's order (an id's tail, to hash).
    @inline(__always) static func prefix(_ w: UInt64, _ n: Int) -> UInt64 {
        n == 0 ? 0 : w & (UInt64.max >> (64 - 8 * UInt64(n)))
    }
}
