/// The state-free half of the journal's fast path (see CanonicalReplay.swift): reading the bytes
/// of a canonical line in place, words, ids, times, quoted texts, and a whole `stance` line into a
/// `StanceDraft`. It touches no engine or state, so a replay can run it on a second thread, a
/// chunk ahead of the thread that applies the lines (`ReadAhead`).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct CanonicalScanner {
    /// The chunk of the journal being read.
    var bytes: UnsafeBufferPointer<UInt8>
    /// The last time read: its first 10 bytes (the date), last 6 (the offset), and its instant
    /// less the time of day. Lines of one day differ in HH:MM:SS only.
    var dayKey: (date: UInt64, date2: UInt16, offset: UInt64) = (0, 0, 0)
    var dayBase: Int64 = 0
    var dayOffset: Int32 = 0
    /// Hash of a tag's, key's or relation's bytes → its string, so that the few distinct words of
    /// a journal are made once.
    var words: [(UInt64, String)] = []
    /// The ids read, numbered (see `IdNumbers`): numbers mean something only to the scanner that
    /// gave them (a replay read ahead has two; `CanonicalReplay.use(numbersOf:)`).
    var ids = IdNumbers()
    /// `DraftId.seed`, held here: read as a global, every id paid for checking it was made.
    let seed = DraftId.seed

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    static let kindKey = Array("kind".utf8), parentKey = Array("parent".utf8)

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
        // The eight bytes `HH:MM:SS` at once: each digit less '0' must be 0...9, each colon exact.
        let d = raw.loadUnaligned(fromByteOffset: 11, as: UInt64.self) ^ 0x3030_3A30_303A_3030
        guard (d | (d &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080 == 0, d & 0x0000_FF00_00FF_0000 == 0 else { return nil }
        @inline(__always) func byte(_ k: UInt64) -> Int64 { Int64(truncatingIfNeeded: (d >> (8 * k)) & 0xFF) }
        let h = byte(0) * 10 + byte(1), m = byte(3) * 10 + byte(4), sec = byte(6) * 10 + byte(7)
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

    /// The position word at `i`, up to the next space or the end of the line, as `position`
    /// reads it: with eight bytes in hand, its end is found and it is packed at once.
    func positionWord(_ i: Int, _ end: Int) -> (value: Position, length: Int)? {
        guard i + 8 <= end else { return position(i, (i..<end).first { bytes[$0] == 32 } ?? end) }
        let w = UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: i, as: UInt64.self)
        let spaces = EightBytes.matches(w, 32)
        let n = spaces == 0 ? 8 : EightBytes.first(spaces)
        // Eight bytes and no space: a position only if the word ends there ("supports").
        if n == 8 && i + 8 < end && bytes[i + 8] != 32 { return nil }
        guard n > 0 else { return nil }
        let word = EightBytes.packed(w, n)
        switch (n, word) {
        case (8, 0x7375_7070_6f72_7473): return (.supports, 8)
        case (7, 0x6f_7070_6f73_6573): return (.opposes, 7)
        case (5, 0x6d_6978_6564): return (.mixed, 5)
        case (7, 0x6e_6575_7472_616c): return (.neutral, 7)
        case (6, 0x7261_6973_6573): return (.raises, 6)
        default: return nil
        }
    }

    /// Whether `bytes[s..<e]` is a key the general path treats apart: `name`, `kind`, `parent`,
    /// `id`, `by`, `holder` or `target` (packed, as `position` reads its words).
    func isSpecialKey(_ s: Int, _ e: Int) -> Bool {
        switch (e - s, packed(s, e)) {
        case (4, 0x6e61_6d65), (4, 0x6b69_6e64), (6, 0x7061_7265_6e74), (2, 0x6964), (2, 0x6279),
             (6, 0x686f_6c64_6572), (6, 0x7461_7267_6574): true
        default: false
        }
    }

    @inline(__always) func isKeyByte(_ c: UInt8) -> Bool { Canonical.isKeyByte(c) }
    @inline(__always) func isTagByte(_ c: UInt8) -> Bool { Canonical.isKeyByte(c) }
    @inline(__always) func isValueByte(_ c: UInt8) -> Bool { Canonical.isKeyByte(c) }

    /// A word that may be an id, from `i`, which must be `[a-z0-9]`, to the next space or the end
    /// of the line, numbered (`ids`); the hash of its bytes (`DraftId.hash`) is made in the same
    /// pass that finds its end: eight bytes at a time, the space found by its lowest matching
    /// byte. Its other bytes are not checked here: a number only ever leads to a live entity whose
    /// id has exactly these bytes, and `create` checks a new id with `Identifier.problem`.
    mutating func idRef(_ i: Int, _ end: Int) -> DraftId? {
        guard i < end, (bytes[i] >= 97 && bytes[i] <= 122) || (bytes[i] >= 48 && bytes[i] <= 57) else { return nil }
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        var h = seed
        var k = i
        while k + 8 <= end {
            let w = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            let spaces = EightBytes.matches(w, 32)
            if spaces != 0 {
                let n = EightBytes.first(spaces)
                let tail = EightBytes.prefix(w, n)
                return DraftId(i, k + n, number: ids.number(raw, i, k + n, hash: DraftId.finish(h, tail, k + n - i)))
            }
            h = DraftId.mix(h, w)
            k += 8
        }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while k < end && bytes[k] != 32 {
            tail |= UInt64(bytes[k]) << shift
            shift += 8
            k += 1
        }
        return DraftId(i, k, number: ids.number(raw, i, k, hash: DraftId.finish(h, tail, k - i)))
    }

    /// The id `bytes[s..<e]`, numbered.
    mutating func id(_ s: Int, _ e: Int) -> DraftId {
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        return DraftId(s, e, number: ids.number(raw, s, e, hash: DraftId.hash(raw, s, e)))
    }

    /// A quoted string at `i` (its `"`), decoded as the lexer does, followed by a space or the
    /// end of the line: its bytes, as a range of the line when it has no escape, or decoded into
    /// `escaped` when it has. nil for an escape other than `\"`, `\\`, `\n`, `\t`, no closing
    /// quote, a NUL or invalid UTF-8 (which the general path then reports: the reader checks no
    /// fast line apart from what this and the other readers check).
    func quoted(_ i: Int, _ end: Int) -> (range: Range<Int>, escaped: [UInt8]?, end: Int)? {
        // One pass from the opening quote, eight bytes at a time, to the first byte that is a
        // quote, a backslash, a NUL or 0x80 and up (`special`): a non-ASCII character is checked
        // there and passed, a NUL ends it (nil), the closing quote gives the text in place, and
        // a backslash hands over to decoding. (Before: memchr for the quote, memchr for a
        // backslash, then `isCleanText` over the text, three passes: 10% of a replay's
        // instructions went to the quoted texts, 375 a text.)
        guard i + 1 < end else { return nil }
        let line = UnsafeRawBufferPointer(start: bytes.baseAddress!, count: end)
        var k = i + 1
        while true {
            k = CanonicalScanner.special(line, k)
            guard k < end else { return nil }
            let c = line[k]
            if c == 34 {
                guard k + 1 == end || line[k + 1] == 32 else { return nil }
                return (i + 1..<k, nil, k + 1)
            }
            if c == 92 { break }
            if c == 0 { return nil }
            let length = JournalReader.sequenceLength(line, k)
            if length == 0 { return nil }
            k += length
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

    /// The first byte of `line` from `from` on that is a quote, a backslash, a NUL or 0x80 and up;
    /// `line.count` when there is none. Eight bytes at a time: a NUL, a quote or a backslash
    /// (`EightBytes`, whose flags are exact for the lowest) or a high bit flags a byte, and the
    /// lowest flag is the first such byte.
    @inline(__always)
    static func special(_ line: UnsafeRawBufferPointer, _ from: Int) -> Int {
        let n = line.count
        var k = from
        while k + 8 <= n {
            let w = line.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            let flags = EightBytes.zeros(w) | EightBytes.matches(w, 34) | EightBytes.matches(w, 92) | w & EightBytes.highs
            if flags != 0 { return k + EightBytes.first(flags) }
            k += 8
        }
        while k < n {
            let c = line[k]
            if c == 34 || c == 92 || c == 0 || c >= 0x80 { return k }
            k += 1
        }
        return n
    }

    /// A quoted string at `i` (see `quoted`) as a `String`.
    func string(_ i: Int, _ end: Int) -> (value: String, end: Int)? {
        guard let q = quoted(i, end) else { return nil }
        if let e = q.escaped { return (String(decoding: e, as: UTF8.self), q.end) }
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[q.range]), as: UTF8.self), q.end)
    }

    /// Where a `#TAG` at `i` (its `#`) ends, when a space or the end of the line follows it;
    /// nil when it is no tag.
    @inline(__always) func tagEnd(_ i: Int, _ end: Int) -> Int? {
        var k = i + 1
        while k < end && isTagByte(bytes[k]) { k += 1 }
        return k > i + 1 && (k == end || bytes[k] == 32) ? k : nil
    }

    /// A `#TAG` at `i` (its `#`), followed by a space or the end of the line, not in `tags`
    /// yet: adds it and returns where it ends; nil otherwise.
    func tag(_ i: Int, _ end: Int, into tags: inout [(start: Int, end: Int)]) -> Int? {
        let s = i + 1
        guard let k = tagEnd(i, end) else { return nil }
        for x in tags where x.end - x.start == k - s && same(x.start, s, k - s) { return nil }
        tags.append((s, k))
        return k
    }

    typealias Attr = (key: (start: Int, end: Int), value: String, valueStart: Int)

    /// ` KEY=VALUE` pairs (each key once, a plain or quoted value) and, with `tags`, ` #TAG`s
    /// (each once), from `i` to the end of the line; nil on anything else.
    func attributes(_ i0: Int, _ end: Int, tags allowTags: Bool) -> (attrs: [Attr], tags: [(start: Int, end: Int)])? {
        var attrs: [Attr] = []
        var tags: [(start: Int, end: Int)] = []
        var i = i0
        while i < end {
            guard bytes[i] == 32, i + 1 < end else { return nil }
            i += 1
            if allowTags && bytes[i] == 35 {
                guard let next = tag(i, end, into: &tags) else { return nil }
                i = next
                continue
            }
            let k = i
            guard isKeyByte(bytes[i]), bytes[i] != 45, bytes[i] != 46 else { return nil }
            while i < end && isKeyByte(bytes[i]) { i += 1 }
            guard i + 1 < end, bytes[i] == 61 else { return nil }
            for a in attrs where a.key.end - a.key.start == i - k && same(a.key.start, k, i - k) { return nil }
            let key = (k, i)
            i += 1
            if bytes[i] == 34 {
                guard let s = string(i, end) else { return nil }
                attrs.append((key, s.value, -1))
                i = s.end
            } else {
                let v = i
                while i < end && isValueByte(bytes[i]) { i += 1 }
                guard i > v, i == end || bytes[i] == 32 else { return nil }
                attrs.append((key, String(decoding: bytes[v..<i], as: UTF8.self), v))
            }
        }
        return (attrs, tags)
    }

    /// A tag, key or relation as a `String`, made once per distinct word. A journal has few
    /// distinct ones: a short list searched by hash beats a `Dictionary`'s SipHash.
    mutating func word(_ s: Int, _ e: Int) -> String {
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let h = DraftId.hash(raw, s, e)
        for (x, w) in words where x == h && w.utf8.count == e - s {
            var w = w
            if w.withUTF8({ memcmp($0.baseAddress!, raw + s, e - s) == 0 }) { return w }
        }
        let w = String(decoding: bytes[s..<e], as: UTF8.self)
        if words.count < 256 { words.append((h, w)) }
        return w
    }
}
