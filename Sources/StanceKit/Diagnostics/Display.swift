/// Text that reaches a person: control characters and terminal escapes are shown escaped,
/// never sent raw, so that a name in a journal from someone else cannot drive the terminal.
public enum Display {
    /// Escapes C0 and C1 control characters (newline and tab included) as `\n`, `\t`, `\u{1B}`.
    public static func escapeControls(_ s: String) -> String {
        // C0 controls, DEL, and 0xC2, which starts every C1 control.
        let needs = s.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }
        if !needs { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u.value {
            case 0x0A: out.append(contentsOf: "\\n".unicodeScalars)
            case 0x09: out.append(contentsOf: "\\t".unicodeScalars)
            case 0x0D: out.append(contentsOf: "\\r".unicodeScalars)
            case 0..<0x20, 0x7F, 0x80..<0xA0:
                out.append(contentsOf: "\\u{\(hex(u.value))}".unicodeScalars)
            default: out.append(u)
            }
        }
        return String(out)
    }

    static func hex(_ v: UInt32) -> String {
        let digits = Array("0123456789ABCDEF")
        var s = ""
        var v = v
        repeat { s.insert(digits[Int(v & 0xF)], at: s.startIndex); v >>= 4 } while v > 0
        if s.count < 2 { s = "0" + s }
        return s
    }
}
