/// Ids: `[a-z0-9][a-z0-9._-]*`, at most 64 characters; `s`, `l` or `n` followed only by digits
/// are reserved for stances, links and notes.
public enum Identifier {
    public static let maxLength = 64

    /// Why a string is not a valid entity id, or nil when it is one.
    public static func problem(with id: String) -> String? {
        let b = Array(id.utf8)
        guard let first = b.first else { return "an id cannot be empty" }
        if b.count > maxLength { return "an id has at most \(maxLength) characters; '\(id)' has \(b.count)" }
        guard isLowerAlnum(first) else {
            return "an id starts with a lower-case letter or a digit: '\(Display.escapeControls(id))'"
        }
        for c in b where !isIdByte(c) {
            return "an id holds only a-z, 0-9, '.', '_' and '-': '\(Display.escapeControls(id))'"
        }
        if isReserved(b) { return "'\(id)' is reserved: s, l and n followed by digits name stances, links and notes" }
        return nil
    }

    public static func isReserved<C: Collection<UInt8>>(_ b: C) -> Bool {
        guard let f = b.first, f == 115 || f == 108 || f == 110, b.count > 1 else { return false }
        return b.dropFirst().allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    @inline(__always) static func isLowerAlnum(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 48 && c <= 57) }

    /// A byte an id may hold after its first: a-z, 0-9, `.`, `_`, `-`.
    @inline(__always) static func isIdByte(_ c: UInt8) -> Bool { isLowerAlnum(c) || c == 46 || c == 95 || c == 45 }

    /// The longest id made from a name.
    public static let madeLength = 24

    /// Words left out of an id made from a long name.
    static let smallWords: Set<String> = [
        "a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
        "d", "da", "das", "de", "del", "des", "do", "dos", "du", "e", "el", "en", "et", "l", "la", "le", "les", "y",
        "der", "die", "und", "von",
    ]

    /// An id made from a name: lower case, accents folded, Cyrillic and Greek transliterated
    /// (`Transliteration`), other runs of characters become `-`
    /// ("Corey Levine" → `corey-levine`, "Université Laurentienne" → `universite-laurentienne`).
    /// A name longer than 24 characters loses its small words and is cut at a word boundary
    /// ("ISGS expansion in central Mali and tri-border area" → `isgs-expansion-central`).
    public static func make(from name: String) -> String {
        let folded = Transliteration.latin(name)
        var words: [[UInt8]] = []
        var cur: [UInt8] = []
        for c in folded.utf8 {
            if c == 39 { continue } // apostrophes vanish: "Women's role" → womens-role
            if isLowerAlnum(c) {
                cur.append(c)
            } else if !cur.isEmpty {
                words.append(cur); cur = []
            }
        }
        if !cur.isEmpty { words.append(cur) }
        let whole = words.reduce(0) { $0 + $1.count } + max(0, words.count - 1)
        if whole > madeLength {
            let kept = words.filter { !smallWords.contains(String(decoding: $0, as: UTF8.self)) }
            if !kept.isEmpty { words = kept }
        }
        var out: [UInt8] = []
        for w in words {
            if out.isEmpty {
                out = Array(w.prefix(madeLength))
            } else if out.count + 1 + w.count <= madeLength {
                out.append(45); out.append(contentsOf: w)
            } else {
                break
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Case and accent folding for references and ids.
public enum Fold {
    /// Lower case with accents folded (`Université` → `universite`, `Straße` → `strasse`).
    public static func key(_ s: String) -> String {
        var ascii = true
        for c in s.utf8 where c >= 0x80 || (c >= 65 && c <= 90) { ascii = false; break }
        if ascii { return s }
        var allAscii = true
        for c in s.utf8 where c >= 0x80 { allAscii = false; break }
        if allAscii { return lower(s) }
        var out = String.UnicodeScalarView()
        for u in lower(s).unicodeScalars {
            if u.value < 0x80 { out.append(u); continue }
            if let f = table[u.value] { out.append(contentsOf: f.unicodeScalars) }
            else if u.properties.generalCategory == .nonspacingMark { continue } // combining marks
            else if let base = latinBase(u) { out.append(contentsOf: base.unicodeScalars) }
            else { out.append(u) }
        }
        return String(out)
    }

    /// Lower case only (for exact names "ignoring case"): what `String.lowercased()` gives (the
    /// same, scalar by scalar, over every Unicode scalar), much faster. ASCII is lowered as bytes,
    /// Latin-1 letters (é, À, ô…: two bytes, the usual non-ASCII of a name) by their second byte,
    /// and only another scalar is looked up (every entity's name is lowered when it is made).
    public static func lower(_ s: String) -> String {
        var copy = s
        let lowered: [UInt8]? = copy.withUTF8 { src in
            guard src.contains(where: { $0 >= 0x80 || ($0 >= 65 && $0 <= 90) }) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(src.count)
            var i = 0
            while i < src.count {
                let c = src[i]
                if c < 0x80 {
                    out.append(c >= 65 && c <= 90 ? c + 32 : c)
                    i += 1
                } else if c == 0xC2 {
                    // U+0080 to U+00BF: none changes.
                    out.append(c); out.append(src[i + 1])
                    i += 2
                } else if c == 0xC3 {
                    // U+00C0 to U+00DE but U+00D7 (×) lower by 0x20; the rest of Latin-1 stays.
                    let c2 = src[i + 1]
                    out.append(c); out.append(c2 >= 0x80 && c2 <= 0x9E && c2 != 0x97 ? c2 + 0x20 : c2)
                    i += 2
                } else {
                    let n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
                    var bytes = UnsafeBufferPointer(rebasing: src[i..<i + n]).makeIterator()
                    var decoder = UTF8()
                    guard case .scalarValue(let u) = decoder.decode(&bytes) else { return nil }
                    if u.properties.changesWhenLowercased {
                        out.append(contentsOf: u.properties.lowercaseMapping.utf8)
                    } else {
                        out.append(contentsOf: src[i..<i + n])
                    }
                    i += n
                }
            }
            return out
        }
        guard let lowered else { return s }
        return String(decoding: lowered, as: UTF8.self)
    }

    /// The base letter of a Latin letter with any diacritic, from its Unicode name: "LATIN SMALL
    /// LETTER E WITH CIRCUMFLEX AND TILDE" (ễ) → `e`, "LATIN SMALL LETTER DOTLESS I" → `i`; nil
    /// for anything else.
    static func latinBase(_ u: Unicode.Scalar) -> String? {
        guard let name = u.properties.name, name.hasPrefix("LATIN ") else { return nil }
        let words = name.split(separator: " ").prefix { $0 != "WITH" }
        guard words.count >= 4, words[2] == "LETTER" || words[2] == "LIGATURE", let last = words.last,
              last.count <= 2, last.allSatisfy({ $0 >= "A" && $0 <= "Z" }) else { return nil }
        return last.lowercased()
    }

    static let table: [UInt32: String] = {
        var t: [UInt32: String] = [:]
        let groups: [(String, String)] = [
            ("a", "àáâãäåāăą"), ("c", "çćĉċč"), ("d", "ďđð"), ("e", "èéêëēĕėęě"), ("g", "ĝğġģ"),
            ("h", "ĥħ"), ("i", "ìíîïĩīĭįı"), ("j", "ĵ"), ("k", "ķ"), ("l", "ĺļľŀł"), ("n", "ñńņňŉ"),
            ("o", "òóôõöøōŏő"), ("r", "ŕŗř"), ("s", "śŝşšș"), ("t", "ţťŧț"), ("u", "ùúûüũūŭůűų"),
            ("w", "ŵ"), ("y", "ýÿŷ"), ("z", "źżž"),
        ]
        for (base, letters) in groups { for u in letters.unicodeScalars { t[u.value] = base } }
        t[0xDF] = "ss"; t[0xE6] = "ae"; t[0x153] = "oe"; t[0xFE] = "th"
        t[0x2019] = "'"; t[0x2018] = "'"; t[0x2BC] = "'"; t[0x201C] = "\""; t[0x201D] = "\""
        return t
    }()
}
