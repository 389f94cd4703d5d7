extension GraphMLExport {
    /// Actors and concerns; the stances the options take as edges (or DNA's two-mode weights with
    /// qualifierAggregation=ignore, subtract or combine); the links.
    static func stanceGraph(_ s: State, _ o: ExportOptions, _ keys: EntityKeys) -> String {
        var edges = ""
        var held: [Int32: Int] = [:]
        if let agg = o.qualifierAggregation {
            for (n, (h, t, w)) in Networks(s, o).twoMode(agg).enumerated() {
                held[h, default: 0] += 1
                let (double, label) = number(w)
                edges += "    <edge id=\"\(agg)-\(n + 1)\" source=\"\(xml(Analysis.id(h, s)))\" target=\"\(xml(Analysis.id(t, s)))\">"
                    + data("e_type", agg) + data("e_label", label) + data("weight", double) + "</edge>\n"
            }
        } else {
            let chosen = Networks.dropDuplicates(Networks.stances(s, o), s, o) { Int(s.stances[Int($0)].position.rawValue) }
            for i in chosen {
                let st = s.stances[Int(i)]
                held[st.holder, default: 0] += 1
                let sign = st.position == .supports ? 1 : st.position == .opposes ? -1 : 0
                edges += "    <edge id=\"s\(i + 1)\" source=\"\(xml(Analysis.id(st.holder, s)))\" target=\"\(xml(Analysis.id(st.target, s)))\">"
                    + data("e_type", "stance") + data("e_label", st.position.word) + data("position", st.position.word)
                    + data("sign", String(sign)) + data("weight", "1.0")
                if let t = s.text(of: st) { edges += data("text", t) }
                if !st.tags.isEmpty { edges += data("e_tags", st.tags.joined(separator: " ")) }
                if let b = st.by { edges += data("by", Analysis.id(b, s)) }
                edges += data("at", st.at.rfc3339) + data("current", s.isCurrent(i) ? "true" : "false") + "</edge>\n"
            }
        }
        var out = "  <graph id=\"stances\" edgedefault=\"directed\">\n"
        for (i, e) in s.entities.enumerated() where !e.removed {
            out += node(e, positions: held[Int32(i)] ?? 0, keys)
            if let p = e.parent, !s.entities[Int(p)].removed { out += data("parent", s.entities[Int(p)].id) }
            out += "</node>\n"
        }
        out += edges
        for (i, l) in s.links.enumerated() where !l.removed && !s.entities[Int(l.from)].removed && !s.entities[Int(l.to)].removed {
            out += "    <edge id=\"l\(i + 1)\" source=\"\(xml(Analysis.id(l.from, s)))\" target=\"\(xml(Analysis.id(l.to, s)))\">"
                + data("e_type", "link") + data("e_label", l.relation) + data("sign", "0") + data("weight", "1.0")
            if let t = l.text { out += data("text", t) }
            out += data("at", l.at.rfc3339) + "</edge>\n"
        }
        return out + "  </graph>\n"
    }

    /// The actors with a statement in the network, and the weighted pairs among them.
    static func actorGraph(_ s: State, _ name: String, _ network: (nodes: [Int32: Int], edges: [(Int32, Int32, Double)]),
                           _ keys: EntityKeys) -> String {
        var out = "  <graph id=\"\(name)\" edgedefault=\"undirected\">\n"
        for (i, e) in s.entities.enumerated() where !e.removed && e.isActor {
            guard let n = network.nodes[Int32(i)] else { continue }
            out += node(e, positions: n, keys) + "</node>\n"
        }
        for (n, (a, b, w)) in network.edges.enumerated() {
            let (double, label) = number(w)
            out += "    <edge id=\"\(name)-\(n + 1)\" source=\"\(xml(Analysis.id(a, s)))\" target=\"\(xml(Analysis.id(b, s)))\">"
                + data("e_type", name) + data("e_label", label) + data("weight", double) + "</edge>\n"
        }
        return out + "  </graph>\n"
    }
}
