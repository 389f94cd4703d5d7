/// A canonical journal line read by `CanonicalScanner` but not applied: everything the line says,
/// with ids left as places in the chunk and their numbers, since finding the entities needs the
/// state. Reading needs no state, so a replay can read a chunk's lines on a second thread
/// (`ReadAhead`) while it applies the chunk before; `CanonicalReplay.commit` applies one.
enum CanonicalDraft {
    case stance(StanceDraft)
    /// `link FROM RELATION TO ["TEXT"]`
    case link(from: DraftId, relation: String, to: DraftId, text: String?, time: Timestamp)
    /// `set REF KEY=VALUE...`, plain keys only, each once.
    case set(DraftId, [(key: String, value: String)], time: Timestamp)
    /// `set REF KEY=VALUE`: one plain key, as almost every `set` line has (no array to make,
    /// and to drop with the chunk).
    case setOne(DraftId, key: String, value: String, time: Timestamp)
    /// `actor ID "NAME" ...` or `concern ID "NAME" ...`
    case create(CreateDraft)
}

/// An id in a draft: where it is in the chunk, and its number (`IdNumbers`; -1 for none).
struct DraftId {
    var start: Int32
    var end: Int32
    var number: Int32

    init(_ start: Int, _ end: Int, number: Int32) {
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: end)
        self.number = number
    }

    // The hash of an id's bytes: eight bytes at a time, then the last few (little-endian) with
    // the length. `CanonicalScanner.idRef` computes the same while it finds the id's end.

    /// Drawn once a process, so that a journal cannot be built of ids that all collide.
    static let seed = UInt64.random(in: .min ... .max)

    @inline(__always) static func mix(_ h: UInt64, _ w: UInt64) -> UInt64 {
        let x = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
        return x ^ (x >> 29)
    }

    @inline(__always) static func finish(_ h: UInt64, _ tail: UInt64, _ length: Int) -> UInt64 {
        let x = (h ^ tail ^ UInt64(truncatingIfNeeded: length) << 58 ^ UInt64(truncatingIfNeeded: length)) &* 0xC4CE_B9FE_1A85_EC53
        return x ^ (x >> 32) | 1 // never 0, which marks an empty slot
    }

    static func hash(_ raw: UnsafeRawPointer, _ s: Int, _ e: Int) -> UInt64 {
        var h = seed
        var k = s
        while k + 8 <= e {
            h = mix(h, raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
            k += 8
        }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while k < e {
            tail |= UInt64(raw.load(fromByteOffset: k, as: UInt8.self)) << shift
            shift += 8
            k += 1
        }
        return finish(h, tail, e - s)
    }
}

/// `stance HOLDER POSITION TARGET ["TEXT"] [by=ACTOR] [#TAG]...`
struct StanceDraft {
    var time: Timestamp
    var holder: DraftId
    var target: DraftId
    var by: DraftId?
    var position: Position
    /// Its tags, at most two (a line with more goes the general way), as places in the chunk
    /// like its ids: `tag0Start..<tag0End`, then `tag1…`, `tagCount` of them. So a draft holds
    /// no reference, and a chunk's drafts are dropped and copied as plain bytes: with an array of
    /// strings in each, dropping a chunk's drafts (releasing every array) was 5% of the reading
    /// thread. The replaying thread makes the strings (`CanonicalScanner.word`).
    var tag0Start: Int32 = 0, tag0End: Int32 = 0
    var tag1Start: Int32 = 0, tag1End: Int32 = 0
    var tagCount: UInt8 = 0
    /// The text, `bytes[textStart..<textEnd]`, or the same range of the escaped texts when
    /// `textEscaped`; none when `textStart` is -1.
    var textStart: Int32 = -1
    var textEnd: Int32 = -1
    var textEscaped = false
}

/// `actor ID "NAME" [KEY=VALUE]... [#TAG]...` or the same with `concern`.
struct CreateDraft {
    enum Attribute {
        case kind(String)
        case parent(DraftId)
        case other(key: String, value: String)
    }

    var type: Entity.Kind
    var id: String
    /// The id's number (`IdNumbers`, given by the scanner that read the line).
    var idNumber: Int32
    var name: String
    /// In the line's order, as `Engine.create` sets them.
    var attributes: [Attribute]
    var tags: [String]
    var time: Timestamp
}

extension CanonicalScanner {
    /// The time and the command word of a canonical line `bytes[start..<end]`: the time, the
    /// word packed (see `packed`) and its length, and where its arguments start (after its space);
    /// nil when the line is not `@TIME WORD `.
    mutating func head(_ start: Int, _ end: Int) -> (time: Timestamp, word: UInt64, length: Int, rest: Int)? {
        guard start < end, bytes[start] == 64 else { return nil }
        var i = start + 1
        // A journal's own times are 25 bytes with a `T`; `time` then accepts no space inside.
        if start + 26 < end && bytes[start + 26] == 32 && bytes[start + 11] == 84 {
            i = start + 26
        } else {
            while i < end && bytes[i] != 32 { i += 1 }
        }
        // `@HH:MM` is 5 or 8 bytes and never parses as RFC 3339: only absolute times get here.
        guard i < end, let time = time(start + 1, i) else { return nil }
        i += 1
        let w = i
        // The word and its space in eight bytes (every command the fast path reads is at most
        // seven letters): its end found and the word packed at once, as `positionWord` does. A
        // byte that is not a-z packs into a word no caller knows, which reads as no draft, as
        // the loop below says of it.
        if w + 8 <= end {
            let x = UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: w, as: UInt64.self)
            let spaces = EightBytes.matches(x, 32)
            if spaces != 0 {
                let n = EightBytes.first(spaces)
                return (time, EightBytes.packed(x, n), n, w + n + 1)
            }
        }
        while i < end && bytes[i] >= 97 && bytes[i] <= 122 { i += 1 }
        guard i < end, bytes[i] == 32 else { return nil }
        return (time, packed(w, i), i - w, i + 1)
    }

    /// The line `bytes[start..<end]` as a draft when it is one of the canonical lines the fast
    /// path takes; nil otherwise (the general path then reads it). An escaped stance text is
    /// decoded onto the end of `escaped`.
    mutating func draft(_ start: Int, _ end: Int, escaped: inout [UInt8]) -> CanonicalDraft? {
        // Offsets are kept as Int32: a line past 2 GB into its chunk goes the general way.
        guard end <= Int(Int32.max), let (time, word, length, i) = head(start, end) else { return nil }
        return draft(word, length, i, end, time, escaped: &escaped)
    }

    /// What `draft` reads after `head`, a stance line's straight into `stances` (`ReadAhead`
    /// keeps those apart): `stances.count - 1` for a stance, -1 for a line that is not canonical,
    /// else `-2 - (others.count - 1)`, its place in `others`.
    mutating func draft(_ start: Int, _ end: Int, escaped: inout [UInt8], stances: inout [StanceDraft],
                        others: inout [CanonicalDraft]) -> Int32 {
        guard end <= Int(Int32.max), let (time, word, length, i) = head(start, end) else { return -1 }
        if (length, word) == (6, CanonicalScanner.stanceWord) {
            guard let d = stance(i, end, time, escaped: &escaped) else { return -1 }
            stances.append(d)
            return Int32(stances.count - 1)
        }
        guard let d = draft(word, length, i, end, time, escaped: &escaped) else { return -1 }
        others.append(d)
        return -2 - Int32(others.count - 1)
    }

    /// `stance` as `head` packs it.
    static let stanceWord: UInt64 = 0x7374_616e_6365

    private mutating func draft(_ word: UInt64, _ length: Int, _ i: Int, _ end: Int, _ time: Timestamp,
                                escaped: inout [UInt8]) -> CanonicalDraft? {
        switch (length, word) {
        case (6, CanonicalScanner.stanceWord): return stance(i, end, time, escaped: &escaped).map { .stance($0) } // stance
        case (4, 0x6c69_6e6b): return link(i, end, time) // link
        case (3, 0x73_6574): return set(i, end, time) // set
        case (5, 0x61_6374_6f72): return create(.actor, i, end, time).map { .create($0) } // actor
        case (7, 0x63_6f6e_6365_726e): return create(.concern, i, end, time).map { .create($0) } // concern
        default: return nil
        }
    }

    /// `stance HOLDER POSITION TARGET ["TEXT"] [by=ACTOR] [#TAG]...` from `i0` (after `stance `).
    private mutating func stance(_ i0: Int, _ end: Int, _ time: Timestamp, escaped: inout [UInt8]) -> StanceDraft? {
        guard let h = idRef(i0, end), Int(h.end) < end, position(Int(h.start), Int(h.end)) == nil,
              let position = positionWord(Int(h.end) + 1, end)
        else { return nil }
        let pEnd = Int(h.end) + 1 + position.length
        guard pEnd < end, bytes[pEnd] == 32, let t = idRef(pEnd + 1, end) else { return nil }
        var d = StanceDraft(time: time, holder: h, target: t, position: position.value)
        var i = Int(t.end)
        var text: (range: Range<Int>, escaped: [UInt8]?, end: Int)?
        while i < end {
            guard bytes[i] == 32 else { return nil }
            i += 1
            guard i < end else { break }
            let c = bytes[i]
            if c == 34 {
                guard text == nil, let q = quoted(i, end) else { return nil }
                text = q
                i = q.end
            } else if c == 98, end - i > 3, bytes[i + 1] == 121, bytes[i + 2] == 61 { // by=
                guard d.by == nil, let b = idRef(i + 3, end) else { return nil }
                d.by = b
                i = Int(b.end)
            } else if c == 35 {
                guard d.tagCount < 2, let next = tagEnd(i, end) else { return nil }
                let start = i + 1
                // Each tag once.
                if d.tagCount == 1 && Int(d.tag0End - d.tag0Start) == next - start && same(Int(d.tag0Start), start, next - start) { return nil }
                if d.tagCount == 0 {
                    (d.tag0Start, d.tag0End) = (Int32(start), Int32(next))
                } else {
                    (d.tag1Start, d.tag1End) = (Int32(start), Int32(next))
                }
                d.tagCount += 1
                i = next
            } else {
                return nil
            }
        }
        if let text {
            if let e = text.escaped {
                d.textStart = Int32(escaped.count)
                escaped.append(contentsOf: e)
                d.textEnd = Int32(escaped.count)
                d.textEscaped = true
            } else {
                d.textStart = Int32(text.range.lowerBound)
                d.textEnd = Int32(text.range.upperBound)
            }
        }
        return d
    }

    /// `link FROM RELATION TO ["TEXT"]` from `i0` (after `link `).
    private mutating func link(_ i0: Int, _ end: Int, _ time: Timestamp) -> CanonicalDraft? {
        guard let f = idRef(i0, end), Int(f.end) < end else { return nil }
        var i = Int(f.end) + 1
        let r = i
        guard i < end, bytes[i] >= 97 && bytes[i] <= 122 else { return nil }
        while i < end && isKeyByte(bytes[i]) { i += 1 }
        guard i < end, bytes[i] == 32, let t = idRef(i + 1, end) else { return nil }
        let rEnd = i
        var text: String?
        i = Int(t.end)
        if i < end {
            guard bytes[i] == 32, i + 1 < end, bytes[i + 1] == 34, let s = string(i + 1, end), s.end == end else { return nil }
            text = s.value
        }
        return .link(from: f, relation: word(r, rEnd), to: t, text: text, time: time)
    }

    /// `set REF KEY=VALUE...` from `i0` (after `set `), plain keys only.
    private mutating func set(_ i0: Int, _ end: Int, _ time: Timestamp) -> CanonicalDraft? {
        guard let ref = idRef(i0, end) else { return nil }
        if let one = oneAttribute(Int(ref.end), end) { return .setOne(ref, key: one.key, value: one.value, time: time) }
        guard let rest = attributes(Int(ref.end), end, tags: false), !rest.attrs.isEmpty else { return nil }
        for a in rest.attrs where isSpecialKey(a.key.start, a.key.end) { return nil }
        var attrs: [(key: String, value: String)] = []
        attrs.reserveCapacity(rest.attrs.count)
        for a in rest.attrs { attrs.append((word(a.key.start, a.key.end), a.value)) }
        return .set(ref, attrs, time: time)
    }

    /// ` KEY=VALUE` from `i` to the end of the line, the key plain (not special), the value plain
    /// or quoted, read as `attributes` reads one; nil for anything else (`set` then reads the
    /// line with `attributes`, which takes or refuses it as before).
    private mutating func oneAttribute(_ i0: Int, _ end: Int) -> (key: String, value: String)? {
        guard i0 + 1 < end, bytes[i0] == 32 else { return nil }
        let k = i0 + 1
        guard isKeyByte(bytes[k]), bytes[k] != 45, bytes[k] != 46 else { return nil }
        var i = k
        while i < end && isKeyByte(bytes[i]) { i += 1 }
        guard i + 1 < end, bytes[i] == 61, !isSpecialKey(k, i) else { return nil }
        let keyEnd = i
        i += 1
        let value: String
        if bytes[i] == 34 {
            guard let s = string(i, end), s.end == end else { return nil }
            value = s.value
        } else {
            let v = i
            while i < end && isValueByte(bytes[i]) { i += 1 }
            guard i == end else { return nil }
            value = String(decoding: bytes[v..<i], as: UTF8.self)
        }
        return (word(k, keyEnd), value)
    }

    /// `actor ID "NAME" [KEY=VALUE]... [#TAG]...` or the same with `concern`, from `i0` (after the
    /// command word). `kind=` on an actor (not empty) and `parent=ID` (a plain value) on a concern
    /// are taken; any other special key goes to the general path.
    private mutating func create(_ type: Entity.Kind, _ i0: Int, _ end: Int, _ time: Timestamp) -> CreateDraft? {
        guard let idw = idRef(i0, end), Int(idw.end) + 1 < end, bytes[Int(idw.end) + 1] == 34,
              let name = string(Int(idw.end) + 1, end), !name.value.isEmpty,
              let rest = attributes(name.end, end, tags: true) else { return nil }
        guard Identifier.isValid(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[Int(idw.start)..<Int(idw.end)])) else { return nil }
        let id = String(decoding: bytes[Int(idw.start)..<Int(idw.end)], as: UTF8.self)
        var attributes: [CreateDraft.Attribute] = []
        attributes.reserveCapacity(rest.attrs.count)
        for a in rest.attrs {
            let (k, e) = a.key
            if matches(k, e, CanonicalScanner.kindKey) {
                guard type == .actor, !a.value.isEmpty else { return nil }
                attributes.append(.kind(a.value))
            } else if matches(k, e, CanonicalScanner.parentKey) {
                guard type == .concern, a.valueStart >= 0 else { return nil }
                attributes.append(.parent(self.id(a.valueStart, a.valueStart + a.value.utf8.count)))
            } else if isSpecialKey(k, e) {
                return nil
            } else {
                attributes.append(.other(key: word(k, e), value: a.value))
            }
        }
        var tags: [String] = []
        for x in rest.tags { tags.append(word(x.start, x.end)) }
        return CreateDraft(type: type, id: id, idNumber: idw.number, name: name.value, attributes: attributes, tags: tags, time: time)
    }
}
