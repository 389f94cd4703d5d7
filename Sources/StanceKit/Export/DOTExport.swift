/// `export dot`: a stakeholder map for Graphviz. Actors are boxes (shaped by kind), concerns are
/// yellow ellipses, current positions are edges coloured by position, links are grey dotted
/// edges, and a legend explains the colours.
enum DOTExport {
    static func colour(_ p: Position) -> String {
        switch p {
        case .supports: "#1a9850"
        case .opposes: "#d73027"
        case .mixed: "#f46d43"
        case .neutral: "#878787"
        case .raises: "#762a83"
        }
    }

    static func shape(_ kind: String?) -> String {
        switch kind {
        case "person": "shape=box, style=\"rounded,filled\""
        case "state": "shape=box3d, style=filled"
        case "group": "shape=tab, style=filled"
        default: "shape=box, style=filled"
        }
    }

    /// A double-quoted DOT string: quotes and backslashes escaped, line breaks as `\n`, `&` as
    /// `&amp;` (Graphviz reads entities in strings, and `&#1;` would reach the SVG as a character
    /// XML forbids), and what XML forbids replaced, so the SVG Graphviz draws is well-formed.
    static func quote(_ raw: String) -> String {
        var out = "\""
        for u in Exports.xmlText(raw).unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r", "\t": out += " "
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    static func cut(_ text: String, _ n: Int) -> String {
        text.unicodeScalars.count <= n ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(n - 1))) + "…"
    }

    static func document(_ s: State) -> String {
        var out = "digraph stance {\n"
        var title = s.event.title ?? "Stakeholder map"
        let facts = [s.event.attribute("date"), s.event.attribute("location")].compactMap { $0 }
        if !facts.isEmpty { title += "\n" + facts.joined(separator: ", ") }
        out += "  graph [label=\(quote(title)), labelloc=t, fontsize=16, fontname=\"Helvetica\", rankdir=LR, nodesep=0.3, ranksep=1.2];\n"
        out += "  node [fontname=\"Helvetica\", fontsize=11, color=\"#4d4d4d\"];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=10, penwidth=1.6];\n"
        out += "\n  // actors\n"
        for e in s.entities where !e.removed && e.isActor {
            var tip = [e.kind].compactMap { $0 } + e.attributes.map { "\($0.key): \($0.value)" }
            if tip.isEmpty { tip = [e.id] }
            out += "  \(quote(e.id)) [label=\(quote(e.name)), \(shape(e.kind)), fillcolor=\"#dbe9f6\", tooltip=\(quote(cut(tip.joined(separator: "; "), 300)))];\n"
        }
        out += "\n  // concerns\n"
        for e in s.entities where !e.removed && !e.isActor {
            out += "  \(quote(e.id)) [label=\(quote(e.name)), shape=ellipse, style=filled, fillcolor=\"#fff2b3\", tooltip=\(quote(e.id))];\n"
        }
        out += "\n  // current positions\n"
        for i in Analysis.currentStances(s) {
            let st = s.stances[Int(i)]
            let c = colour(st.position)
            var attrs = "color=\"\(c)\", fontcolor=\"\(c)\", label=\(quote(st.position.sign))"
            if st.position == .raises { attrs += ", style=dashed" }
            var tip = "s\(i + 1): \(Analysis.id(st.holder, s)) \(st.position.word) \(Analysis.id(st.target, s))"
            if let t = s.text(of: st) { tip += ": " + t }
            if let b = st.by { tip += " (by \(Analysis.id(b, s)))" }
            attrs += ", tooltip=\(quote(cut(tip, 300)))"
            out += "  \(quote(Analysis.id(st.holder, s))) -> \(quote(Analysis.id(st.target, s))) [\(attrs)];\n"
        }
        var relations = ""
        for e in s.entities where !e.removed && !e.isActor {
            if let p = e.parent, !s.entities[Int(p)].removed {
                relations += "  \(quote(e.id)) -> \(quote(s.entities[Int(p)].id)) [style=dotted, color=\"#999999\", arrowhead=empty, label=\"part of\", fontcolor=\"#777777\"];\n"
            }
        }
        for (i, l) in s.links.enumerated() where !l.removed && !s.entities[Int(l.from)].removed && !s.entities[Int(l.to)].removed {
            let tip = "l\(i + 1): " + (l.text ?? l.relation)
            relations += "  \(quote(Analysis.id(l.from, s))) -> \(quote(Analysis.id(l.to, s))) [style=dotted, color=\"#777777\", arrowhead=open,"
                + " label=\(quote(l.relation)), fontcolor=\"#555555\", tooltip=\(quote(cut(tip, 300)))];\n"
        }
        if !relations.isEmpty { out += "\n  // links\n" + relations }
        out += """

          // legend
          subgraph cluster_legend {
            label="positions"; fontsize=10; style=rounded; color="#bbbbbb";
            "legend:positions" [shape=plaintext, fontsize=10, label=<<font color="#1a9850">+ supports</font><br align="left"/><font color="#d73027">- opposes</font><br align="left"/><font color="#f46d43">~ mixed</font><br align="left"/><font color="#878787">= neutral</font><br align="left"/><font color="#762a83">! raises (dashed)</font><br align="left"/>>];
          }

        """
        return out + "}\n"
    }
}
