/// The byte-level readers of `CanonicalReplay`: words, ids, strings and the id table, all reading
/// the journal's bytes in place (see CanonicalReplay.swift for why, and what they fall back on).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
// MARK: Reading bytes in place

extension CanonicalReplay {
    static let kindKey = Array("kind".utf8), parentKey = Array("parent".utf8)
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

    /// The time `bytes[s..<e]`, as `Timestamp.parse` reads it. A journal writes 25-byte times
    /// (`2018-04-25T09:00:03-04:00`), and a line of the same date and offset as the last fully
    /// parsed one only has its `HH:MM:SS` read: the date and offset are compared as integers.
    mutating func time(_ s: Int, _ e: Int) -> Timestamp? {
        let raw = UnsafeRawPointer(bytes.baseAddress!) + s
        if e - s == 25 {
            let date = raw.loadUnaligned(as: UInt64.self), date2 = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
            let suffix = raw.loadUnaligned(fromByteOffset: 17, as: UInt64.self) & ~0xFFFF
            if dayKey.date == date && dayKey.date2 == date2 && dayKey.offset == suffix && dayKey.offset != 0,
               raw.load(fromByteOffset: 10, as: UInt8.self) == 84, let hms = clock(raw) {
                return Timestamp(seconds: dayBase + hms, offset: dayOffset)
            }
            guard let t = Timestamp.parse(ArraySlice(UnsafeBufferPointer(rebasing: bytes[s..<e]))) else { return nil }
            if let hms = clock(raw) {
                dayKey = (date, date2, suffix)
                dayBase = t.seconds - hms
                dayOffset = t.offset
            }
            return t
        }
        return Timestamp.parse(ArraySlice(UnsafeBufferPointer(rebasing: bytes[s..<e])))
    }

    /// Seconds into the day of `HH:MM:SS` at bytes 11 to 18 of a time, as `Timestamp.from` counts
    /// them (a leap second as 59); nil when they are not that.
    private func clock(_ raw: UnsafeRawPointer) -> Int64? {
        @inline(__always) func digit(_ k: Int) -> Int64? {
            let c = raw.load(fromByteOffset: k, as: UInt8.self)
            return c >= 48 && c <= 57 ? Int64(c - 48) : nil
        }
        guard raw.load(fromByteOffset: 13, as: UInt8.self) == 58, raw.load(fromByteOffset: 16, as: UInt8.self) == 58,
              let h1 = digit(11), let h2 = digit(12), let m1 = digit(14), let m2 = digit(15),
              let s1 = digit(17), let s2 = digit(18) else { return nil }
        let h = h1 * 10 + h2, m = m1 * 10 + m2, sec = s1 * 10 + s2
        guard h <= 23, m <= 59, sec <= 60 else { return nil }
        return h * 3600 + m * 60 + min(sec, 59)
    }

    /// The bytes `s..<e` (at most 8) as one big-endian integer, so that a word is compared with a
    /// constant in one instruction: `packed` of "stance" is 0x7374616e6365. Callers compare the
    /// length too, since a NUL byte packs as nothing.
    @inline(__always) func packed(_ s: Int, _ e: Int) -> UInt64 {
        guard e - s <= 8 else { return 0 }
        var v: UInt64 = 0
        for k in s..<e { v = v << 8 | UInt64(bytes[k]) }
        return v
    }

    /// A position written as its full word (`supports`…) in `bytes[s..<e]`.
    func position(_ s: Int, _ e: Int) -> (value: Position, length: Int)? {
        switch (e - s, packed(s, e)) {
        case (8, 0x7375_7070_6f72_7473): (.supports, 8)
        case (7, 0x6f_7070_6f73_6573): (.opposes, 7)
        case (5, 0x6d_6978_6564): (.mixed, 5)
        case (7, 0x6e_6575_7472_616c): (.neutral, 7)
        case (6, 0x7261_6973_6573): (.raises, 6)
        default: nil
        }
    }

    func isSpecialKey(_ s: Int, _ e: Int) -> Bool {
        CanonicalReplay.specialKeys.contains { matches(s, e, $0) }
    }

    @inline(__always) func isKeyByte(_ c: UInt8) -> Bool { Canonical.isKeyByte(c) }
    @inline(__always) func isTagByte(_ c: UInt8) -> Bool { Canonical.isKeyByte(c) }
    @inline(__always) func isValueByte(_ c: UInt8) -> Bool { Canonical.isKeyByte(c) }

    /// Whether some byte of `w` is `b` (the classic "has zero byte" test on `w ^ bbbbbbbb`; exact
    /// for the first match, which is all the callers use it for: they then read byte by byte).
    @inline(__always) static func hasByte(_ w: UInt64, _ b: UInt8) -> Bool {
        let x = w ^ (0x0101_0101_0101_0101 &* UInt64(b))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }

    /// A word that may be an id: from `i`, which must be `[a-z0-9]`, to the next space or the end of
    /// the line. Its other bytes are not checked here: the id table only ever matches the exact
    /// bytes of a live entity's id, and `create` checks a new id with `Identifier.problem`.
    func idWord(_ i: Int, _ end: Int) -> (start: Int, end: Int)? {
        guard i < end, (bytes[i] >= 97 && bytes[i] <= 122) || (bytes[i] >= 48 && bytes[i] <= 57) else { return nil }
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        var k = i + 1
        while k + 8 <= end && !CanonicalReplay.hasByte(raw.loadUnaligned(fromByteOffset: k, as: UInt64.self), 32) { k += 8 }
        while k < end && bytes[k] != 32 { k += 1 }
        return (i, k)
    }

    /// A quoted string at `i` (its `"`), decoded as the lexer does, followed by a space or the
    /// end of the line: its bytes, as a range of the line when it has no escape, or decoded into
    /// `escaped` when it has. nil for an escape other than `\"`, `\\`, `\n`, `\t`, no closing
    /// quote, a NUL or invalid UTF-8 (which the general path then reports: the reader checks no
    /// fast line apart from what this and the other readers check).
    func quoted(_ i: Int, _ end: Int) -> (range: Range<Int>, escaped: [UInt8]?, end: Int)? {
        // Eight bytes at a time to the first `"`, `\` or NUL, noting any non-ASCII byte on the way.
        var k = i + 1
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        var high: UInt64 = 0
        while k + 8 <= end {
            let w = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            if CanonicalReplay.hasByte(w, 0x22) || CanonicalReplay.hasByte(w, 0x5C) || CanonicalReplay.hasByte(w, 0) { break }
            high |= w
            k += 8
        }
        var ascii = high & 0x8080_8080_8080_8080 == 0
        while k < end {
            let c = bytes[k]
            if c == 34 || c == 92 { break }
            if c == 0 { return nil }
            if c >= 0x80 { ascii = false }
            k += 1
        }
        guard k < end else { return nil }
        if bytes[k] == 34 {
            guard k + 1 == end || bytes[k + 1] == 32 else { return nil }
            if !ascii && !JournalReader.isCleanText(UnsafeRawBufferPointer(start: raw + i + 1, count: k - i - 1)) { return nil }
            return (i + 1..<k, nil, k + 1)
        }
        var out = Array(bytes[(i + 1)..<k])
        while k < end {
            let c = bytes[k]
            if c == 34 {
                guard k + 1 == end || bytes[k + 1] == 32 else { return nil }
                guard out.withUnsafeBytes({ JournalReader.isCleanText($0) }) else { return nil }
                return (i + 1..<k, out, k + 1)
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

    /// A quoted string at `i` (see `quoted`) as a `String`.
    func string(_ i: Int, _ end: Int) -> (value: String, end: Int)? {
        guard let q = quoted(i, end) else { return nil }
        if let e = q.escaped { return (String(decoding: e, as: UTF8.self), q.end) }
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[q.range]), as: UTF8.self), q.end)
    }

    /// Stores the text `q` (from `quoted`) in the state's text store; `.none` when empty, as the
    /// general path stores an empty text.
    func store(_ q: (range: Range<Int>, escaped: [UInt8]?, end: Int)?) -> TextStore.Ref {
        guard let q else { return .none }
        if let e = q.escaped {
            return e.isEmpty ? .none : e.withUnsafeBytes { engine.state.store(text: $0) }
        }
        return q.range.isEmpty ? .none : engine.state.store(text: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[q.range]))
    }

    /// A hash of the bytes `raw[s..<e]`. Static, as `same` is: called as methods from the mutating
    /// `entity`, they made Swift copy the whole struct (and retain its arrays) on every lookup.
    @inline(__always) static func hash(_ raw: UnsafeRawPointer, _ s: Int, _ e: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(e - s)
        var k = s
        while k + 8 <= e {
            h = (h ^ raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            k += 8
        }
        var w: UInt64 = 0
        while k < e { w = w << 8 | UInt64(raw.load(fromByteOffset: k, as: UInt8.self)); k += 1 }
        h = (h ^ w) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 32) | 1 // never 0, which marks an empty slot
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

    /// The live entity whose id is `bytes[s..<e]` (an actor when `actorOnly`), as
    /// `state.entity(id:)` finds it. A slot is trusted only when its bytes equal these and no id has
    /// stopped naming its entity since it was filled (`State.unnamingGeneration`); otherwise the
    /// state is asked (through a `String`) and the slot renewed.
    mutating func entity(_ s: Int, _ e: Int, actorOnly: Bool) -> Int32? {
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let h = CanonicalReplay.hash(raw, s, e)
        let mask = slots.count - 1
        var k = Int(truncatingIfNeeded: h) & mask
        while slots[k].hash != 0 {
            if slots[k].hash == h && Int(slots[k].length) == e - s && CanonicalReplay.same(idBytes, Int(slots[k].start), raw + s, e - s) {
                break
            }
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

    /// A tag, key or relation as a `String`, made once per distinct word. A journal has few
    /// distinct ones: a short list searched by hash beats a `Dictionary`'s SipHash.
    mutating func word(_ s: Int, _ e: Int) -> String {
        let h = CanonicalReplay.hash(UnsafeRawPointer(bytes.baseAddress!), s, e)
        for (x, w) in words where x == h && w.utf8.elementsEqual(bytes[s..<e]) { return w }
        let w = String(decoding: bytes[s..<e], as: UTF8.self)
        if words.count < 256 { words.append((h, w)) }
        return w
    }
}
