#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ids a `CanonicalScanner` reads, numbered in the order they are first seen: the same bytes
/// always get the same number, different bytes different ones.
///
/// Why: finding an id's entity was a hash-table probe and a comparison of its bytes on the
/// replaying thread, for every id of every line, and that thread is the slower of the two
/// (at 100,000 entries the reading thread waited for it a third of the time). Numbering needs no
/// state, so the reading thread does it (`ReadAhead`), and the replaying thread finds a number's
/// entity in a flat array (`CanonicalReplay.entity`). What a number names is still the state's
/// to say: the replaying thread checks its array against `State.unnamingGeneration`.
struct IdNumbers {
    /// An id: the hash of its bytes (`DraftId.hash`, never 0; 0 marks an empty slot), where its
    /// bytes are in `bytes`, and its number.
    private struct Slot {
        var hash: UInt64 = 0
        var start: Int32 = 0
        var length: Int32 = 0
        var number: Int32 = 0
    }

    private var slots = [Slot](repeating: Slot(), count: 1024)
    /// The bytes of the ids numbered, one after another: comparing against these, not against
    /// where an id was first seen in the file, keeps a lookup in cache at a million entries.
    private var bytes: [UInt8] = []
    private(set) var count: Int32 = 0

    /// The number of the id `raw[s..<e]`, whose hash is `hash`; -1 once the ids' bytes reach
    /// 2 GB (beyond a journal's, but a number must never be given to two ids).
    mutating func number(_ raw: UnsafeRawPointer, _ s: Int, _ e: Int, hash: UInt64) -> Int32 {
        let n = e - s
        let mask = slots.count - 1
        var k = Int(truncatingIfNeeded: hash) & mask
        while slots[k].hash != 0 {
            if slots[k].hash == hash && Int(slots[k].length) == n && IdNumbers.same(bytes, Int(slots[k].start), raw + s, n) {
                return slots[k].number
            }
            k = (k + 1) & mask
        }
        guard bytes.count + n < Int(Int32.max), count < Int32.max else { return -1 }
        let number = count
        slots[k] = Slot(hash: hash, start: Int32(bytes.count), length: Int32(n), number: number)
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: raw + s, count: n))
        count += 1
        if Int(count) * 2 > slots.count { grow() }
        return number
    }

    /// Whether `ids[a..<a+n]` equals the `n` bytes at `q`.
    /// Compared eight bytes at a time, the last eight overlapping: ids are short, and calling
    /// memcmp for them cost more than the comparison.
    @inline(__always) private static func same(_ ids: [UInt8], _ a: Int, _ q: UnsafeRawPointer, _ n: Int) -> Bool {
        ids.withUnsafeBytes { buffer in
            let p = buffer.baseAddress! + a
            if n < 8 { return memcmp(p, q, n) == 0 }
            var k = 0
            while k + 8 < n {
                if p.loadUnaligned(fromByteOffset: k, as: UInt64.self) != q.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
                k += 8
            }
            return p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == q.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        let mask = slots.count - 1
        for x in old where x.hash != 0 {
            var k = Int(truncatingIfNeeded: x.hash) & mask
            while slots[k].hash != 0 { k = (k + 1) & mask }
            slots[k] = x
        }
    }
}
