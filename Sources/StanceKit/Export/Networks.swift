/// The networks Discourse Network Analyzer computes, over stance's stances, with DNA's options
/// (its `Exporter`): statements are stances with an agreement value under the qualifier
/// (boolean: supports 1, opposes 0; integer: supports 1, mixed, neutral and raises 0, opposes -1),
/// each holder's current one on a target or all of them, less DNA's duplicates.
struct Networks {
    struct Statement {
        var stance: Int32
        var holder: Int32
        var target: Int32
        var value: Int
    }

    let s: State
    let o: ExportOptions
    /// The qualifier's levels, lowest first, and their range.
    let levels: [Int]
    let range: Double
    let statements: [Statement]

    init(_ s: State, _ o: ExportOptions) {
        self.s = s
        self.o = o
        let integer = o.qualifier == "integer"
        levels = integer ? [-1, 0, 1] : [0, 1]
        range = integer ? 2 : 1
        var list: [Statement] = []
        for i in Networks.stances(s, o) {
            let st = s.stances[Int(i)]
            guard let v = DNAExport.agreement(st.position, integer: integer) else { continue }
            list.append(Statement(stance: i, holder: st.holder, target: st.target, value: v))
        }
        statements = Networks.dropDuplicates(list, s, o) { $0.value }
    }

    /// The live stances the options take, in time order: current ones or all.
    static func stances(_ s: State, _ o: ExportOptions) -> [Int32] {
        if o.statements == "current" { return Analysis.timeOrdered(Analysis.currentStances(s), s) }
        return Analysis.timeOrdered((0..<Int32(s.stances.count)).filter { Analysis.isLive($0, s) }, s)
    }

    /// DNA's duplicates: a statement is left out when one already kept has the same holder,
    /// target and value (any value with qualifierAggregation=ignore) in the same period: the
    /// whole journal for `document` (the event is the document) and `acrossrange`, or the same
    /// UTC calendar year, month or ISO week.
    static func dropDuplicates<T>(_ list: [T], _ s: State, _ o: ExportOptions, value: (T) -> Int) -> [T] where T: HasStance {
        guard o.duplicates != "include" else { return list }
        var seen: Set<[Int64]> = []
        return list.filter { x in
            let st = s.stances[Int(x.stance)]
            let v = o.qualifierAggregation == "ignore" ? 0 : Int64(value(x))
            return seen.insert([Int64(st.holder), Int64(st.target), v, period(st.at, o.duplicates)]).inserted
        }
    }

    /// The period a time falls in, as a number: 0 for the whole range.
    static func period(_ t: Timestamp, _ unit: String) -> Int64 {
        let days = t.seconds >= 0 ? t.seconds / 86_400 : (t.seconds - 86_399) / 86_400
        let c = Timestamp(seconds: t.seconds, offset: 0).civil
        switch unit {
        case "year": return Int64(c.year)
        case "month": return Int64(c.year * 12 + c.month)
        case "week":
            // ISO 8601 (Monday first, the week of the year's first Thursday), as DNA's UK week.
            let weekday = ((days + 3) % 7 + 7) % 7
            let thursday = days - weekday + 3
            let year = Timestamp(seconds: thursday * 86_400, offset: 0).civil.year
            let week = (thursday - Timestamp.daysFromCivil(year, 1, 1)) / 7 + 1
            return Int64(year) * 100 + week
        default: return 0
        }
    }

    /// Per holder, per target, the count of statements at each level.
    func counts() -> [Int32: [Int32: [Double]]] {
        var out: [Int32: [Int32: [Double]]] = [:]
        for st in statements {
            let k = levels.firstIndex(of: st.value) ?? 0
            out[st.holder, default: [:]][st.target, default: Array(repeating: 0, count: levels.count)][k] += 1
        }
        return out
    }

    /// The one-mode actor network, as DNA's `computeOneModeMatrix` with a boolean or integer
    /// qualifier: for each pair of actors, over the targets both made statements on, the product
    /// of their counts weighted by proximity (congruence), distance (conflict), the difference
    /// (subtract), or not at all (ignore); then normalized. Pairs of weight 0 are left out.
    func actorNetwork(_ aggregation: String) -> (nodes: [Int32: Int], edges: [(Int32, Int32, Double)]) {
        let c = counts()
        var totals: [Int32: Double] = [:]
        var byTarget: [Int32: [(Int32, [Double])]] = [:]
        for (h, targets) in c {
            for (t, v) in targets {
                totals[h, default: 0] += v.reduce(0, +)
                byTarget[t, default: []].append((h, v))
            }
        }
        var raw: [UInt64: (weight: Double, m11: Double, shared1: Double, shared2: Double)] = [:]
        for (_, list) in byTarget where list.count > 1 {
            let sorted = list.sorted { $0.0 < $1.0 }
            for x in 0..<sorted.count {
                for y in x + 1..<sorted.count {
                    let (a, va) = sorted[x], (b, vb) = sorted[y]
                    var e = raw[Analysis.pair(a, b)] ?? (0, 0, 0, 0)
                    if aggregation == "ignore" {
                        e.weight += va.reduce(0, +) * vb.reduce(0, +)
                    } else {
                        for k1 in levels.indices {
                            for k2 in levels.indices {
                                let distance = Double(abs(levels[k1] - levels[k2])) / range
                                let joint = va[k1] * vb[k2]
                                switch aggregation {
                                case "congruence": e.weight += joint * (1 - distance)
                                case "conflict": e.weight += joint * distance
                                default: e.weight += joint * (1 - distance) - joint * distance
                                }
                            }
                        }
                    }
                    for k in levels.indices {
                        if va[k] > 0 && vb[k] > 0 { e.m11 += va[k] * vb[k] }
                        if vb[k] > 0 { e.shared1 += va[k] }
                        if va[k] > 0 { e.shared2 += vb[k] }
                    }
                    raw[Analysis.pair(a, b)] = e
                }
            }
        }
        var edges: [(Int32, Int32, Double)] = []
        for (k, e) in raw.sorted(by: { $0.key < $1.key }) {
            let (a, b) = Analysis.unpair(k)
            let n1 = totals[a] ?? 0, n2 = totals[b] ?? 0
            let norm: Double
            switch o.normalization {
            case "average": norm = (n1 + n2) / 2
            case "jaccard": norm = (n1 - e.shared1) + (n2 - e.shared2) + e.m11
            case "cosine": norm = n1 * n2
            default: norm = 1
            }
            let w = norm == 0 ? 0 : e.weight / norm
            if w != 0 { edges.append((a, b, w)) }
        }
        return (totals.mapValues { Int($0) }, edges)
    }

    /// The two-mode network aggregated per holder and target, as DNA's `computeTwoModeMatrix`:
    /// the number of statements (ignore), positive less negative ones (subtract; an integer
    /// scale weighs each by its value), or which levels occur, as DNA's rank of the combination
    /// (combine; boolean: 1 supports only, 2 opposes only, 3 both).
    func twoMode(_ aggregation: String) -> [(Int32, Int32, Double)] {
        var edges: [(Int32, Int32, Double)] = []
        for (h, targets) in counts().sorted(by: { $0.key < $1.key }) {
            for (t, v) in targets.sorted(by: { $0.key < $1.key }) {
                var w = 0.0
                for k in levels.indices {
                    switch aggregation {
                    case "ignore": w += v[k]
                    case "subtract": w += (levels.count == 2 ? (levels[k] == 0 ? -1 : 1) : Double(levels[k])) * v[k]
                    default: if v[k] > 0 { w += Double(1 << (levels.count - k - 1)) }
                    }
                }
                if w != 0 { edges.append((h, t, w)) }
            }
        }
        return edges
    }
}

/// What the duplicates filter needs of a statement.
protocol HasStance { var stance: Int32 { get } }
extension Networks.Statement: HasStance {}
extension Int32: HasStance { var stance: Int32 { self } }
