/// Aligned plain-text columns; the last column is cut to fit the width.
public struct TextTable {
    public var rows: [[String]] = []
    public init() {}

    public mutating func add(_ row: [String]) { rows.append(row.map(Display.escapeControls)) }

    public static func width(_ s: String) -> Int { s.unicodeScalars.count }

    public func render(width: Int = 80, indent: String = "") -> String {
        guard let cols = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: cols)
        for r in rows { for (i, c) in r.enumerated() where i < cols - 1 { widths[i] = max(widths[i], TextTable.width(c)) } }
        var out = ""
        for r in rows {
            var line = indent
            for (i, c) in r.enumerated() {
                if i == r.count - 1 {
                    let room = max(12, width - TextTable.width(line))
                    line += TextTable.width(c) > room ? String(String.UnicodeScalarView(c.unicodeScalars.prefix(room - 1))) + "…" : c
                } else {
                    line += c + String(repeating: " ", count: widths[i] - TextTable.width(c) + 2)
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
