/// Latin letters for ids made from names in other scripts: Cyrillic by the table of ICAO Doc 9303
/// (the machine-readable passport's: Путин → putin), Greek by ELOT 743 (Μητσοτάκης → mitsotakis).
/// A script without such a table (Han, Arabic, Hebrew…) is named by `untabledScript`, so that the
/// user is asked for an id.
public enum Transliteration {
    /// `name` lower-cased, accents folded (`Fold.key`), Cyrillic and Greek written in Latin letters.
    public static func latin(_ name: String) -> String {
        let folded = Fold.key(name)
        guard folded.unicodeScalars.contains(where: { isCyrillic($0.value) || isGreek($0.value) }) else { return folded }
        var out = ""
        var greek: [(letter: Character, diaeresis: Bool)] = []
        func flushGreek() {
            if !greek.isEmpty { out += elot743(greek); greek.removeAll() }
        }
        for u in folded.unicodeScalars {
            if isGreek(u.value), let g = greekLetter(u) {
                greek.append(g)
                continue
            }
            flushGreek()
            if isCyrillic(u.value), let l = icao[u.value] { out += l } else { out.unicodeScalars.append(u) }
        }
        flushGreek()
        return out
    }

    /// The script of the first letter of `name` that no table writes in Latin letters, as a person
    /// would name it ("Chinese (Han)", "Arabic"), or nil when there is none.
    public static func untabledScript(in name: String) -> String? {
        for u in latin(name).unicodeScalars where u.value >= 0x80 && isLetter(u) {
            let first = (u.properties.name ?? "").split(separator: " ").first.map(String.init) ?? ""
            switch first {
            case "CJK": return "Chinese (Han)"
            case "HANGUL": return "Korean (Hangul)"
            case "HIRAGANA", "KATAKANA": return "Japanese (kana)"
            case "": return "an unknown"
            default: return first.prefix(1) + first.dropFirst().lowercased()
            }
        }
        return nil
    }

    static func isLetter(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    static func isCyrillic(_ v: UInt32) -> Bool { (0x400...0x4FF).contains(v) }
    static func isGreek(_ v: UInt32) -> Bool { (0x370...0x3FF).contains(v) || (0x1F00...0x1FFF).contains(v) }

    /// ICAO Doc 9303, part 3: Russian, Ukrainian, Belarusian, Serbian, Macedonian, Bulgarian letters.
    static let icao: [UInt32: String] = {
        let pairs: [(Character, String)] = [
            ("а", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("д", "d"), ("е", "e"), ("ё", "e"), ("ж", "zh"),
            ("з", "z"), ("и", "i"), ("й", "i"), ("к", "k"), ("л", "l"), ("м", "m"), ("н", "n"), ("о", "o"),
            ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"), ("ф", "f"), ("х", "kh"), ("ц", "ts"),
            ("ч", "ch"), ("ш", "sh"), ("щ", "shch"), ("ъ", "ie"), ("ы", "y"), ("ь", ""), ("э", "e"), ("ю", "iu"),
            ("я", "ia"), ("і", "i"), ("ї", "i"), ("є", "ie"), ("ґ", "g"), ("ў", "u"), ("ђ", "d"), ("ј", "j"),
            ("љ", "lj"), ("њ", "nj"), ("ћ", "c"), ("џ", "dz"), ("ѓ", "g"), ("ќ", "k"), ("ѕ", "dz"),
        ]
        var t: [UInt32: String] = [:]
        for (c, l) in pairs { t[c.unicodeScalars.first!.value] = l }
        return t
    }()

    /// A Greek letter without its accents (from its Unicode name, so that tonos, dialytika and
    /// polytonic marks all go), and whether it had a dialytika (which keeps it out of a digraph).
    static func greekLetter(_ u: Unicode.Scalar) -> (letter: Character, diaeresis: Bool)? {
        guard let name = u.properties.name else { return nil }
        let words = name.split(separator: " ")
        guard words.count >= 4, words[0] == "GREEK", words[2] == "LETTER" else { return nil }
        let base = words[3...].prefix { $0 != "WITH" }.joined(separator: " ")
        guard let letter = greekNames[base] else { return nil }
        return (letter, name.contains("DIALYTIKA"))
    }

    static let greekNames: [String: Character] = [
        "ALPHA": "α", "BETA": "β", "GAMMA": "γ", "DELTA": "δ", "EPSILON": "ε", "ZETA": "ζ", "ETA": "η",
        "THETA": "θ", "IOTA": "ι", "KAPPA": "κ", "LAMDA": "λ", "MU": "μ", "NU": "ν", "XI": "ξ", "OMICRON": "ο",
        "PI": "π", "RHO": "ρ", "SIGMA": "σ", "FINAL SIGMA": "σ", "TAU": "τ", "UPSILON": "υ", "PHI": "φ",
        "CHI": "χ", "PSI": "ψ", "OMEGA": "ω",
    ]

    static let elotLetters: [Character: String] = [
        "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
        "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "τ": "t", "υ": "y",
        "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
    ]

    /// ELOT 743 over a run of Greek letters (one word or more, never split inside one): the letters
    /// one by one, with its digraphs: ου → ou; αυ, ευ, ηυ → av, ev, iv, but af, ef, if before
    /// θ κ ξ π σ τ φ χ ψ or at the end; γγ → ng, γκ → gk, γξ → nx, γχ → nch; μπ → b at the start
    /// of the word, mp inside it.
    static func elot743(_ run: [(letter: Character, diaeresis: Bool)]) -> String {
        let voiceless: Set<Character> = ["θ", "κ", "ξ", "π", "σ", "τ", "φ", "χ", "ψ"]
        var out = ""
        var i = 0
        while i < run.count {
            let c = run[i].letter
            let next: (letter: Character, diaeresis: Bool)? = i + 1 < run.count ? run[i + 1] : nil
            if let n = next, n.letter == "υ", !n.diaeresis, "αεηο".contains(c) {
                if c == "ο" {
                    out += "ou"
                } else {
                    let after = i + 2 < run.count ? run[i + 2].letter : nil
                    out += elotLetters[c]! + (after == nil || voiceless.contains(after!) ? "f" : "v")
                }
                i += 2
                continue
            }
            if c == "γ", let n = next?.letter, let pair = ["γ": "ng", "κ": "gk", "ξ": "nx", "χ": "nch"][n] {
                out += pair
                i += 2
                continue
            }
            if c == "μ", next?.letter == "π" {
                out += i == 0 ? "b" : "mp"
                i += 2
                continue
            }
            out += elotLetters[c] ?? ""
            i += 1
        }
        return out
    }
}
