/// `export graphml [networks=…] [qualifier=…] [qualifierAggregation=…] [normalization=…]
/// [statements=current|all] [duplicates=…]`: one graph a document, with typed keys, for Gephi,
/// visone, networkx and igraph.
/// - `stances` (the default): actors and concerns as nodes; the stances as directed edges
///   holder → target with `position`, `sign` (+1 supports, −1 opposes, 0 otherwise), `weight`
///   1.0 (Gephi drops edges of weight 0 and does not draw negative ones, so the signed value is
///   `sign`), `text`, `tags`, `by` (the reporter), `at` and `current`; links as edges of type
///   `link`. With qualifierAggregation=ignore, subtract or combine, one edge a holder and target
///   weighted as DNA's two-mode network.
/// - `congruence`, `conflict` (and qualifierAggregation=subtract or ignore): DNA's one-mode actor
///   network, an undirected edge between two actors weighted as `Networks` computes.
/// - `all`: one document each for stances, congruence and conflict (`Exports` names the files).
/// Nodes carry the entities' kind, type, tags (one boolean key each, and all in `tags`) and
/// attributes (each its own key, typed int or double when every value is one).
enum GraphMLExport {
    struct Key {
        var id: String
        var domain: String
        var name: String
        var type: String
        var defaultValue: String? = nil
    }

    static let fixed: [Key] = [
        Key(id: "label", domain: "node", name: "label", type: "string"), Key(id: "type", domain: "node", name: "type", type: "string"),
        Key(id: "kind", domain: "node", name: "kind", type: "string"), Key(id: "parent", domain: "node", name: "parent", type: "string"),
        Key(id: "tags", domain: "node", name: "tags", type: "string"), Key(id: "positions", domain: "node", name: "positions", type: "int"),
        Key(id: "e_type", domain: "edge", name: "type", type: "string"), Key(id: "e_label", domain: "edge", name: "label", type: "string"),
        Key(id: "position", domain: "edge", name: "position", type: "string"), Key(id: "sign", domain: "edge", name: "sign", type: "int"),
        Key(id: "weight", domain: "edge", name: "weight", type: "double"), Key(id: "text", domain: "edge", name: "text", type: "string"),
        Key(id: "e_tags", domain: "edge", name: "tags", type: "string"), Key(id: "by", domain: "edge", name: "by", type: "string"),
        Key(id: "at", domain: "edge", name: "at", type: "string"), Key(id: "current", domain: "edge", name: "current", type: "boolean"),
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

    /// The document of one network: `stances`, or an actor network by its aggregation.
    static func document(_ s: State, network: String, options: ExportOptions = ExportOptions()) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
        let entityKeys = EntityKeys(s, actorsOnly: network != "stances")
        for k in fixed + entityKeys.keys {
            out += "  <key id=\"\(k.id)\" for=\"\(k.domain)\" attr.name=\"\(xml(k.name))\" attr.type=\"\(k.type)\""
            out += k.defaultValue.map { "><default>\($0)</default></key>\n" } ?? "/>\n"
        }
        let o = options
        if network == "stances" {
            out += stanceGraph(s, o, entityKeys)
        } else {
            out += actorGraph(s, network, Networks(s, o).actorNetwork(network), entityKeys)
        }
        return out + "</graphml>\n"
    }

    static func node(_ e: Entity, positions: Int, _ keys: EntityKeys) -> String {
        var out = "    <node id=\"\(xml(e.id))\">" + data("label", e.name) + data("type", e.typeWord)
        if let k = e.kind { out += data("kind", k) }
        if !e.tags.isEmpty { out += data("tags", e.tags.joined(separator: " ")) }
        out += data("positions", String(positions))
        for a in e.attributes { if let id = keys.attribute[a.key] { out += data(id, a.value) } }
        for t in e.tags { if let id = keys.tag[t] { out += data(id, "true") } }
        return out
    }

    /// A weight as GraphML's double, and as a short label.
    static func number(_ w: Double) -> (double: String, label: String) {
        let whole = w == w.rounded() && abs(w) < 1e15
        return ("\(w)", whole ? String(Int(w)) : "\(w)")
    }
}

/// The keys for the entities' attributes and tags: one a key, typed int or double when every
/// value is one; tags are booleans, false where absent.
struct EntityKeys {
    var keys: [GraphMLExport.Key] = []
    var attribute: [String: String] = [:]
    var tag: [String: String] = [:]

    init(_ s: State, actorsOnly: Bool) {
        var values: [String: [String]] = [:], order: [String] = [], tags: [String] = []
        var seenTags: Set<String> = []
        for e in s.entities where !e.removed && (e.isActor || !actorsOnly) {
            for a in e.attributes {
                if values[a.key] == nil { order.append(a.key) }
                values[a.key, default: []].append(a.value)
            }
            for t in e.tags where seenTags.insert(t).inserted { tags.append(t) }
        }
        let taken = Set(GraphMLExport.fixed.filter { $0.domain == "node" }.map(\.name))
        for (n, k) in order.sorted().enumerated() {
            let id = "a\(n)"
            attribute[k] = id
            let name = taken.contains(k) ? k + " (attribute)" : k
            keys.append(GraphMLExport.Key(id: id, domain: "node", name: name, type: EntityKeys.type(values[k] ?? [])))
        }
        for (n, t) in tags.enumerated() {
            tag[t] = "t\(n)"
            keys.append(GraphMLExport.Key(id: "t\(n)", domain: "node", name: "#" + t, type: "boolean", defaultValue: "false"))
        }
    }

    /// `int` when every value is an integer, `double` when every one is a decimal number, else `string`.
    static func type(_ values: [String]) -> String {
        func digits(_ s: Substring) -> Bool { !s.isEmpty && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        func parts(_ v: String) -> [Substring] {
            let body = v.hasPrefix("-") ? v.dropFirst() : v[...]
            return body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        }
        if values.allSatisfy({ parts($0).count == 1 && digits(parts($0)[0]) && $0.utf8.count < 19 }) { return "int" }
        if values.allSatisfy({ parts($0).allSatisfy(digits) }) { return "double" }
        return "string"
    }
}
