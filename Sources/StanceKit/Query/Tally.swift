/// A count per entity, and a bit per entity marking the counted ones, that a query borrows for
/// counting and gives back as it found them: all zero. `State` keeps one between queries, so that
/// counting is proportional to what is counted, not to the entities: zeroing a count per entity
/// (400 KB at 100,000 entities) at every `matrix` would take longer than the counting itself.
///
/// Not a part of the model: nothing in it outlives a call of `count`.
final class Tally {
    private var counts: UnsafeMutablePointer<Int32>
    private var marks: UnsafeMutablePointer<UInt64>
    /// Entities with room: `counts` has this many, `marks` a bit for each.
    private var capacity: Int

    init() {
        capacity = 0
        counts = .allocate(capacity: 1)
        marks = .allocate(capacity: 1)
        marks.initialize(to: 0)
    }

    deinit {
        counts.deallocate()
        marks.deallocate()
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
            walk(low, high) { e, c in
                out.initializeElement(at: n, to: (e, c))
                n += 1
            }
            filled = n
        }
    }

    /// The `limit` entities of `item(0)`… with the most occurrences (`TopCounts`), with their
    /// counts, in entity order, and how many distinct entities there are: `count` without
    /// listing every entity (in `matrix #TAG`'s text, thousands of holders for 50 rows).
    @inline(__always)
    func top(_ count: Int, universe: Int, limit: Int, _ item: (Int) -> Int32) -> (best: [(entity: Int32, count: Int)], distinct: Int) {
        guard let (low, high, distinct) = tally(count, universe: universe, item) else { return ([], 0) }
        var top = TopCounts(limit: limit)
        walk(low, high) { e, c in top.offer(e, c) }
        return (top.best, distinct)
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
    private func walk(_ low: Int, _ high: Int, _ visit: (Int32, Int) -> Void) {
        let counts = self.counts, marks = self.marks
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
}
