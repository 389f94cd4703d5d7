/// Aligned plain-text columns; the last column is cut to fit the width.
public struct TextTable {
    public var rows: [[String]] = []
    public init() {}

    public mutating func add(_ row: [String]) { rows.append(row.map(Display.escapeControls)) }

    /// Unicode scalars, counted as the UTF-8 bytes that start one, through a pointer to the bytes
    /// (`utf8`'s iterator was ~900 instructions for a 25-byte id).
    public static func width(_ s: String) -> Int {
        var s = s
        return s.withUTF8 { width(of: $0[...]) }
    }

    /// The Unicode scalars of UTF-8 `bytes`: the bytes that start one.
    @inline(__always) static func width(of bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
        var n = 0
        for b in bytes where b & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Built as bytes, each cell's width measured once: measuring the growing line again for its
    /// last cell, a `String` per padding and `hasSuffix` (which breaks graphemes) were most of the
    /// time of a table.
    public func render(width: Int = 80, indent: String = "") -> String {
        guard let cols = rows.map(\.count).max() else { return "" }
        let cellWidths = rows.map { $0.map(TextTable.width) }
        var widths = [Int](repeating: 0, count: cols)
        for r in cellWidths { for (i, w) in r.enumerated() where i < cols - 1 { widths[i] = max(widths[i], w) } }
        let indentWidth = TextTable.width(indent)
        var out: [UInt8] = []
        /// A string's bytes through a pointer (`append(contentsOf: s.utf8)` went through the
        /// view's iterator).
        func append(_ s: String) {
            var s = s
            s.withUTF8 { out.append(contentsOf: $0) }
        }
        for (r, ws) in zip(rows, cellWidths) {
            let lineStart = out.count
            append(indent)
            var used = indentWidth
            for (i, c) in r.enumerated() {
                if i == r.count - 1 {
                    let room = max(12, width - used)
                    if ws[i] > room {
                        append(String(c.unicodeScalars.prefix(room - 1)))
                        append("…")
                    } else {
                        append(c)
                    }
                } else {
                    append(c)
                    out.append(contentsOf: repeatElement(32, count: widths[i] - ws[i] + 2))
                    used += widths[i] + 2
                }
            }
            while out.count > lineStart && out.last == 32 { out.removeLast() }
            out.append(10)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` on one line when it fits `width`; else its pieces (between `separator`s, which is
    /// ASCII) filled into lines of at most `width` (a piece wider than that alone on its line).
    /// Each line ends with a newline. For the key and the notes under a table, built as bytes:
    /// `split` on a `String` and a `String` grown piece by piece were a tenth of a `matrix #TAG`
    /// query's instructions at 100,000 entities, where its note wraps at 80 columns.
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
