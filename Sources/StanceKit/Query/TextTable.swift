/// Aligned plain-text columns; the last column is cut to fit the width.
public struct TextTable {
    public var rows: [[String]] = []
    public init() {}

    public mutating func add(_ row: [String]) { rows.append(row.map(Display.escapeControls)) }

    /// Terminal columns (`Display.columns`: wide characters two, combining marks none), read
    /// through a pointer to the bytes.
    public static func width(_ s: String) -> Int {
        var s = s
        return s.withUTF8 { width(of: $0[...]) }
    }

    /// The terminal columns of UTF-8 `bytes`. ASCII and Latin-1 (a lead byte C2 or C3, one
    /// column each) are counted as bytes; another scalar is decoded and looked up.
    @inline(__always) static func width(of bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
        var n = 0
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let (w, len) = columns(at: i, in: bytes)
            n += w
            i += len
        }
        return n
    }

    /// The columns of the scalar whose UTF-8 starts at `i`, and its length in bytes.
    @inline(__always) static func columns(at i: Int, in bytes: Slice<UnsafeBufferPointer<UInt8>>) -> (Int, Int) {
        let b = bytes[i]
        if b < 0x80 { return (1, 1) }
        if b == 0xC2 || b == 0xC3 { return (1, 2) }
        let len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
        guard len > 1, i + len <= bytes.endIndex else { return (1, 1) }
        var v = UInt32(b) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07)
        for k in 1..<len { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
        return (Unicode.Scalar(v).map(Display.columns) ?? 1, len)
    }

    /// Built as bytes, each cell's width measured once: measuring the growing line again for its
    /// last cell, a `String` per padding and `hasSuffix` (which breaks graphemes) were most of the
    /// time of a table. The widths are kept in one flat list, and a cut cell is cut in its bytes
    /// (a list of widths a row, and a `String` of the cut cell's scalars, were half of `show`).
    /// `width` nil: no cell is cut (output that is not a terminal).
    public func render(width: Int? = 80, indent: String = "") -> String {
        var cols = 0
        for r in rows { cols = max(cols, r.count) }
        guard !rows.isEmpty else { return "" }
        var cellWidths: [Int] = []
        cellWidths.reserveCapacity(rows.count * cols)
        var widths = [Int](repeating: 0, count: cols)
        var bytes = 0
        for r in rows {
            for (i, c) in r.enumerated() {
                let w = TextTable.width(c)
                cellWidths.append(w)
                bytes += c.utf8.count
                if i < cols - 1 { widths[i] = max(widths[i], w) }
            }
        }
        var indent = indent
        let indentWidth = TextTable.width(indent)
        var out: [UInt8] = []
        // At most: the cells' bytes, and on each line the indent, the padding of every column
        // but the last, "…" and the newline.
        out.reserveCapacity(bytes + rows.count * (indent.utf8.count + widths.reduce(0, +) + 2 * cols + 4))
        var k = 0
        for r in rows {
            let lineStart = out.count
            indent.withUTF8 { out.append(contentsOf: $0) }
            var used = indentWidth
            for i in r.indices {
                var c = r[i]
                let w = cellWidths[k]
                k += 1
                c.withUTF8 { b in
                    if i == r.count - 1 {
                        let room = width.map { max(12, $0 - used) } ?? Int.max
                        if w > room {
                            out.append(contentsOf: b[..<TextTable.start(ofColumns: room - 1, in: b)])
                            out.append(contentsOf: [0xE2, 0x80, 0xA6]) // "…"
                        } else {
                            out.append(contentsOf: b)
                        }
                    } else {
                        out.append(contentsOf: b)
                        out.append(contentsOf: repeatElement(32, count: widths[i] - w + 2))
                        used += widths[i] + 2
                    }
                }
            }
            while out.count > lineStart && out.last == 32 { out.removeLast() }
            out.append(10)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Where the first scalar that would take UTF-8 `bytes` past `n` columns starts (the end when
    /// they fit): `bytes[..<start]` is the longest start that fits, its combining marks kept.
    static func start(ofColumns n: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let all = bytes[...]
        var used = 0
        var i = 0
        while i < bytes.count {
            let (w, len) = columns(at: i, in: all)
            if used + w > n { return i }
            used += w
            i += len
        }
        return bytes.count
    }

    /// `text` on one line when it fits `width`; else its pieces (between `separator`s, which is
    /// ASCII) filled into lines of at most `width` (a piece wider than that alone on its line).
    /// Each line ends with a newline. For the key and the notes under a table, built as bytes.
    public static func fit(_ text: String, separator: String = " ", width: Int) -> String {
        if TextTable.width(text) <= width { return text + "\n" }
        var text = text
        let sep = Array(separator.utf8)
        return text.withUTF8 { t in
            var out: [UInt8] = []
            out.reserveCapacity(t.count + 8)
            var used = 0
            var i = 0
            func separatorAt(_ j: Int) -> Bool { j + sep.count <= t.count && sep.indices.allSatisfy { t[j + $0] == sep[$0] } }
            while i < t.count {
                var j = i
                while j < t.count && !separatorAt(j) { j += 1 }
                if j > i {
                    let w = TextTable.width(of: t[i..<j])
                    if used > 0 && used + sep.count + w > width {
                        out.append(10)
                        used = 0
                    } else if used > 0 {
                        out.append(contentsOf: sep)
                        used += sep.count
                    }
                    out.append(contentsOf: t[i..<j])
                    used += w
                }
                i = j + sep.count
            }
            out.append(10)
            return String(decoding: out, as: UTF8.self)
        }
    }
}
