/// The byte-level readers of `CanonicalReplay`: words, ids, strings and the id table, all reading
/// the journal's bytes in place (see CanonicalReplay.swift for why, and what they fall back on).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
// MARK: Reading bytes in place

extension CanonicalReplay {
    static let stanceWord = Array("stance".utf8), linkWord = Array("link".utf8), setWord = Array("set".utf8)
    static let actorWord = Array("actor".utf8), concernWord = Array("concern".utf8)
    static let kindKey = Array("kind".utf8), parentKey = Array("parent".utf8)
    static let positions: [([UInt8], Position)] = [
        (Array("supports".utf8), .supports), (Array("opposes".utf8), .opposes), (Array("mixed".utf8), .mixed),
        (Array("neutral".utf8), .neutral), (Array("raises".utf8), .raises),
    ]
    static let specialKeys = ["name", "kind", "parent", "id", "by", "holder", "target"].map { Array($0.utf8) }

    @inline(__always) func matches(_ s: Int, _ e: Int, _ word: [UInt8]) -> Bool {
        e - s == word.count && same(s, word)
    }

    @inline(__always) func same(_ s: Int, _ word: [UInt8]) -> Bool {
        for k in 0..<word.count where bytes[s + k] != word[k] { return false }
        return true
    }

    @inline(__always) func same(_ a: Int, _ b: Int, _ n: Int) -> Bool {
        for k in 0..<n where bytes[a + k] != bytes[b + k] { return false }
        return true
    }

    /// A position written as its full word (`supports`…) in `bytes[s..<e]`.
    func position(_ s: Int, _ e: Int) -> (value: Position, length: Int)? {
        for (w, p) in CanonicalReplay.positions where matches(s, e, w) { return (p, w.count) }
        return nil
    }

    func isSpecialKey(_ s: Int, _ e: Int) -> Bool {
        CanonicalReplay.specialKeys.contains { matches(s, e, $0) }
    }

    @inline(__always) func isIDByte(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 45 || c == 46 || c == 95
    }

    @inline(__always) func isKeyByte(_ c: UInt8) -> Bool { Canonical.isKeyByte(c) }
    @inline(__always) func isTagByte(_ c: UInt8) -> Bool { Canonical.isKeyByte(c) }
    @inline(__always) func isValueByte(_ c: UInt8) -> Bool { Canonical.isKeyByte(c) }

    /// An id (`[a-z0-9][a-z0-9._-]*`) starting at `i` and ending at a space or the end of the line.
    func idWord(_ i: Int, _ end: Int) -> (start: Int, end: Int)? {
        guard i < end, (bytes[i] >= 97 && bytes[i] <= 122) || (bytes[i] >= 48 && bytes[i] <= 57) else { return nil }
        var k = i + 1
        while k < end && isIDByte(bytes[k]) { k += 1 }
        guard k == end || bytes[k] == 32 else { return nil }
        return (i, k)
    }

    /// A quoted string at `i` (its `"`), decoded as the lexer does, followed by a space or the
    /// end of the line; nil for an escape other than `\"`, `\\`, `\n`, `\t`, or no closing quote.
    func string(_ i: Int, _ end: Int) -> (value: String, end: Int)? {
        var k = i + 1
        while k < end && bytes[k] != 34 && bytes[k] != 92 { k += 1 }
        guard k < end else { return nil }
        if bytes[k] == 34 {
            guard k + 1 == end || bytes[k + 1] == 32 else { return nil }
            return (String(decoding: bytes[(i + 1)..<k], as: UTF8.self), k + 1)
        }
        var out = Array(bytes[(i + 1)..<k])
        while k < end {
            let c = bytes[k]
            if c == 34 {
                guard k + 1 == end || bytes[k + 1] == 32 else { return nil }
                return (String(decoding: out, as: UTF8.self), k + 1)
            }
            if c == 92 {
                guard k + 1 < end else { return nil }
                switch bytes[k + 1] {
                case 34: out.append(34)
                case 92: out.append(92)
                case 110: out.append(10)
                case 116: out.append(9)
                default: return nil
                }
                k += 2
                continue
            }
            out.append(c)
            k += 1
        }
        return nil
    }

    @inline(__always) func hash(_ s: Int, _ e: Int) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(e - s)
            var k = s
            while k + 8 <= e {
                h = (h ^ raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 29
                k += 8
            }
            var w: UInt64 = 0
            while k < e { w = w << 8 | UInt64(raw[k]); k += 1 }
            h = (h ^ w) &* 0xC4CE_B9FE_1A85_EC53
            return h ^ (h >> 32) | 1 // never 0, which marks an empty slot
        }
    }

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

    /// Whether `idBytes[a..<a+n]` equals `bytes[s..<s+n]`.
    @inline(__always) func sameID(_ a: Int, _ s: Int, _ n: Int) -> Bool {
        idBytes.withUnsafeBufferPointer { p in
            bytes.withUnsafeBufferPointer { q in memcmp(p.baseAddress! + a, q.baseAddress! + s, n) == 0 }
        }
    }

    /// The live entity whose id is `bytes[s..<e]` (an actor when `actorOnly`), as
    /// `state.entity(id:)` finds it. A slot is trusted only when its bytes equal these and no id has
    /// stopped naming its entity since it was filled (`State.unnamingGeneration`); otherwise the
    /// state is asked (through a `String`) and the slot renewed.
    mutating func entity(_ s: Int, _ e: Int, actorOnly: Bool) -> Int32? {
        let h = hash(s, e)
        let mask = slots.count - 1
        var k = Int(truncatingIfNeeded: h) & mask
        while slots[k].hash != 0 {
            if slots[k].hash == h && Int(slots[k].length) == e - s && sameID(Int(slots[k].start), s, e - s) { break }
            k = (k + 1) & mask
        }
        let state = engine.state
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

    /// A tag, key or relation as a `String`, made once per distinct word.
    mutating func word(_ s: Int, _ e: Int) -> String {
        let h = hash(s, e)
        if let w = words[h], w.utf8.elementsEqual(bytes[s..<e]) { return w }
        let w = String(decoding: bytes[s..<e], as: UTF8.self)
        words[h] = w
        return w
    }
}
