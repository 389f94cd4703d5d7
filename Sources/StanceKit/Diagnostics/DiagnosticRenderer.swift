/// Renders diagnostics in the one format stance uses everywhere:
/// `SOURCE:LINE:COL: error: MESSAGE`, then the line and a caret under the column.
public struct DiagnosticRenderer: Sendable {
    /// When false (the REPL), the `SOURCE:LINE:COL: ` prefix is left out of what was typed (a
    /// diagnostic without a source); one in a file (`source`, `include`) keeps it.
    public var showLocation: Bool
    /// ANSI colour for the severity and the caret.
    public var color: Bool
    /// The widest snippet shown; longer lines are cut around the column.
    public var snippetWidth: Int

    public init(showLocation: Bool = true, color: Bool = false, snippetWidth: Int = 100) {
        self.showLocation = showLocation
        self.color = color
        self.snippetWidth = snippetWidth
    }

    public func render(_ d: Diagnostic) -> String {
        var out = ""
        if showLocation || !d.source.isEmpty {
            if !d.source.isEmpty { out += Display.escapeControls(d.source) + ":" }
            out += "\(d.start.line):\(d.start.column): "
        }
        let label = d.severity.rawValue
        if color {
            let code = d.severity == .error ? "31" : (d.severity == .warning ? "33" : "36")
            out += "\u{1B}[1;\(code)m\(label):\u{1B}[0m "
        } else {
            out += label + ": "
        }
        out += Display.escapeControls(d.message)
        out += "\n"
        if let text = d.lineText {
            let (snippet, caretStart, caretLen) = cut(text, column: d.start.column, endColumn: d.endColumn)
            out += snippet + "\n"
            var caret = String(repeating: " ", count: caretStart)
            caret += "^"
            if caretLen > 1 { caret += String(repeating: "~", count: caretLen - 1) }
            out += (color ? "\u{1B}[32m" + caret + "\u{1B}[0m" : caret) + "\n"
        }
        return out
    }

    /// Cuts a long line to a window around the column; escapes control characters one for one
    /// (each shown as `?`... no: as `·`) so that the caret stays aligned.
    private func cut(_ text: String, column: Int, endColumn: Int) -> (String, Int, Int) {
        var scalars = Array(text.unicodeScalars)
        for i in scalars.indices where scalars[i].value < 0x20 || (0x7F..<0xA0).contains(scalars[i].value) {
            scalars[i] = scalars[i] == "\t" ? " " : "\u{FFFD}"
        }
        var start = 0
        var caretStart = max(0, column - 1)
        var caretLen = max(1, endColumn - column)
        if scalars.count > snippetWidth {
            start = max(0, min(caretStart - snippetWidth / 2, scalars.count - snippetWidth))
            caretStart -= start
        }
        let end = min(scalars.count, start + snippetWidth)
        var s = String.UnicodeScalarView()
        if start > 0 { s.append(contentsOf: "…".unicodeScalars); caretStart += 1 }
        if start < end { s.append(contentsOf: scalars[start..<end]) }
        if end < scalars.count { s.append(contentsOf: "…".unicodeScalars) }
        caretLen = max(1, min(caretLen, max(1, snippetWidth - caretStart + 1)))
        return (String(s), caretStart, caretLen)
    }
}
