/// Which stance is current for each (holder, target) pair: of its live stances, the latest in
/// time, and of those at the same time the last made.
///
/// Each pair keeps all its stances, removed ones included, sorted by (time, index), with the
/// position of the current one; every entry above it is removed. Making, popping, removing or
/// restoring a stance is a binary search at most (an append when stances come in time order),
/// and finding the next current one after a removal steps down over removed entries, which a
/// run of removals passes once: the cost never grows with the pair's other stances.
struct CurrentStances {
    private struct Pair {
        /// The pair's stances, removed ones included, by (time, index).
        var sorted: [Int32] = []
        /// Where the current stance is in `sorted`; -1 when every one is removed.
        var top = -1
    }

    private var pairs: [UInt64: Pair] = [:]
    /// Per stance: whether it is the current one of its pair.
    private(set) var flags: [Bool] = []

    static func key(_ h: Int32, _ t: Int32) -> UInt64 { UInt64(UInt32(bitPattern: h)) << 32 | UInt64(UInt32(bitPattern: t)) }

    func current(holder: Int32, target: Int32) -> Int32? {
        guard let p = pairs[CurrentStances.key(holder, target)], p.top >= 0 else { return nil }
        return p.sorted[p.top]
    }

    /// Stance `i`, just appended to `stances` (the last index), joins its pair.
    mutating func appended(_ i: Int32, _ stances: [Stance]) {
        flags.append(false)
        joining(i, stances)
    }

    /// Stance `i`, about to be popped off `stances` (the last index), leaves its pair.
    mutating func popping(_ i: Int32, _ stances: [Stance]) {
        leaving(i, stances)
        flags.removeLast()
    }

    /// Stance `i` leaves its pair before its time or position changes (`set sN`); `joining` puts
    /// it back.
    mutating func leaving(_ i: Int32, _ stances: [Stance]) {
        modify(stances[Int(i)]) { p, flags in
            let at = CurrentStances.rank(i, p.sorted, stances)
            precondition(p.sorted[at] == i, "a stance missing from its pair")
            if at == p.top { CurrentStances.stepDown(&p, from: at - 1, stances, &flags) }
            p.sorted.remove(at: at)
            if at < p.top { p.top -= 1 }
        }
    }

    mutating func joining(_ i: Int32, _ stances: [Stance]) {
        let removed = stances[Int(i)].removed
        let key = CurrentStances.key(stances[Int(i)].holder, stances[Int(i)].target)
        // Joining never empties a pair: no second lookup to drop it.
        CurrentStances.join(i, &pairs[key, default: Pair()], removed: removed, stances, &flags)
    }

    private static func join(_ i: Int32, _ p: inout Pair, removed: Bool, _ stances: [Stance], _ flags: inout [Bool]) {
        let at = rank(i, p.sorted, stances)
        p.sorted.insert(i, at: at)
        if at <= p.top { p.top += 1 }
        if !removed && at > p.top { move(&p, to: at, &flags) }
    }

    /// Stance `i` was just removed (`removed` is set in `stances`).
    mutating func removed(_ i: Int32, _ stances: [Stance]) {
        guard flags[Int(i)] else { return }
        modify(stances[Int(i)]) { p, flags in CurrentStances.stepDown(&p, from: p.top - 1, stances, &flags) }
    }

    /// Stance `i` was just restored (`removed` is cleared in `stances`).
    mutating func restored(_ i: Int32, _ stances: [Stance]) {
        modify(stances[Int(i)]) { p, flags in
            let at = CurrentStances.rank(i, p.sorted, stances)
            if at > p.top { CurrentStances.move(&p, to: at, &flags) }
        }
    }

    /// Edits a stance's pair in place; a pair left without stances goes.
    private mutating func modify(_ st: Stance, _ body: (inout Pair, inout [Bool]) -> Void) {
        let key = CurrentStances.key(st.holder, st.target)
        body(&pairs[key, default: Pair()], &flags)
        if pairs[key]?.sorted.isEmpty == true { pairs[key] = nil }
    }

    private static func move(_ p: inout Pair, to at: Int, _ flags: inout [Bool]) {
        if p.top >= 0 { flags[Int(p.sorted[p.top])] = false }
        p.top = at
        if at >= 0 { flags[Int(p.sorted[at])] = true }
    }

    /// The current stance becomes the first live one at or below `from`.
    private static func stepDown(_ p: inout Pair, from: Int, _ stances: [Stance], _ flags: inout [Bool]) {
        var k = from
        while k >= 0 && stances[Int(p.sorted[k])].removed { k -= 1 }
        move(&p, to: k, &flags)
    }

    /// How many of `sorted` come before stance `i` by (time, index); where `i` is or would go.
    private static func rank(_ i: Int32, _ sorted: [Int32], _ stances: [Stance]) -> Int {
        let at = stances[Int(i)].at
        func before(_ x: Int32) -> Bool {
            let a = stances[Int(x)].at
            return a < at || (!(at < a) && x < i)
        }
        if let last = sorted.last, before(last) { return sorted.count }
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if before(sorted[mid]) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
