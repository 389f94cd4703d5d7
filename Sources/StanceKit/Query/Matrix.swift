/// Holders × targets of current positions. As text it fits the width: targets are numbered
/// columns explained in a legend, cells are signs, and a large state shows the holders and targets
/// with the most positions (and says so). As JSON it is complete and sparse.
/// Work is proportional to the current stances, never to holders × targets.
struct Matrix {
    /// The current stances shown (tag filter applied), in the order they were made.
    let stances: [Int32]
    /// Every holder and target with a current stance, in entity order, with its count.
    let holders: [(entity: Int32, count: Int)]
    let targets: [(entity: Int32, count: Int)]
    let tag: String?

    static let maxRows = 50
    static let labelWidth = 24

    init(_ s: State, tag: String?) {
        self.tag = tag
        // With a tag, start from the state's tag indexes (filtering before anything is sorted):
        // filtering all current stances cost 40-55 ms at 100,000 entities.
        let list = tag.map { Analysis.currentStances(tagged: $0, s) } ?? Analysis.currentStances(s)
        stances = list
        // Counts by sorting plain Int32s and counting runs: a dictionary per call and a sort of
        // tuples through a closure were most of the time of `matrix #TAG`.
        var h: [Int32] = [], t: [Int32] = []
        h.reserveCapacity(list.count)
        t.reserveCapacity(list.count)
        for i in list {
            h.append(s.stances[Int(i)].holder)
            t.append(s.stances[Int(i)].target)
        }
        holders = Matrix.counted(&h)
        targets = Matrix.counted(&t)
    }

    /// Each distinct entity of `list` with how often it occurs, in entity order.
    static func counted(_ list: inout [Int32]) -> [(entity: Int32, count: Int)] {
        radixSort(&list)
        var out: [(entity: Int32, count: Int)] = []
        var k = 0
        while k < list.count {
            var n = k + 1
            while n < list.count && list[n] == list[k] { n += 1 }
            out.append((list[k], n - k))
            k = n
        }
        return out
    }

    /// Sorts entity indexes (never negative) by bytes, least significant first: Swift's `sort`
    /// calls its comparison through a closure, ~250 µs for the 4,000 stances of a `matrix #TAG`.
    static func radixSort(_ a: inout [Int32]) {
        guard a.count > 1, let most = a.max() else { return }
        var other = [Int32](repeating: 0, count: a.count)
        var shift: Int32 = 0
        while shift < 32 && (most >> shift) != 0 {
            var counts = [Int](repeating: 0, count: 257)
            for x in a { counts[Int((x >> shift) & 0xFF) + 1] += 1 }
            for b in 1..<257 { counts[b] += counts[b - 1] }
            for x in a {
                let b = Int((x >> shift) & 0xFF)
                other[counts[b]] = x
                counts[b] += 1
            }
            swap(&a, &other)
            shift += 8
        }
    }

    /// The `limit` entries with the highest counts (ties: earlier first), back in entity order.
    /// Without sorting: find the smallest count that makes the cut, then take, in entity order,
    /// every entry above it and the earliest ones at it.
    static func top(_ all: [(entity: Int32, count: Int)], _ limit: Int) -> [Int32] {
        if all.count <= limit { return all.map(\.entity) }
        var byCount: [Int: Int] = [:]
        for e in all { byCount[e.count, default: 0] += 1 }
        var taken = 0
        var cut = 0
        for c in byCount.keys.sorted(by: >) {
            cut = c
            if taken + byCount[c]! >= limit { break }
            taken += byCount[c]!
        }
        var atCut = limit - taken
        var out: [Int32] = []
        out.reserveCapacity(limit)
        for e in all where e.count > cut || (e.count == cut && atCut > 0) {
            if e.count == cut { atCut -= 1 }
            out.append(e.entity)
        }
        return out
    }

    static func cut(_ text: String, _ width: Int) -> String {
        let u = text.unicodeScalars
        if u.count <= width { return text }
        return String(String.UnicodeScalarView(u.prefix(width - 1))) + "…"
    }

    static func render(_ m: Matrix, _ s: State, _ o: QueryOptions) -> String {
        if o.json { return m.json(s) }
        guard !m.stances.isEmpty else {
            return m.tag.map { "no current positions tagged #\(Display.escapeControls($0))\n" } ?? "no current positions\n"
        }
        return m.text(s, width: max(o.width, 40))
    }

    /// The table, the numbered legend of targets, the signs, and what was left out.
    /// The table, its legend and, when rows or columns were left out, a note saying so;
    /// `hint` adds how to see the rest (for the query, not for a document).
    func text(_ s: State, width: Int, hint: Bool = true) -> String {
        let rows = Matrix.top(holders, Matrix.maxRows)
        let label = min(Matrix.labelWidth, rows.map { Analysis.id($0, s).unicodeScalars.count }.max() ?? 1)
        // Column width: the widest number, and room for a sign either side.
        var columnCount = targets.count
        var cell = max(3, String(columnCount).count + 2)
        let room = width - label - 1
        if columnCount * cell > room {
            columnCount = max(1, room / cell)
            cell = max(3, String(columnCount).count + 2)
            columnCount = max(1, room / cell)
        }
        let columns = Matrix.top(targets, columnCount)
        func padLeft(_ x: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - x.unicodeScalars.count)) + x }
        func padRight(_ x: String, _ w: Int) -> String { x + String(repeating: " ", count: max(0, w - x.unicodeScalars.count)) }

        var out = String(repeating: " ", count: label + 1)
        for n in 1...columns.count { out += padLeft(String(n), cell - 1) + " " }
        out = trimmed(out) + "\n"
        for h in rows {
            var line = padRight(Matrix.cut(Analysis.id(h, s), label), label) + " "
            for t in columns {
                let sign = s.currentStance(holder: h, target: t).flatMap { i in
                    stancesContain(i) ? s.stances[Int(i)].position.sign : nil
                } ?? "."
                line += padLeft(sign, cell - 1) + " "
            }
            out += trimmed(line) + "\n"
        }
        out += "\n"
        var legend = TextTable()
        for (n, t) in columns.enumerated() {
            let e = s.entities[Int(t)]
            legend.add([padLeft(String(n + 1), String(columns.count).count), e.id, e.name])
        }
        out += legend.render(width: width)
        out += "+ supports  - opposes  ~ mixed  = neutral  ! raises  . none\n"
        if rows.count < holders.count || columns.count < targets.count {
            out += "showing \(rows.count) of \(holders.count) holders and \(columns.count) of \(targets.count) targets,"
                + " those with the most positions" + (hint ? ";\n--json has them all, and 'matrix #TAG' shows fewer\n" : ".\n")
        }
        return out
    }

    private func stancesContain(_ i: Int32) -> Bool {
        tag == nil || binarySearch(i)
    }

    private func binarySearch(_ i: Int32) -> Bool {
        var lo = 0, hi = stances.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if stances[mid] < i { lo = mid + 1 } else { hi = mid }
        }
        return lo < stances.count && stances[lo] == i
    }

    private func trimmed(_ x: String) -> String {
        var x = x
        while x.hasSuffix(" ") { x.removeLast() }
        return x
    }

    /// `{"holders": [...], "targets": [...], "rows": [{"holder", "positions": {target: position}}]}`.
    func json(_ s: State) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.stringArray("holders", holders.map { Analysis.id($0.entity, s) })
        w.stringArray("targets", targets.map { Analysis.id($0.entity, s) })
        w.key("rows")
        w.beginArray()
        let byHolder = stances.sorted { a, b in
            let x = s.stances[Int(a)], y = s.stances[Int(b)]
            return x.holder == y.holder ? x.target < y.target : x.holder < y.holder
        }
        var k = 0
        while k < byHolder.count {
            let h = s.stances[Int(byHolder[k])].holder
            w.beginObject()
            w.field("holder", Analysis.id(h, s))
            w.key("positions")
            w.beginObject()
            while k < byHolder.count, s.stances[Int(byHolder[k])].holder == h {
                let st = s.stances[Int(byHolder[k])]
                w.field(Analysis.id(st.target, s), st.position.word)
                k += 1
            }
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.out + "\n"
    }
}
