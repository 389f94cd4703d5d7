/// Holders × targets of current positions. As text it fits the width: targets are numbered
/// columns explained in a legend, cells are signs, and a large state shows the holders and targets
/// with the most positions (and says so). As JSON it is complete and sparse.
/// Work is proportional to the current stances, never to holders × targets.
struct Matrix {
    /// The current stances shown (tag filter applied), with their holders and targets, in the
    /// order they were made.
    let entries: [TaggedStance]
    let tag: String?
    /// How many entities the state has: every holder and target is below it.
    let universe: Int

    static let maxRows = 50
    /// Blocks of columns the targets may wrap into before the rest are left out (and counted).
    static let maxBlocks = 4
    static let labelWidth = 24

    init(_ s: State, tag: String?) {
        self.tag = tag
        universe = s.entities.count
        // With a tag, start from the state's tag indexes, so that the work is proportional to
        // what is tagged, not to every current stance.
        if let tag {
            entries = Analysis.currentStances(tagged: tag, s)
        } else {
            entries = Analysis.currentStances(s).map { TaggedStance(stance: $0, holder: s.stances[Int($0)].holder, target: s.stances[Int($0)].target) }
        }
    }

    /// Every holder with a current stance, in entity order, with its count.
    func holders() -> [(entity: Int32, count: Int)] { Matrix.count(entries, universe: universe) { $0.holder } }

    /// Every target of a current stance, in entity order, with its count.
    func targets() -> [(entity: Int32, count: Int)] { Matrix.count(entries, universe: universe) { $0.target } }

    /// Each distinct entity `pick` gives over `entries` (indexes below `universe`), in entity
    /// order, with how often: counted in an array indexed by entity, and put in order by a bitmap
    /// of the entities seen, so that nothing walks every entity of the state.
    static func count(_ entries: [TaggedStance], universe: Int, _ pick: (TaggedStance) -> Int32) -> [(entity: Int32, count: Int)] {
        var counts = [Int32](repeating: 0, count: universe)
        var seen = [UInt64](repeating: 0, count: universe / 64 + 1)
        var distinct = 0
        for e in entries {
            let x = Int(pick(e))
            if counts[x] == 0 {
                seen[x >> 6] |= 1 << UInt64(x & 63)
                distinct += 1
            }
            counts[x] += 1
        }
        var out: [(entity: Int32, count: Int)] = []
        out.reserveCapacity(distinct)
        for (w, word) in seen.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                let x = w << 6 | bits.trailingZeroBitCount
                out.append((Int32(x), Int(counts[x])))
                bits &= bits - 1
            }
        }
        return out
    }

    /// The `limit` entries with the highest counts (ties: earlier first), back in entity order
    /// (`TopCounts`).
    static func top(_ all: [(entity: Int32, count: Int)], _ limit: Int) -> [Int32] {
        if all.count <= limit { return all.map(\.entity) }
        var top = TopCounts(limit: limit)
        for e in all { top.offer(e.entity, e.count) }
        return top.best.map(\.entity)
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
        return m.text(s, width: max(o.width ?? 80, 40), cut: o.width != nil)
    }

    /// The table, its legend and, when rows or columns were left out, a note saying so;
    /// `hint` adds how to see the rest (for the query, not for a document). Targets that do not
    /// fit the width wrap into further blocks of columns (at most `maxBlocks`); `cut` false (not a
    /// terminal): the legend's names are whole.
    func text(_ s: State, width: Int, hint: Bool = true, cut: Bool = true) -> String {
        let holders = self.holders(), targets = self.targets()
        let rows = Matrix.top(holders, Matrix.maxRows)
        let label = min(Matrix.labelWidth, rows.map { TextTable.width(Analysis.id($0, s)) }.max() ?? 1)
        // Column width: the widest number, and room for a sign either side.
        let room = width - label - 1
        var cell = max(3, String(targets.count).count + 2)
        var perBlock = max(1, room / cell)
        var shown = min(targets.count, perBlock * Matrix.maxBlocks)
        cell = max(3, String(shown).count + 2)
        perBlock = max(1, room / cell)
        shown = min(targets.count, perBlock * Matrix.maxBlocks)
        let columns = Matrix.top(targets, shown)
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
        let ids = rows.map { Matrix.cut(Analysis.id($0, s), label) }
        // The grid is ASCII (ids, numbers, signs), so it is built as bytes: a String per cell was
        // most of the time of a large matrix. (`Position.allCases` makes an array at every call,
        // hence `signs`.)
        let signs = [UInt8(ascii: ".")] + Position.allCases.map { $0.sign.utf8.first! }
        var grid: [UInt8] = []
        grid.reserveCapacity((label + 1 + min(perBlock, columns.count) * cell + 1) * (rows.count + 1) * ((columns.count + perBlock - 1) / perBlock))
        func pad(_ n: Int) { for _ in 0..<max(0, n) { grid.append(32) } }
        func endLine() {
            while grid.last == 32 { grid.removeLast() }
            grid.append(10)
        }
        for first in stride(from: 0, to: columns.count, by: perBlock) {
            let block = first..<min(columns.count, first + perBlock)
            if first > 0 { grid.append(10) }
            pad(label + 1)
            for n in block {
                let number = String(n + 1).utf8
                pad(cell - 1 - number.count)
                grid.append(contentsOf: number)
                grid.append(32)
            }
            endLine()
            // A cell is spaces and its sign (one byte) before the last.
            for r in rows.indices {
                var id = ids[r]
                id.withUTF8 { grid.append(contentsOf: $0) }
                pad(label - TextTable.width(id) + 1)
                let start = grid.count + cell - 2
                grid.append(contentsOf: repeatElement(32, count: block.count * cell))
                grid.withUnsafeMutableBufferPointer { g in
                    for c in block { g[start + (c - first) * cell] = signs[Int(cells[r * columns.count + c])] }
                }
                endLine()
            }
        }
        var out = String(decoding: grid, as: UTF8.self)
        out += "\n"
        var legend = TextTable()
        for (n, t) in columns.enumerated() {
            let e = s.entities[Int(t)]
            let number = String(n + 1)
            legend.add([String(repeating: " ", count: String(columns.count).count - number.count) + number, e.id, e.name])
        }
        out += legend.render(width: cut ? width : nil)
        // The key and the note fit the width (at 40 columns the key takes two lines).
        out += TextTable.fit("+ supports  - opposes  ~ mixed  = neutral  ! raises  . none", separator: "  ", width: width)
        if rows.count < holders.count || columns.count < targets.count {
            out += TextTable.fit("showing \(rows.count) of \(holders.count) holders and \(columns.count) of \(targets.count) targets,"
                                 + " those with the most positions" + (hint ? ";" : "."), width: width)
            if hint { out += TextTable.fit("--json has them all, and 'matrix #TAG' shows fewer", width: width) }
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
        w.stringArray("holders", holders().map { Analysis.id($0.entity, s) })
        w.stringArray("targets", targets().map { Analysis.id($0.entity, s) })
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
