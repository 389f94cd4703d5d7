#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// (holder, target) → the index of the pair's current stance, for `State`.
///
/// A `Dictionary<UInt64, Int32>` did this before: every stance of a replay probes it once, and its
/// SipHash of the key and its rehashing as it grew were 4% of a replay. This is an open-addressing
/// table with linear probing, Fibonacci hashing of the key (the pairs are small, dense integers)
/// and backward-shift deletion, so no tombstones build up under undo.
struct PairTable: ~Copyable {
    /// A key and its value side by side, so that a probe touches one cache line: 12 bytes, the key
    /// as two halves, since a `UInt64` would align the slot to 16 (the table, as it grew, took a
    /// ninth of a 10,000-entry replay's page faults, and a page fault takes ~3 µs on this VM). A
    /// stored key has its top bit set (a pair's is always clear: indexes are non-negative
    /// `Int32`s), so 0 marks an empty slot.
    private struct Slot {
        var high: UInt32 = 0
        var low: UInt32 = 0
        var value: Int32 = 0

        init() {}

        init(key: UInt64, value: Int32) {
            high = UInt32(truncatingIfNeeded: key >> 32)
            low = UInt32(truncatingIfNeeded: key)
            self.value = value
        }

        @inline(__always) var key: UInt64 { UInt64(high) << 32 | UInt64(low) }
        @inline(__always) var isEmpty: Bool { high == 0 }
    }

    /// The slots, managed by hand and owned by the table (not copyable, as `TextStore`): a
    /// class holding them, shared by copies until one changed, cost a uniqueness check and a
    /// load through it at every update (1% of a 10,000-entry replay).
    private var slots: UnsafeMutablePointer<Slot>
    private(set) var capacity: Int
    /// The mapping the slots are in (`HugePages.map`), or nil when they were allocated.
    private var mapping: UnsafeMutableRawBufferPointer?
    private var shift: UInt64
    private(set) var count = 0
    /// `HashSeed`, mixed into every key before it is hashed (held here, as reading the global
    /// would check that it was made at every probe).
    private let seed = HashSeed.value

    init() {
        (slots, mapping) = PairTable.make(16)
        capacity = 16
        shift = 64 - 4
    }

    /// Room for `pairs` keys without growing (the load stays at most a half). A replay reserves
    /// what its journal's size suggests before it starts (`State.reserve`), so that the table
    /// is not rebuilt as it doubles from 16 slots: at 10,000 entries those rebuilds were 2.3% of
    /// the replay's instructions and a ninth of its page faults. Never shrinks.
    mutating func reserve(_ pairs: Int) {
        var wanted = capacity
        while wanted < 2 * pairs { wanted *= 2 }
        if wanted > capacity { resize(wanted) }
    }

    deinit { PairTable.free(slots, capacity, mapping) }

    @inline(__always) private static func stored(_ key: UInt64) -> UInt64 { key | 1 << 63 }

    @inline(__always) private func home(_ stored: UInt64) -> Int {
        Int(truncatingIfNeeded: ((stored ^ seed) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The slot of `key`, or of the empty slot where it would go.
    @inline(__always) private func slot(_ stored: UInt64) -> Int {
        let mask = capacity - 1
        var i = home(stored)
        while !slots[i].isEmpty && slots[i].key != stored { i = (i + 1) & mask }
        return i
    }

    subscript(key: UInt64) -> Int32? {
        get {
            let k = PairTable.stored(key)
            let i = slot(k)
            return slots[i].isEmpty ? nil : slots[i].value
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
        if count * 2 > capacity { grow() }
        return nil
    }

    mutating func removeValue(forKey key: UInt64) {
        let mask = capacity - 1
        var i = slot(PairTable.stored(key))
        guard !slots[i].isEmpty else { return }
        count -= 1
        // Backward shift: move up every later entry of the run that may sit in the hole.
        var j = (i + 1) & mask
        while !slots[j].isEmpty {
            let h = home(slots[j].key)
            if (j - h) & mask >= (j - i) & mask {
                slots[i] = slots[j]
                i = j
            }
            j = (j + 1) & mask
        }
        slots[i].high = 0
    }

    private mutating func grow() { resize(2 * capacity) }

    /// The same keys in `newCapacity` slots (a power of two, more than `count`).
    private mutating func resize(_ newCapacity: Int) {
        let (old, oldCapacity, oldMapping) = (slots, capacity, mapping)
        capacity = newCapacity
        (slots, mapping) = PairTable.make(capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        for i in 0..<oldCapacity where !old[i].isEmpty { slots[slot(old[i].key)] = old[i] }
        PairTable.free(old, oldCapacity, oldMapping)
    }

    /// `count` zeroed slots. A table of 4 MiB or more (a million-entry replay's is 24 MiB) is
    /// mapped on its own as huge pages (`HugePages.map`): its pages are not zeroed here (the
    /// kernel maps zeroed ones), and its random probes, one a stance, miss the TLB far less. A
    /// smaller one is zeroed here, which faults its pages in once each: left to the kernel
    /// (`calloc`), a probe's read mapped the zero page and its write then faulted again, 95
    /// faults instead of 48 for the 10,000-entry replay's table.
    private static func make(_ count: Int) -> (UnsafeMutablePointer<Slot>, UnsafeMutableRawBufferPointer?) {
        let bytes = count * MemoryLayout<Slot>.stride
        if bytes >= 2 * HugePages.size, let (mapping, start) = HugePages.map(bytes) {
            return (start.bindMemory(to: Slot.self, capacity: count), mapping)
        }
        let slots = UnsafeMutablePointer<Slot>.allocate(capacity: count)
        slots.initialize(repeating: Slot(), count: count)
        return (slots, nil)
    }

    private static func free(_ slots: UnsafeMutablePointer<Slot>, _ count: Int, _ mapping: UnsafeMutableRawBufferPointer?) {
        if let mapping {
            munmap(mapping.baseAddress, mapping.count)
        } else {
            slots.deinitialize(count: count)
            slots.deallocate()
        }
    }
}
