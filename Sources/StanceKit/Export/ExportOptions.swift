/// The `key=value` options of `export`, in Discourse Network Analyzer's vocabulary: which formats
/// take each, and the values it takes. Checked when the command is parsed, so a wrong option is
/// an error at its column and nothing is written.
public struct ExportOptions: Sendable, Equatable {
    /// graphml: which networks (`stances`, `congruence`, `conflict`, `all`); nil when not given.
    public var networks: String?
    /// dna and graphml: DNA's agreement as `boolean` (supports 1, opposes 0) or `integer`
    /// (supports 1, mixed, neutral and raises 0, opposes -1).
    public var qualifier = "boolean"
    /// graphml: how positions make an edge weight (DNA's qualifierAggregation); nil when not given.
    public var qualifierAggregation: String?
    /// graphml actor networks: DNA's normalization of edge weights.
    public var normalization = "no"
    /// graphml: each holder's current stance on a target, or every stance.
    public var statements = "current"
    /// graphml: DNA's duplicates, which identical statements count once.
    public var duplicates = "include"

    public init() {}

    public static let table: [(key: String, formats: [String], values: [String])] = [
        ("networks", ["graphml"], ["stances", "congruence", "conflict", "all"]),
        ("qualifier", ["dna", "graphml"], ["boolean", "integer"]),
        ("qualifierAggregation", ["graphml"], ["congruence", "conflict", "subtract", "combine", "ignore"]),
        ("normalization", ["graphml"], ["no", "average", "jaccard", "cosine"]),
        ("statements", ["graphml"], ["current", "all"]),
        ("duplicates", ["graphml"], ["include", "document", "week", "month", "year", "acrossrange"]),
    ]

    /// The options `export FORMAT` takes, or throws at the first one it does not.
    static func parse(_ format: String, _ attributes: [Attribute]) throws(SyntaxError) -> ExportOptions {
        var o = ExportOptions()
        var seen: Set<String> = []
        for a in attributes {
            let whole = a.key.range.lowerBound..<a.value.range.upperBound
            let takes = table.filter { $0.formats.contains(format) }.map { $0.key + "=" }
            guard let row = table.first(where: { $0.key == a.key.value }), row.formats.contains(format) else {
                var message = takes.isEmpty ? "'export \(format)' takes no key=value" : "'export \(format)' takes \(list(takes, "or"))"
                if let other = table.first(where: { $0.key == a.key.value }) {
                    message += "; \(other.key)= is for \(other.formats.joined(separator: " and "))"
                }
                throw SyntaxError(message, whole)
            }
            guard seen.insert(row.key).inserted else { throw SyntaxError("\(row.key)= is given twice", whole) }
            guard row.values.contains(a.value.value) else {
                throw SyntaxError("\(row.key)= is \(list(row.values, "or"))", a.value.range)
            }
            switch row.key {
            case "networks": o.networks = a.value.value
            case "qualifier": o.qualifier = a.value.value
            case "qualifierAggregation": o.qualifierAggregation = a.value.value
            case "normalization": o.normalization = a.value.value
            case "statements": o.statements = a.value.value
            default: o.duplicates = a.value.value
            }
        }
        if o.normalization != "no" && o.network == "stances", let a = attributes.first(where: { $0.key.value == "normalization" }) {
            throw SyntaxError("normalization= is for the actor networks (congruence, conflict, subtract, ignore)", a.key.range.lowerBound..<a.value.range.upperBound)
        }
        if let agg = o.qualifierAggregation {
            let range = attributes.first { $0.key.value == "qualifierAggregation" }.map { $0.key.range.lowerBound..<$0.value.range.upperBound } ?? 0..<1
            switch o.networks {
            case "all":
                throw SyntaxError("networks=all writes the congruence and the conflict networks; qualifierAggregation= chooses one network", range)
            case "congruence", "conflict":
                if agg != o.networks { throw SyntaxError("networks=\(o.networks!) is the actor network with qualifierAggregation=\(o.networks!)", range) }
            case "stances":
                if !["ignore", "subtract", "combine"].contains(agg) {
                    throw SyntaxError("the stances network (holders to targets) takes qualifierAggregation=ignore, subtract or combine", range)
                }
            default:
                break
            }
        }
        return o
    }

    /// The network the options ask for when one: `stances`, or an actor network named by its
    /// aggregation (`congruence`, `conflict`, `subtract`, `ignore`).
    var network: String {
        if let n = networks { return n }
        guard let agg = qualifierAggregation else { return "stances" }
        return agg == "combine" ? "stances" : agg
    }

    static func list(_ words: [String], _ last: String) -> String {
        words.count < 2 ? words.joined() : words.dropLast().joined(separator: ", ") + " \(last) " + words.last!
    }
}
