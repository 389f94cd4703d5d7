/// Text that reaches a person: control characters and terminal escapes are shown escaped,
/// never sent raw, so that a name in a journal from someone else cannot drive the terminal.
public enum Display {
    /// Escapes C0 and C1 control characters (newline and tab included) as `\n`, `\t`, `\u{1B}`.
    public static func escapeControls(_ s: String) -> String {
        // Through a pointer to the bytes when there is one (a native string's, or a small one's):
        // `utf8`'s iterator cost ~630 instructions a string (a matrix's legend checks 54 of them).
        // Eight bytes at a time (`EightBytes`): a byte below 0x20, 0x7F, or 0xC2 (which starts
        // every C1 control). A flag is never raised before the first such byte, so any flag
        // answers. (A byte at a time was a tenth of `show`, which escapes every cell.)
        @inline(__always) func control(_ b: UInt8) -> Bool { b < 0x20 || b == 0x7F || b == 0xC2 }
        let needs = s.utf8.withContiguousStorageIfAvailable { b in
            var i = 0
            if let p = b.baseAddress {
                while i + 8 <= b.count {
                    let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                    if EightBytes.below(w, 0x20) | EightBytes.matches(w, 0x7F) | EightBytes.matches(w, 0xC2) != 0 { return true }
                    i += 8
                }
            }
            return b[i...].contains(where: control)
        } ?? s.utf8.contains(where: control)
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
