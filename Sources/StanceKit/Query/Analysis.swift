/// Queries over current positions: matrix, agreements, conflicts, shifts, timeline, report.
/// Each lives in its own type; this is the entry point the engine calls, and the helpers they share.
enum Analysis {
    static func matrix(tag: String?, _ s: State, _ o: QueryOptions) throws(SyntaxError) -> String {
        Matrix.render(Matrix(s, tag: tag), s, o)
    }

    static func agree(_ a: Int32, _ b: Int32, _ s: State, _ o: QueryOptions) throws(SyntaxError) -> String {
        Agreement(a, b, s).render(s, o)
    }

    static func conflicts(_ t: Int32?, _ s: State, _ o: QueryOptions) throws(SyntaxError) -> String {
        Conflicts(s, about: t).render(s, o)
    }

    static func shifts(_ r: Int32?, _ s: State, _ o: QueryOptions) throws(SyntaxError) -> String {
        Shifts(s, about: r).render(s, o)
    }

    static func timeline(_ r: Int32?, _ s: State, _ o: QueryOptions) throws(SyntaxError) -> String {
        Timeline(s, about: r).render(s, o)
    }

    static func report(_ s: State, _ o: QueryOptions) throws(SyntaxError) -> String {
        if o.json { return JSONExport.document(s) }
        return Exports.shown(MarkdownReport(s).render())
    }

    // MARK: Shared helpers

    /// Whether a stance counts: not removed, and neither its holder nor its target removed.
    static func isLive(_ i: Int32, _ s: State) -> Bool {
        let st = s.stances[Int(i)]
        return !st.removed && !s.isRemoved(entity: st.holder) && !s.isRemoved(entity: st.target)
    }

    /// Current stances, in the order they were made: one pass over the state's per-stance
    /// current flags, already in stance order (no hash-table walk and no sort).
    static func currentStances(_ s: State) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(s.liveStances)
        for i in 0..<Int32(s.stances.count) where s.isCurrentStance(i) && isLive(i, s) { out.append(i) }
        return out
    }

    /// Current live stances that carry `tag` or whose holder or target does, with their holders
    /// and targets, in the order they were made. Starts from the state's tag indexes, which carry
    /// holder and target, and checks flags in small arrays: its work is proportional to what is
    /// tagged, and it reads no stance it does not return.
    static func currentStances(tagged tag: String, _ s: State) -> [TaggedStance] {
        let tagged = s.stances(tagged: tag)
        // Filled in place (an append each checks the array's uniqueness).
        // Holders and targets are checked only when some entity is removed (two reads a stance).
        let checkEntities = s.hasRemovedEntities
        var out = [TaggedStance](unsafeUninitializedCapacity: tagged.count) { buffer, filled in
            var n = 0
            for x in tagged where s.isCurrentStance(x.stance)
            && (!checkEntities || (!s.isRemoved(entity: x.holder) && !s.isRemoved(entity: x.target))) {
                buffer.initializeElement(at: n, to: x)
                n += 1
            }
            filled = n
        }
        let entities = s.entities(tagged: tag)
        if entities.isEmpty { return out }
        func offer(_ i: Int32) {
            if s.isCurrentStance(i) && isLive(i, s) {
                out.append(TaggedStance(stance: i, holder: s.stances[Int(i)].holder, target: s.stances[Int(i)].target))
            }
        }
        for e in entities {
            for i in s.stances(heldBy: e) { offer(i) }
            for i in s.stances(on: e) { offer(i) }
        }
        out.sort { $0.stance < $1.stance }
        var k = 0
        for x in out where k == 0 || out[k - 1].stance != x.stance { out[k] = x; k += 1 }
        out.removeLast(out.count - k)
        return out
    }

    /// A holder's current stances, in the order they were made.
    static func currentStances(heldBy h: Int32, _ s: State) -> [Int32] {
        s.stances(heldBy: h).filter { isLive($0, s) && s.isCurrent($0) }
    }

    /// Stances in time order (ties in the order they were made).
    static func timeOrdered(_ list: [Int32], _ s: State) -> [Int32] {
        list.sorted { a, b in
            let ta = s.stances[Int(a)].at, tb = s.stances[Int(b)].at
            return ta == tb ? a < b : ta < tb
        }
    }

    static func id(_ e: Int32, _ s: State) -> String { s.entities[Int(e)].id }

    /// `HH:MM`, or the date too when the state spans several days.
    static func when(_ t: Timestamp, dated: Bool) -> String { dated ? t.date + " " + t.clock : t.clock }

    /// Whether the given times fall on more than one date.
    static func spansDays<C: Sequence>(_ times: C) -> Bool where C.Element == Timestamp {
        var first: String?
        for t in times {
            let d = t.date
            if let f = first { if f != d { return true } } else { first = d }
        }
        return false
    }

    /// Pairs of holders as DNA counts them on current stances: for each pair of actors, the number of
    /// targets where both hold the same position (congruence) and where they hold opposite ones (conflict).
    /// Keys are (lower index, higher index).
    static func actorPairs(_ s: State) -> (congruence: [UInt64: Int], conflict: [UInt64: Int]) {
        var groups: [UInt64: [Int32]] = [:]
        for i in currentStances(s) {
            let st = s.stances[Int(i)]
            groups[UInt64(UInt32(bitPattern: st.target)) << 8 | UInt64(st.position.rawValue), default: []].append(st.holder)
        }
        var congruence: [UInt64: Int] = [:]
        var conflict: [UInt64: Int] = [:]
        for (group, holders) in groups {
            if holders.count > 1 {
                for x in 0..<holders.count { for y in x + 1..<holders.count { congruence[Analysis.key(holders[x], holders[y]), default: 0] += 1 } }
            }
            guard group & 0xFF == UInt64(Position.supports.rawValue) else { continue }
            let opposed = groups[group & ~0xFF | UInt64(Position.opposes.rawValue)] ?? []
            for a in holders { for b in opposed where a != b { conflict[Analysis.key(a, b), default: 0] += 1 } }
        }
        return (congruence, conflict)
    }

    static func key(_ a: Int32, _ b: Int32) -> UInt64 { pair(min(a, b), max(a, b)) }
    /// Two entities as one key, `unpair`'s inverse.
    static func pair(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }
    static func unpair(_ k: UInt64) -> (Int32, Int32) {
        (Int32(bitPattern: UInt32(truncatingIfNeeded: k >> 32)), Int32(bitPattern: UInt32(truncatingIfNeeded: k)))
    }
}
