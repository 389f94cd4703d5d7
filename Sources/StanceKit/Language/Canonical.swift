/// The canonical spelling of values in journal lines: full words, exact ids, quoted texts.
public enum Canonical {
    /// A quoted string with the escapes `\"`, `\\`, `\n`, `\t`.
    public static func quote(_ s: String) -> String {
        var needs = false
        for c in s.utf8 where c == 34 || c == 92 || c == 10 || c == 9 { needs = true; break }
        if !needs { return "\"" + s + "\"" }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 8)
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    /// A value as a bare word when it reads back as the same word, else quoted.
    public static func value(_ s: String) -> String {
        guard let last = s.utf8.last, last != 58 else { return quote(s) }
        let first = s.utf8.first!
        guard first != 35 && first != 64 else { return quote(s) }
        for c in s.utf8 {
            let ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)
                || c == 45 || c == 46 || c == 95 || c == 47 || c == 43 || c == 58 || c == 44
            if !ok { return quote(s) }
        }
        return s
    }

    public static func attribute(_ key: String, _ value: String) -> String { key + "=" + self.value(value) }

    /// Whether a key is well formed: a letter, digit or `_`, then those and `.`, `-`.
    public static func isKey(_ k: String) -> Bool {
        guard let f = k.utf8.first, isKeyByte(f), f != 45, f != 46 else { return false }
        return k.utf8.allSatisfy(isKeyByte)
    }

    static func isKeyByte(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95 || c == 45 || c == 46
    }
}
