/// The `limit` best of entities offered in entity order with their counts: the highest counts,
/// the earlier entity at an equal count. A heap of the best so far whose root is the weakest of
/// them (the lowest count, the latest entity at an equal count): since the entities come in
/// order, a later one displaces the root only with a higher count, so most cost one comparison.
struct TopCounts {
    let limit: Int
    private var heap: [(count: Int, entity: Int32)] = []
    /// Once `limit` are kept, the count an entity needs to be kept (the root's, plus one); before,
    /// 0.
    private var bar = 0

    init(limit: Int) {
        self.limit = max(0, limit)
        heap.reserveCapacity(self.limit)
    }

    @inline(__always) mutating func offer(_ entity: Int32, _ count: Int) {
        if count < bar { return }
        add(entity, count)
    }

    private mutating func add(_ entity: Int32, _ count: Int) {
        if heap.count < limit {
            heap.append((count, entity))
            guard heap.count == limit else { return }
            for i in stride(from: limit / 2 - 1, through: 0, by: -1) { siftDown(i) }
        } else {
            guard limit > 0 else { bar = .max; return }
            heap[0] = (count, entity)
            siftDown(0)
        }
        bar = heap[0].count + 1
    }

    /// The best, in entity order.
    var best: [(entity: Int32, count: Int)] {
        heap.map { (entity: $0.entity, count: $0.count) }.sorted { $0.entity < $1.entity }
    }

    @inline(__always) private static func weaker(_ a: (count: Int, entity: Int32), _ b: (count: Int, entity: Int32)) -> Bool {
        a.count < b.count || (a.count == b.count && a.entity > b.entity)
    }

    private mutating func siftDown(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && TopCounts.weaker(h[l], h[m]) { m = l }
                if r < n && TopCounts.weaker(h[r], h[m]) { m = r }
                if m == i { return }
                h.swapAt(i, m)
                i = m
            }
        }
    }
}
