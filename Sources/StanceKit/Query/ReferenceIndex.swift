/// Prefixes of ids and of the words of names, folded (case and accents), for references and
/// completion. Built lazily on the first prefix lookup and kept up to date for additions; a
/// removal, rename or name change drops it, to be rebuilt on the next lookup. Replaying a journal
/// (exact ids only) never builds it.
final class ReferenceIndex {
    unowned let state: State
    private var keys: [(key: String, entity: Int32)] = []
    private var tail: [Int32] = []
    private var built = false

    init(state: State) { self.state = state }

    func added(_ i: Int32) {
        guard built else { return }
        tail.append(i)
        if tail.count > 1024 { built = false }
    }

    func invalidate() { built = false }

    /// The folded keys of an entity: its id and each word of its name.
    static func keys(of e: Entity) -> [String] {
        var out = [e.id]
        for w in words(Fold.key(e.name)) where w != e.id { out.append(w) }
        return out
    }

    static func words(_ folded: String) -> [String] {
        var out: [String] = []
        var cur: [UInt8] = []
        for c in folded.utf8 {
            let isWordByte = c >= 0x80 || (c >= 97 && c <= 122) || (c >= 48 && c <= 57)
            if isWordByte { cur.append(c) } else if !cur.isEmpty { out.append(String(decoding: cur, as: UTF8.self)); cur = [] }
        }
        if !cur.isEmpty { out.append(String(decoding: cur, as: UTF8.self)) }
        return out
    }

    private func build() {
        keys.removeAll(keepingCapacity: true)
        for (i, e) in state.entities.enumerated() where !e.removed {
            for k in ReferenceIndex.keys(of: e) { keys.append((k, Int32(i))) }
        }
        keys.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) || ($0.key == $1.key && $0.entity < $1.entity) }
        tail.removeAll()
        built = true
    }

    /// Distinct live entities with a key starting with the folded prefix, at most `limit`
    /// (the caller asks for one more than it needs, to know there are more), in key order.
    func matches(prefix: String, limit: Int, where accept: (Int32) -> Bool) -> [Int32] {
        if !built { build() }
        var out: [Int32] = []
        var seen = Set<Int32>()
        let p = Array(prefix.utf8)
        // Lower bound by binary search.
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid].key.utf8.lexicographicallyPrecedes(p) { lo = mid + 1 } else { hi = mid }
        }
        var i = lo
        while i < keys.count, keys[i].key.utf8.starts(with: p) {
            let e = keys[i].entity
            if !state.entities[Int(e)].removed, accept(e), seen.insert(e).inserted {
                out.append(e)
                if out.count >= limit { return out }
            }
            i += 1
        }
        for e in tail where !state.entities[Int(e)].removed && accept(e) && !seen.contains(e) {
            if ReferenceIndex.keys(of: state.entities[Int(e)]).contains(where: { $0.utf8.starts(with: p) }) {
                seen.insert(e)
                out.append(e)
                if out.count >= limit { return out }
            }
        }
        return out
    }

    /// Keys (ids and name words) starting with the folded prefix, for completion.
    func completions(prefix: String, limit: Int) -> [(key: String, entity: Int32)] {
        if !built { build() }
        let p = Array(prefix.utf8)
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid].key.utf8.lexicographicallyPrecedes(p) { lo = mid + 1 } else { hi = mid }
        }
        var out: [(String, Int32)] = []
        var i = lo
        while i < keys.count, keys[i].key.utf8.starts(with: p), out.count < limit {
            if !state.entities[Int(keys[i].entity)].removed { out.append(keys[i]) }
            i += 1
        }
        for e in tail where out.count < limit && !state.entities[Int(e)].removed {
            for k in ReferenceIndex.keys(of: state.entities[Int(e)]) where k.utf8.starts(with: p) { out.append((k, e)) }
        }
        return out
    }
}
