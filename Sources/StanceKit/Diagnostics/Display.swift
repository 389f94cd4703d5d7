/// Text that reaches a person: control characters and terminal escapes are shown escaped,
/// never sent raw, so that a name in a journal from someone else cannot drive the terminal.
public enum Display {
    /// "1 stance", "2 stances"; `many` for a plural that is not `one` + s.
    public static func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        "\(n) \(n == 1 ? one : many ?? one + "s")"
    }

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

    /// The terminal columns a scalar takes, as wcwidth counts them: East Asian wide and fullwidth
    /// characters and emoji two, combining marks and format characters (zero-width joiner, soft
    /// hyphen's kin) none, every other one.
    public static func columns(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x300 { return 1 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) { return 0 } // Hangul medial vowels and final consonants
        for r in wide where r.contains(v) { return 2 }
        return v >= 0x1F000 && u.properties.isEmojiPresentation ? 2 : 1
    }

    /// East Asian Wide and Fullwidth ranges (Unicode's EastAsianWidth.txt, W and F, in blocks).
    static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x18CFF, 0x1B000...0x1B2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    static func hex(_ v: UInt32) -> String {
        let digits = Array("0123456789ABCDEF")
        var s = ""
        var v = v
        repeat { s.insert(digits[Int(v & 0xF)], at: s.startIndex); v >>= 4 } while v > 0
        if s.count < 2 { s = "0" + s }
        return s
    }
}
