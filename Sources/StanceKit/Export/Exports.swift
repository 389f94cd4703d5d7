/// Exports other than JSON: csv, dna, dot, graphml and md are text; svg and png are drawn by Graphviz.
public enum Exports {
    /// The networks `export graphml networks=…` can hold.
    public static let networks = ["stances", "congruence", "conflict", "all"]

    /// A text format's document (graphml: the one network the options name).
    static func text(_ format: String, _ s: State, options: ExportOptions = ExportOptions()) -> String {
        switch format {
        case "json": return JSONExport.document(s)
        case "csv": return CSVExport.document(s)
        case "dna": return DNAExport.document(s, integer: options.qualifier == "integer")
        case "dot": return DOTExport.document(s)
        case "graphml": return GraphMLExport.document(s, network: options.network, options: options)
        default: return MarkdownReport(s).render()
        }
    }

    /// The names of the files one export writes: FILE, or for `graphml networks=all` one file a
    /// network, FILE-stances, FILE-congruence and FILE-conflict (before FILE's extension), since
    /// networkx reads only a file's first graph, igraph refuses several, and Gephi merges them.
    static func paths(_ format: String, _ options: ExportOptions, _ path: String) -> [(network: String?, path: String)] {
        guard format == "graphml" && options.networks == "all" else { return [(nil, path)] }
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let dot = path[slash...].lastIndex(of: ".").flatMap { $0 > slash ? $0 : nil } ?? path.endIndex
        return ["stances", "congruence", "conflict"].map { ($0, String(path[..<dot]) + "-" + $0 + String(path[dot...])) }
    }

    /// Writes the format to `path` (with networks=all, to the paths `paths` names), or returns it.
    /// svg and png go through Graphviz's `dot`.
    static func render(_ format: String, _ s: State, options: ExportOptions, range: Range<Int>,
                       toFile path: String?, pathRange: Range<Int>?) throws(SyntaxError) -> String {
        if format == "svg" || format == "png" {
            return try Graphviz.render(DOTExport.document(s), format: format, toFile: path, range: range)
        }
        guard let path else {
            if format == "graphml" && options.networks == "all" {
                throw SyntaxError("networks=all writes one file a network (FILE-stances, FILE-congruence, FILE-conflict): give a FILE, as in 'export graphml networks=all panel.graphml'", range)
            }
            return Exports.text(format, s, options: options)
        }
        for (network, file) in paths(format, options, path) {
            var o = options
            if let network { o.networks = network }
            let text = Exports.text(format, s, options: o)
            do {
                try FileIO.replaceWhole(file, bytes: Array(text.utf8))
            } catch {
                throw SyntaxError("cannot write '\(Display.escapeControls(file))': \(error.message)", pathRange ?? range)
            }
        }
        return ""
    }

    /// Text for a person (the `report` query, as every query): C0 and C1 control characters other
    /// than line breaks and tabs escaped (`\u{1B}`). `export md` writes the text itself.
    static func shown(_ text: String) -> String {
        var needs = false
        for b in text.utf8 where (b < 0x20 && b != 10 && b != 9) || b == 0x7F || b == 0xC2 { needs = true; break }
        guard needs else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            switch u.value {
            case 9, 10: out.append(u)
            case 0..<0x20, 0x7F, 0x80..<0xA0: out.append(contentsOf: "\\u{\(Display.hex(u.value))}".unicodeScalars)
            default: out.append(u)
            }
        }
        return String(out)
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
