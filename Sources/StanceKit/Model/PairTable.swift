/// (holder, target) → the index of the pair's current stance, for `State`.
///
/// A `Dictionary<UInt64, Int32>` did this before: every stance of a replay probes it once, and its
/// SipHash of the key and its rehashing as it grew were 4% of a replay. This is an open-addressing
/// table with linear probing, Fibonacci hashing of the key (the pairs are small, dense integers)
/// and backward-shift deletion, so no tombstones build up under undo.
struct PairTable {
    /// A key and its value side by side, so that a probe touches one cache line. A stored key has
    /// its top bit set (a pair's is always clear: indexes are non-negative `Int32`s), so 0 marks
    /// an empty slot.
    private struct Slot {
        var key: UInt64 = 0
        var value: Int32 = 0
    }

    private var slots: [Slot]
    private var shift: UInt64
    private(set) var count = 0
    /// `HashSeed`, mixed into every key before it is hashed (held here, as reading the global
    /// would check that it was made at every probe).
    private let seed = HashSeed.value

    init() {
        slots = Array(repeating: Slot(), count: 16)
        shift = 64 - 4
    }

    @inline(__always) private static func stored(_ key: UInt64) -> UInt64 { key | 1 << 63 }

    @inline(__always) private func home(_ stored: UInt64) -> Int {
        Int(truncatingIfNeeded: ((stored ^ seed) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The slot of `key`, or of the empty slot where it would go.
    @inline(__always) private func slot(_ stored: UInt64) -> Int {
        let mask = slots.count - 1
        var i = home(stored)
        while slots[i].key != 0 && slots[i].key != stored { i = (i + 1) & mask }
        return i
    }

    subscript(key: UInt64) -> Int32? {
        get {
            let k = PairTable.stored(key)
            let i = slot(k)
            return slots[i].key == 0 ? nil : slots[i].value
        }
        set {
            if let newValue { updateValue(newValue, forKey: key) } else { removeValue(forKey: key) }
        }
    }

    /// Sets the value of `key`; returns the old one, as `Dictionary.updateValue` does.
    @discardableResult
    mutating func updateValue(_ value: Int32, forKey key: UInt64) -> Int32? {
        let k = PairTable.stored(key)
        let i = slot(k)
        if slots[i].key == k {
            let old = slots[i].value
            slots[i].value = value
            return old
        }
        slots[i] = Slot(key: k, value: value)
        count += 1
        if count * 2 > slots.count { grow() }
        return nil
    }

    mutating func removeValue(forKey key: UInt64) {
        let mask = slots.count - 1
        var i = slot(PairTable.stored(key))
        guard slots[i].key != 0 else { return }
        count -= 1
        // Backward shift: move up every later entry of the run that may sit in the hole.
        var j = (i + 1) & mask
        while slots[j].key != 0 {
            let h = home(slots[j].key)
            if (j - h) & mask >= (j - i) & mask {
                slots[i] = slots[j]
                i = j
            }
            j = (j + 1) & mask
        }
        slots[i].key = 0
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        shift -= 1
        for x in old where x.key != 0 { slots[slot(x.key)] = x }
    }
}
