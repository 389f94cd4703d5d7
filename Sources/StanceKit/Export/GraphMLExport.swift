/// `export graphml [networks=stances|congruence|conflict|all]`: GraphML with typed keys, for Gephi
/// and visone.
/// - `stances` (the default): actors and concerns as nodes; current stances as directed edges
///   holder → target with `position`, `sign` (+1 supports, −1 opposes, 0 otherwise) and `weight` 1.0
///   (Gephi drops edges of weight 0 and does not draw negative ones, so the signed value is `sign`);
///   links as edges of type `link`.
/// - `congruence` / `conflict`: the actor networks Discourse Network Analyzer computes: an undirected
///   edge between two actors weighted by the number of targets where their current positions are
///   the same (congruence) or opposite, supports against opposes (conflict).
/// - `all`: the three as separate `<graph>`s of one document (node ids prefixed `congruence:` and
///   `conflict:` in the second and third, as GraphML wants ids unique in a document).
enum GraphMLExport {
    static let keys: [(id: String, domain: String, name: String, type: String)] = [
        ("label", "node", "label", "string"), ("type", "node", "type", "string"), ("kind", "node", "kind", "string"),
        ("parent", "node", "parent", "string"), ("tags", "node", "tags", "string"), ("positions", "node", "positions", "int"),
        ("e_type", "edge", "type", "string"), ("e_label", "edge", "label", "string"), ("position", "edge", "position", "string"),
        ("sign", "edge", "sign", "int"), ("weight", "edge", "weight", "double"), ("text", "edge", "text", "string"),
        ("by", "edge", "by", "string"), ("at", "edge", "at", "string"),
    ]

    /// Text for an XML attribute or element: markup escaped, line breaks and tabs as character
    /// references (an attribute would turn them into spaces), what XML forbids replaced.
    static func xml(_ raw: String) -> String {
        var out = ""
        for u in Exports.xmlText(raw).unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func data(_ key: String, _ value: String) -> String { "<data key=\"\(key)\">\(xml(value))</data>" }

    static func document(_ s: State, networks: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
        for k in keys {
            out += "  <key id=\"\(k.id)\" for=\"\(k.domain)\" attr.name=\"\(k.name)\" attr.type=\"\(k.type)\"/>\n"
        }
        let all = networks == "all"
        if networks == "stances" || all { out += stanceGraph(s) }
        if networks != "stances" {
            let pairs = Analysis.actorPairs(s)
            if networks == "congruence" || all { out += actorGraph(s, "congruence", pairs.congruence, prefix: all ? "congruence:" : "") }
            if networks == "conflict" || all { out += actorGraph(s, "conflict", pairs.conflict, prefix: all ? "conflict:" : "") }
        }
        return out + "</graphml>\n"
    }

    static func node(_ e: Entity, _ id: String, positions: Int) -> String {
        var out = "    <node id=\"\(xml(id))\">" + data("label", e.name) + data("type", e.typeWord)
        if let k = e.kind { out += data("kind", k) }
        if !e.tags.isEmpty { out += data("tags", e.tags.joined(separator: " ")) }
        return out + data("positions", String(positions))
    }

    static func stanceGraph(_ s: State) -> String {
        let current = Analysis.currentStances(s)
        var held: [Int32: Int] = [:]
        for i in current { held[s.stances[Int(i)].holder, default: 0] += 1 }
        var out = "  <graph id=\"stances\" edgedefault=\"directed\">\n"
        for (i, e) in s.entities.enumerated() where !e.removed {
            out += node(e, e.id, positions: held[Int32(i)] ?? 0)
            if let p = e.parent, !s.entities[Int(p)].removed { out += data("parent", s.entities[Int(p)].id) }
            out += "</node>\n"
        }
        for i in current {
            let st = s.stances[Int(i)]
            let sign = st.position == .supports ? 1 : st.position == .opposes ? -1 : 0
            out += "    <edge id=\"s\(i + 1)\" source=\"\(xml(Analysis.id(st.holder, s)))\" target=\"\(xml(Analysis.id(st.target, s)))\">"
                + data("e_type", "stance") + data("e_label", st.position.word) + data("position", st.position.word)
                + data("sign", String(sign)) + data("weight", "1.0")
            if let t = s.text(of: st) { out += data("text", t) }
            if let b = st.by { out += data("by", Analysis.id(b, s)) }
            out += data("at", st.at.rfc3339) + "</edge>\n"
        }
        for (i, l) in s.links.enumerated() where !l.removed && !s.entities[Int(l.from)].removed && !s.entities[Int(l.to)].removed {
            out += "    <edge id=\"l\(i + 1)\" source=\"\(xml(Analysis.id(l.from, s)))\" target=\"\(xml(Analysis.id(l.to, s)))\">"
                + data("e_type", "link") + data("e_label", l.relation) + data("sign", "0") + data("weight", "1.0")
            if let t = l.text { out += data("text", t) }
            out += data("at", l.at.rfc3339) + "</edge>\n"
        }
        return out + "  </graph>\n"
    }

    /// Actors with at least one current stance, and the weighted pairs among them.
    static func actorGraph(_ s: State, _ name: String, _ weights: [UInt64: Int], prefix: String) -> String {
        var held: [Int32: Int] = [:]
        for i in Analysis.currentStances(s) { held[s.stances[Int(i)].holder, default: 0] += 1 }
        var out = "  <graph id=\"\(name)\" edgedefault=\"undirected\">\n"
        for (i, e) in s.entities.enumerated() where !e.removed && e.isActor {
            guard let n = held[Int32(i)] else { continue }
            out += node(e, prefix + e.id, positions: n) + "</node>\n"
        }
        let edges = weights.sorted { $0.key < $1.key }
        for (n, (k, w)) in edges.enumerated() {
            let (a, b) = Analysis.unpair(k)
            out += "    <edge id=\"\(name)-\(n + 1)\" source=\"\(xml(prefix + Analysis.id(a, s)))\" target=\"\(xml(prefix + Analysis.id(b, s)))\">"
                + data("e_type", name) + data("e_label", String(w)) + data("weight", "\(w).0") + "</edge>\n"
        }
        return out + "  </graph>\n"
    }
}
