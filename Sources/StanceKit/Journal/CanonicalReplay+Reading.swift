/// The id table and words of `CanonicalReplay` (see CanonicalReplay.swift for why, and what they
/// fall back on); reading the bytes themselves is `CanonicalScanner`'s.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CanonicalReplay {
    /// One id in the table: where its bytes are in `idBytes`, the entity it named, and the state's
    /// `unnamingGeneration` when that was checked. Kept small (24 bytes): the table is probed
    /// three times a stance.
    struct Slot {
        var hash: UInt64 = 0
        var start: Int32 = 0
        var entity: Int32 = -1
        var generation: Int32 = -1
        var length: UInt16 = 0
        var isActor = false
    }

    /// Whether `ids[a..<a+n]` equals the `n` bytes at `q`.
    /// Compared eight bytes at a time, the last eight overlapping: ids are short, and calling
    /// memcmp for them cost more than the comparison.
    @inline(__always) static func same(_ ids: [UInt8], _ a: Int, _ q: UnsafeRawPointer, _ n: Int) -> Bool {
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

    /// The live entity whose id is `id` (its bytes in the chunk; an actor when `actorOnly`), as
    /// `state.entity(id:)` finds it. A slot is trusted only when its bytes equal these and no id has
    /// stopped naming its entity since it was filled (`State.unnamingGeneration`); otherwise the
    /// state is asked (through a `String`) and the slot renewed.
    mutating func entity(_ id: DraftId, actorOnly: Bool) -> Int32? {
        let h = id.hash, s = Int(id.start), e = Int(id.end)
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let mask = slots.count - 1
        var k = Int(truncatingIfNeeded: h) & mask
        while slots[k].hash != 0 {
            if slots[k].hash == h && Int(slots[k].length) == e - s && CanonicalReplay.same(idBytes, Int(slots[k].start), raw + s, e - s) {
                break
            }
            k = (k + 1) & mask
        }
        // An id longer than a UInt16 or a generation past Int32 never gets here: ids have at most
        // 64 bytes, and a generation that large just makes every slot stale (the slow path).
        if slots[k].hash != 0 && Int(slots[k].generation) == state.unnamingGeneration {
            return actorOnly && !slots[k].isActor ? nil : slots[k].entity
        }
        guard let i = state.entity(id: String(decoding: bytes[s..<e], as: UTF8.self)) else { return nil }
        let isActor = state.entities[Int(i)].type == .actor
        let fresh = slots[k].hash == 0
        let start = fresh ? idBytes.count : Int(slots[k].start)
        if fresh { idBytes.append(contentsOf: bytes[s..<e]) }
        slots[k] = Slot(hash: h, start: Int32(start), entity: i, generation: Int32(truncatingIfNeeded: state.unnamingGeneration),
                        length: UInt16(e - s), isActor: isActor)
        if fresh {
            used += 1
            if used * 2 > slots.count { grow() }
        }
        return actorOnly && !isActor ? nil : i
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
