/// Exports other than JSON: csv, dot, graphml and md are text; svg and png are drawn by Graphviz.
public enum Exports {
    /// The networks `export graphml networks=…` can hold.
    public static let networks = ["stances", "congruence", "conflict", "all"]

    /// A text format's document.
    static func text(_ format: String, _ s: State, options: ExportOptions = ExportOptions()) -> String {
        switch format {
        case "json": return JSONExport.document(s)
        case "csv": return CSVExport.document(s)
        case "dna": return DNAExport.document(s, integer: options.qualifier == "integer")
        case "dot": return DOTExport.document(s)
        case "graphml": return GraphMLExport.document(s, networks: options.networks ?? "stances")
        default: return MarkdownReport(s).render()
        }
    }

    /// Writes the format to `path`, or returns it. svg and png go through Graphviz's `dot`.
    static func render(_ format: String, _ s: State, options: ExportOptions, range: Range<Int>,
                       toFile path: String?, pathRange: Range<Int>?) throws(SyntaxError) -> String {
        if format == "svg" || format == "png" {
            return try Graphviz.render(DOTExport.document(s), format: format, toFile: path, range: range)
        }
        let text = Exports.text(format, s, options: options)
        guard let path else { return text }
        do {
            try FileIO.replaceWhole(path, bytes: Array(text.utf8))
        } catch {
            throw SyntaxError("cannot write '\(Display.escapeControls(path))': \(error.message)", pathRange ?? range)
        }
        return ""
    }

    /// Text for an XML document (GraphML, and the DOT that Graphviz turns into SVG): every
    /// character XML 1.0 forbids (C0 controls other than tab, line feed and carriage return;
    /// U+FFFE, U+FFFF) becomes U+FFFD, so the document is well-formed whatever a name holds.
    static func xmlText(_ text: String) -> String {
        var clean = true
        for b in text.utf8 where (b < 0x20 && b != 9 && b != 10 && b != 13) || b == 0xEF { clean = false; break }
        if clean || !text.unicodeScalars.contains(where: isXMLForbidden) { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars { out.append(isXMLForbidden(u) ? "\u{FFFD}" : u) }
        return String(out)
    }

    static func isXMLForbidden(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 9, 10, 13: false
        case 0..<0x20, 0xFFFE, 0xFFFF: true
        default: false
        }
    }
}
