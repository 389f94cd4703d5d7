/// Holders × targets of current positions. As text it fits the width: targets are numbered
/// columns explained in a legend, cells are signs, and a large state shows the holders and targets
/// with the most positions (and says so). As JSON it is complete and sparse.
/// Work is proportional to the current stances, never to holders × targets.
struct Matrix {
    /// The current stances shown (tag filter applied), with their holders and targets, in the
    /// order they were made.
    let entries: [TaggedStance]
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
        if let tag {
            entries = Analysis.currentStances(tagged: tag, s)
        } else {
            entries = Analysis.currentStances(s).map { TaggedStance(stance: $0, holder: s.stances[Int($0)].holder, target: s.stances[Int($0)].target) }
        }
        // Counts without a dictionary or a sort of tuples through a closure (those were most of the
        // time of `matrix #TAG`): see `counted`.
        // Read in place (copying the holders and the targets out first was a twelfth of the query).
        holders = entries.withUnsafeBufferPointer { e in Matrix.counted(e.count, universe: s.entities.count) { e[$0].holder } }
        targets = entries.withUnsafeBufferPointer { e in Matrix.counted(e.count, universe: s.entities.count) { e[$0].target } }
    }

    /// Each distinct entity of `list` (indexes below `universe`) with how often it occurs, in
    /// entity order. A bit per entity marks the first occurrences, and reading the bits in order
    /// lists them sorted; only the later occurrences are sorted, to count them. (Sorting the
    /// whole list was ~26 µs for 4,000 stances even as a radix sort; Swift's `sort`, ~165 µs.)
    static func counted(_ list: [Int32], universe: Int) -> [(entity: Int32, count: Int)] {
        list.withUnsafeBufferPointer { xs in counted(xs.count, universe: universe) { xs[$0] } }
    }

    /// `counted` of the `count` entities `item(0)`, `item(1)`…
    @inline(__always)
    static func counted(_ count: Int, universe: Int, _ item: (Int) -> Int32) -> [(entity: Int32, count: Int)] {
        var seen = [UInt64](repeating: 0, count: universe / 64 + 1)
        // The later occurrences, written through pointers (an append each checked the array's
        // uniqueness and capacity).
        var again = [Int32](unsafeUninitializedCapacity: count) { buffer, filled in
            seen.withUnsafeMutableBufferPointer { bits in
                var n = 0
                for k in 0..<count {
                    let x = item(k)
                    let w = Int(x) >> 6, bit: UInt64 = 1 << UInt64(x & 63)
                    if bits[w] & bit != 0 {
                        buffer.initializeElement(at: n, to: x)
                        n += 1
                    } else {
                        bits[w] |= bit
                    }
                }
                filled = n
            }
        }
        radixSort(&again)
        // Filled in place: an append a distinct entity (a uniqueness check each) was half of this.
        return [(entity: Int32, count: Int)](unsafeUninitializedCapacity: count - again.count) { out, filled in
            seen.withUnsafeBufferPointer { bits in
                again.withUnsafeBufferPointer { rest in
                    var k = 0, n = 0
                    for w in 0..<bits.count where bits[w] != 0 {
                        var b = bits[w]
                        while b != 0 {
                            let e = Int32(w * 64 + b.trailingZeroBitCount)
                            var count = 1
                            while k < rest.count && rest[k] == e { count += 1; k += 1 }
                            out.initializeElement(at: n, to: (e, count))
                            n += 1
                            b &= b - 1
                        }
                    }
                    filled = n
                }
            }
        }
    }

    /// Sorts entity indexes (never negative) by 11-bit digits, least significant first (two
    /// passes below 4 million entities, all histograms made in one read), through pointers: Swift's `sort` calls its comparison
    /// through a closure (~250 µs for the 4,000 stances of a `matrix #TAG`), and the same radix
    /// sort on arrays (a bounds check and a uniqueness check a step) was ~100 µs.
    static func radixSort(_ a: inout [Int32]) {
        guard a.count > 1, let most = a.max() else { return }
        let n = a.count
        var passes = 0
        while passes < 3 && (most >> (11 * passes)) != 0 { passes += 1 }
        var other = [Int32](unsafeUninitializedCapacity: n) { _, count in count = n }
        // The histograms of every pass in one read of the data.
        var counts = [Int32](repeating: 0, count: 2048 * passes)
        a.withUnsafeMutableBufferPointer { p in
            other.withUnsafeMutableBufferPointer { q in
                counts.withUnsafeMutableBufferPointer { c in
                    for x in p {
                        for k in 0..<passes { c[2048 * k + Int((x >> (11 * k)) & 0x7FF)] += 1 }
                    }
                    var from = p, to = q
                    for k in 0..<passes {
                        // Counts to starting offsets.
                        var sum: Int32 = 0
                        for b in 2048 * k..<2048 * (k + 1) {
                            let v = c[b]
                            c[b] = sum
                            sum += v
                        }
                        let shift = Int32(11 * k)
                        for x in from {
                            let b = 2048 * k + Int((x >> shift) & 0x7FF)
                            to[Int(c[b])] = x
                            c[b] += 1
                        }
                        swap(&from, &to)
                    }
                }
            }
        }
        if passes % 2 == 1 { swap(&a, &other) }
    }

    /// The `limit` entries with the highest counts (ties: earlier first), back in entity order.
    /// One pass with the `limit` best so far in a heap whose root is the weakest of them (the
    /// lowest count, the latest entity at an equal count): `all` is in entity order, so a later
    /// entry displaces the root only with a higher count. (A histogram of the counts took three
    /// passes: 0.18 M of the 1.36 M instructions of `matrix #key` at 300,000 entries.)
    static func top(_ all: [(entity: Int32, count: Int)], _ limit: Int) -> [Int32] {
        if all.count <= limit { return all.map(\.entity) }
        guard limit > 0 else { return [] }
        var kept = [Int32](unsafeUninitializedCapacity: limit) { out, filled in
            all.withUnsafeBufferPointer { list in
                var heap = [(count: Int, entity: Int32)](list[0..<limit].lazy.map { ($0.count, $0.entity) })
                heap.withUnsafeMutableBufferPointer { h in
                    @inline(__always) func weaker(_ a: (count: Int, entity: Int32), _ b: (count: Int, entity: Int32)) -> Bool {
                        a.count < b.count || (a.count == b.count && a.entity > b.entity)
                    }
                    func siftDown(_ start: Int) {
                        var i = start
                        while true {
                            let l = 2 * i + 1, r = l + 1
                            var m = i
                            if l < limit && weaker(h[l], h[m]) { m = l }
                            if r < limit && weaker(h[r], h[m]) { m = r }
                            if m == i { return }
                            h.swapAt(i, m)
                            i = m
                        }
                    }
                    for i in stride(from: limit / 2 - 1, through: 0, by: -1) { siftDown(i) }
                    for e in list[limit...] where e.count > h[0].count {
                        h[0] = (e.count, e.entity)
                        siftDown(0)
                    }
                    for k in 0..<limit { out.initializeElement(at: k, to: h[k].entity) }
                    filled = limit
                }
            }
        }
        kept.sort()
        return kept
    }

    /// `text` cut to `width` scalars, the last one `…` when it was longer. A slice of the string:
    /// rebuilding it scalar by scalar was a tenth of `matrix #TAG`.
    static func cut(_ text: String, _ width: Int) -> String {
        // Never more scalars than bytes: most ids and names fit, and are not walked.
        if text.utf8.count <= width { return text }
        let u = text.unicodeScalars
        guard let end = u.index(u.startIndex, offsetBy: width - 1, limitedBy: u.endIndex), end != u.endIndex,
              u.index(after: end) != u.endIndex else { return text }
        return String(u[..<end]) + "…"
    }

    static func render(_ m: Matrix, _ s: State, _ o: QueryOptions) -> String {
        if o.json { return m.json(s) }
        guard !m.entries.isEmpty else {
            return m.tag.map { "no current positions tagged #\(Display.escapeControls($0))\n" } ?? "no current positions\n"
        }
        return m.text(s, width: max(o.width, 40))
    }

    /// The table, the numbered legend of targets, the signs, and what was left out.
    /// The table, its legend and, when rows or columns were left out, a note saying so;
    /// `hint` adds how to see the rest (for the query, not for a document).
    func text(_ s: State, width: Int, hint: Bool = true) -> String {
        let rows = Matrix.top(holders, Matrix.maxRows)
        let label = min(Matrix.labelWidth, rows.map { TextTable.width(Analysis.id($0, s)) }.max() ?? 1)
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
        // The grid is ASCII (ids, numbers, signs), so it is built as bytes: a String per cell was
        // most of the time of a large matrix.
        var grid: [UInt8] = []
        grid.reserveCapacity((label + 1 + columns.count * cell + 1) * (rows.count + 1))
        func pad(_ n: Int) { for _ in 0..<max(0, n) { grid.append(32) } }
        func endLine() {
            while grid.last == 32 { grid.removeLast() }
            grid.append(10)
        }
        pad(label + 1)
        for n in 1...columns.count {
            let number = String(n).utf8
            pad(cell - 1 - number.count)
            grid.append(contentsOf: number)
            grid.append(32)
        }
        endLine()
        // The cells, from the shown stances (at most one current stance a pair): a bit per row
        // holder passes over the stances of other holders at once; rows and columns are in
        // entity order, so a binary search finds a stance's cell.
        var cells = [UInt8](repeating: 0, count: rows.count * columns.count)
        var isRow = [UInt64](repeating: 0, count: Int(rows.last ?? 0) / 64 + 1)
        for h in rows { isRow[Int(h) >> 6] |= 1 << UInt64(h & 63) }
        for x in entries {
            guard Int(x.holder) >> 6 < isRow.count, isRow[Int(x.holder) >> 6] & (1 << UInt64(x.holder & 63)) != 0,
                  let r = Matrix.index(of: x.holder, in: rows), let c = Matrix.index(of: x.target, in: columns) else { continue }
            cells[r * columns.count + c] = UInt8(s.stances[Int(x.stance)].position.rawValue) + 1
        }
        // Each cell's bytes, padded, made once: `Position.allCases` makes an array at every call,
        // and per cell (650 of them) that was most of the time of `matrix #TAG`.
        let cellBytes: [[UInt8]] = ([Array(".".utf8)] + Position.allCases.map { Array($0.sign.utf8) }).map { sign in
            [UInt8](repeating: 32, count: max(0, cell - 1 - sign.count)) + sign + [32]
        }
        for (r, h) in rows.enumerated() {
            let id = Matrix.cut(Analysis.id(h, s), label)
            grid.append(contentsOf: id.utf8)
            pad(label - TextTable.width(id) + 1)
            for c in 0..<columns.count { grid.append(contentsOf: cellBytes[Int(cells[r * columns.count + c])]) }
            endLine()
        }
        var out = String(decoding: grid, as: UTF8.self)
        out += "\n"
        var legend = TextTable()
        for (n, t) in columns.enumerated() {
            let e = s.entities[Int(t)]
            let number = String(n + 1)
            legend.add([String(repeating: " ", count: String(columns.count).count - number.count) + number, e.id, e.name])
        }
        out += legend.render(width: width)
        out += "+ supports  - opposes  ~ mixed  = neutral  ! raises  . none\n"
        if rows.count < holders.count || columns.count < targets.count {
            out += "showing \(rows.count) of \(holders.count) holders and \(columns.count) of \(targets.count) targets,"
                + " those with the most positions" + (hint ? ";\n--json has them all, and 'matrix #TAG' shows fewer\n" : ".\n")
        }
        return out
    }

    /// Where `e` is in the ascending list `list`, by binary search.
    static func index(of e: Int32, in list: [Int32]) -> Int? {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < e { lo = mid + 1 } else { hi = mid }
        }
        return lo < list.count && list[lo] == e ? lo : nil
    }

    /// `{"holders": [...], "targets": [...], "rows": [{"holder", "positions": {target: position}}]}`.
    func json(_ s: State) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.stringArray("holders", holders.map { Analysis.id($0.entity, s) })
        w.stringArray("targets", targets.map { Analysis.id($0.entity, s) })
        w.key("rows")
        w.beginArray()
        let byHolder = entries.map(\.stance).sorted { a, b in
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
