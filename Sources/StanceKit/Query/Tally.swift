/// A count per entity, and a bit per entity marking the counted ones, that a query borrows for
/// counting and gives back as it found them: all zero. `State` keeps one between queries, so that
/// counting is proportional to what is counted, not to the entities: zeroing a count per entity
/// (400 KB at 100,000 entities) at every `matrix` would take longer than the counting itself.
///
/// Not a part of the model: nothing in it outlives a call of `count` or `top`.
final class Tally {
    private var counts: UnsafeMutablePointer<Int32>
    private var marks: UnsafeMutablePointer<UInt64>
    /// Entities with room: `counts` has this many, `marks` a bit for each.
    private var capacity: Int
    /// Room for lists of entities (`top`), kept between calls like the rest.
    private var scratch: UnsafeMutablePointer<Int32>
    private var scratchCapacity = 1

    init() {
        capacity = 0
        counts = .allocate(capacity: 1)
        marks = .allocate(capacity: 1)
        marks.initialize(to: 0)
        scratch = .allocate(capacity: 1)
    }

    deinit {
        counts.deallocate()
        marks.deallocate()
        scratch.deallocate()
    }

    /// Each distinct entity of `item(0)`, `item(1)`… `item(count - 1)` (indexes below
    /// `universe`) with how often it occurs, in entity order.
    ///
    /// One pass counts each entity in `counts` and marks the first occurrences in `marks`; a walk
    /// of the marks' words lists the marked entities in order, with their counts, and clears both
    /// as it goes. (Before: a fresh bitmap per call, the later occurrences radix-sorted and merged
    /// back in.)
    @inline(__always)
    func count(_ count: Int, universe: Int, _ item: (Int) -> Int32) -> [(entity: Int32, count: Int)] {
        guard let (low, high, distinct) = tally(count, universe: universe, item) else { return [] }
        return [(entity: Int32, count: Int)](unsafeUninitializedCapacity: distinct) { out, filled in
            var n = 0
            walk(low, high, counts) { e, c in
                out.initializeElement(at: n, to: (e, c))
                n += 1
            }
            filled = n
        }
    }

    /// The entities of two lists, `item(k).0` and `item(k).1` for `k` in `0..<count` (indexes below
    /// `universe`), counted in one pass: for each list, the `limits` entities with the most
    /// occurrences (ties: the earlier entity), with their counts, in entity order, and how many
    /// distinct entities it has. For `matrix`'s text: its rows (holders) and columns (targets),
    /// without listing every entity (thousands of holders for 50 rows).
    ///
    /// The pass counts each list in its own half of `counts` and notes each entity's first
    /// occurrence and its second in `scratch`. When at least `limit` entities occur twice, the
    /// best are among them (an entity seen once is weaker than any seen twice), and only those
    /// few are ranked (`TopCounts`); otherwise every entity counted is. The first occurrences
    /// then give `counts` back all zero.
    /// (Before: a pass and a walk of all the marks for each list, each entity seen ranked; at
    /// 100,000 entities that was two-fifths of `matrix #key`'s time.)
    func top(_ count: Int, universe: Int, limits: (Int, Int), _ item: (Int) -> (Int32, Int32))
        -> (first: (best: [(entity: Int32, count: Int)], distinct: Int), second: (best: [(entity: Int32, count: Int)], distinct: Int)) {
        reserve(2 * universe)
        reserveScratch(4 * count)
        let counts = self.counts, other = self.counts + universe
        // Four lists of `count` each: the first occurrences and the second ones, of each list.
        let firsts = (scratch, scratch + count), seconds = (scratch + 2 * count, scratch + 3 * count)
        var nFirsts = (0, 0), nSeconds = (0, 0)
        for k in 0..<count {
            let (a, b) = item(k)
            let x = Int(a), y = Int(b)
            precondition(UInt(bitPattern: x) < UInt(universe) && UInt(bitPattern: y) < UInt(universe), "an entity index out of range")
            let c = counts[x]
            counts[x] = c + 1
            if c < 2 {
                if c == 0 { firsts.0[nFirsts.0] = a; nFirsts.0 += 1 } else { seconds.0[nSeconds.0] = a; nSeconds.0 += 1 }
            }
            let d = other[y]
            other[y] = d + 1
            if d < 2 {
                if d == 0 { firsts.1[nFirsts.1] = b; nFirsts.1 += 1 } else { seconds.1[nSeconds.1] = b; nSeconds.1 += 1 }
            }
        }
        let one = best(counts, UnsafeBufferPointer(start: firsts.0, count: nFirsts.0),
                       UnsafeBufferPointer(start: seconds.0, count: nSeconds.0), limits.0)
        let two = best(other, UnsafeBufferPointer(start: firsts.1, count: nFirsts.1),
                       UnsafeBufferPointer(start: seconds.1, count: nSeconds.1), limits.1)
        return ((one, nFirsts.0), (two, nFirsts.1))
    }

    /// The `limit` best of one list counted in `counts` (its entities `firsts`, those seen at
    /// least twice `seconds`), in entity order; zeroes their counts. The candidates are put in
    /// entity order through `marks`: sorted with the standard library's sort, the ranking took
    /// 156,000 of a `matrix #key`'s instructions at 100,000 entities instead of 91,000.
    private func best(_ counts: UnsafeMutablePointer<Int32>, _ firsts: UnsafeBufferPointer<Int32>,
                      _ seconds: UnsafeBufferPointer<Int32>, _ limit: Int) -> [(entity: Int32, count: Int)] {
        var top = TopCounts(limit: limit)
        if limit > 0 {
            var low = Int.max, high = -1
            for e in seconds.count >= limit ? seconds : firsts {
                let x = Int(e)
                marks[x >> 6] |= 1 << UInt64(x & 63)
                low = min(low, x >> 6)
                high = max(high, x >> 6)
            }
            if high >= 0 { walk(low, high, counts) { e, c in top.offer(e, c) } }
        }
        for e in firsts { counts[Int(e)] = 0 }
        return top.best
    }

    /// Counts and marks `item(0)`…: the first and last words of `marks` with a mark, and how many
    /// entities are marked; nil for none.
    @inline(__always)
    private func tally(_ count: Int, universe: Int, _ item: (Int) -> Int32) -> (low: Int, high: Int, distinct: Int)? {
        reserve(universe)
        let counts = self.counts, marks = self.marks
        var distinct = 0
        var low = Int.max, high = -1
        for k in 0..<count {
            let x = Int(item(k))
            precondition(x >= 0 && x < universe, "an entity index out of range")
            let c = counts[x]
            if c == 0 {
                marks[x >> 6] |= 1 << UInt64(x & 63)
                distinct += 1
                low = min(low, x >> 6)
                high = max(high, x >> 6)
            }
            counts[x] = c + 1
        }
        return distinct > 0 ? (low, high, distinct) : nil
    }

    /// The marked entities of words `low...high`, in order, with their counts; clears both.
    @inline(__always)
    private func walk(_ low: Int, _ high: Int, _ counts: UnsafeMutablePointer<Int32>, _ visit: (Int32, Int) -> Void) {
        let marks = self.marks
        for w in low...high where marks[w] != 0 {
            var b = marks[w]
            marks[w] = 0
            while b != 0 {
                let e = w << 6 + b.trailingZeroBitCount
                visit(Int32(e), Int(counts[e]))
                counts[e] = 0
                b &= b - 1
            }
        }
    }

    /// Room for `n` entities, zeroed.
    private func reserve(_ n: Int) {
        guard n > capacity else { return }
        let new = max(n, 2 * capacity)
        let words = new / 64 + 1
        let moreCounts = UnsafeMutablePointer<Int32>.allocate(capacity: new)
        moreCounts.initialize(repeating: 0, count: new)
        let moreMarks = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        moreMarks.initialize(repeating: 0, count: words)
        // Between calls everything is zero: nothing to copy.
        counts.deallocate()
        marks.deallocate()
        counts = moreCounts
        marks = moreMarks
        capacity = new
    }

    /// Room for `n` entities in `scratch` (not initialized: `top` writes before it reads).
    private func reserveScratch(_ n: Int) {
        guard n > scratchCapacity else { return }
        scratch.deallocate()
        scratchCapacity = max(n, 2 * scratchCapacity)
        scratch = .allocate(capacity: scratchCapacity)
    }
}
