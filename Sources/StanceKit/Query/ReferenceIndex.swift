#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prefixes of ids and of the words of names, folded (case and accents), for references and
/// completion. Built on the first prefix lookup; it keeps itself fresh by the state's
/// `unnamingGeneration`: while that holds, the entities made since are checked one by one (up to
/// a point), otherwise it is built again. Replaying a journal (exact ids only) never builds it.
final class ReferenceIndex {
    /// A key: its bytes in `arena`, and its entity.
    struct Entry {
        var offset: Int32
        var length: Int32
        var entity: Int32
    }
    unowned let state: State
    /// The bytes of every key, end to end: comparing keys is a memcmp, with no String in between.
    private var arena: [UInt8] = []
    /// The keys, in buckets by their first two bytes (`bucket(_:_:)`), so that building the index is
    /// one pass without a sort: a bucket is sorted (by key bytes, then entity) the first time a
    /// lookup reaches it, so the first lookup after a build sorts one bucket, not every key.
    private var buckets: [[Entry]] = []
    private var sorted: [Bool] = []
    /// Entities made since the build, checked key by key.
    private var tail: [Int32] = []
    /// The state's `unnamingGeneration` and entity count the index was built (or last caught up) at;
    /// `built` false: not built.
    private var generation = 0
    private var seen = 0
    private var built = false

    init(state: State) { self.state = state }

    /// The index of `state`'s references, kept between lookups by the queries' cache.
    static func of(_ state: State) -> ReferenceIndex { ReferenceCache.shared.index(of: state) }

    /// Built, and caught up with the entities made since.
    private func refresh() {
        guard built, generation == state.unnamingGeneration, state.entities.count >= seen else { return build() }
        let count = state.entities.count
        guard count > seen else { return }
        if tail.count + (count - seen) > 1024 { return build() }
        for i in seen..<count where !state.entities[i].removed { tail.append(Int32(i)) }
        seen = count
    }

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

    /// A key's bucket: its first byte, then its second (0 for a one-byte key, which sorts first).
    @inline(__always) static func bucket(_ first: UInt8, _ second: UInt8) -> Int { Int(first) << 8 | Int(second) }

    private func build() {
        arena.removeAll(keepingCapacity: true)
        buckets = [[Entry]](repeating: [], count: 1 << 16)
        sorted = [Bool](repeating: true, count: 1 << 16)
        for (i, e) in state.entities.enumerated() where !e.removed {
            for k in ReferenceIndex.keys(of: e) {
                let start = arena.count
                arena.append(contentsOf: k.utf8)
                guard arena.count > start else { continue }
                let b = ReferenceIndex.bucket(arena[start], arena.count - start > 1 ? arena[start + 1] : 0)
                buckets[b].append(Entry(offset: Int32(start), length: Int32(arena.count - start), entity: Int32(i)))
                sorted[b] = false
            }
        }
        tail.removeAll()
        generation = state.unnamingGeneration
        seen = state.entities.count
        built = true
    }

    /// memcmp-style comparison of a key's bytes with `p`.
    @inline(__always)
    static func compare(_ base: UnsafeBufferPointer<UInt8>, _ x: Entry, _ p: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(Int(x.length), p.count)
        let c = n == 0 ? 0 : Int(memcmp(base.baseAddress! + Int(x.offset), p.baseAddress!, n))
        return c != 0 ? c : Int(x.length) - p.count
    }

    private func sortBucket(_ b: Int) {
        guard !sorted[b] else { return }
        arena.withUnsafeBufferPointer { base in
            buckets[b].sort { x, y in
                let n = Int(min(x.length, y.length))
                let c = memcmp(base.baseAddress! + Int(x.offset), base.baseAddress! + Int(y.offset), n)
                if c != 0 { return c < 0 }
                return x.length != y.length ? x.length < y.length : x.entity < y.entity
            }
        }
        sorted[b] = true
    }

    /// Keys starting with `p`, in key order (bytes, then entity): calls `visit` with each key's
    /// bytes and entity until it returns false.
    private func forEachKey(prefix p: [UInt8], _ visit: (UnsafeBufferPointer<UInt8>, Int32) -> Bool) {
        let range: Range<Int>
        switch p.count {
        case 0: range = 0..<(1 << 16)
        case 1: range = ReferenceIndex.bucket(p[0], 0)..<ReferenceIndex.bucket(p[0], 0) + 256
        default: range = ReferenceIndex.bucket(p[0], p[1])..<ReferenceIndex.bucket(p[0], p[1]) + 1
        }
        for b in range where !buckets[b].isEmpty {
            sortBucket(b)
            let keys = buckets[b]
            let more: Bool = arena.withUnsafeBufferPointer { base in
                p.withUnsafeBufferPointer { pp in
                    // Lower bound by binary search (every key of the bucket shares the first two bytes).
                    var lo = 0, hi = keys.count
                    if p.count > 2 {
                        while lo < hi {
                            let mid = (lo + hi) / 2
                            if ReferenceIndex.compare(base, keys[mid], pp) < 0 { lo = mid + 1 } else { hi = mid }
                        }
                    }
                    var i = lo
                    while i < keys.count, keys[i].length >= p.count,
                          p.isEmpty || memcmp(base.baseAddress! + Int(keys[i].offset), pp.baseAddress!, p.count) == 0 {
                        let k = UnsafeBufferPointer(rebasing: base[Int(keys[i].offset)..<Int(keys[i].offset + keys[i].length)])
                        if !visit(k, keys[i].entity) { return false }
                        i += 1
                    }
                    return true
                }
            }
            if !more { return }
        }
    }

    /// Distinct live entities with a key starting with the folded prefix, at most `limit`
    /// (the caller asks for one more than it needs, to know there are more), in key order.
    func matches(prefix: String, limit: Int, where accept: (Int32) -> Bool) -> [Int32] {
        refresh()
        var out: [Int32] = []
        var seen = Set<Int32>()
        let p = Array(prefix.utf8)
        var full = false
        forEachKey(prefix: p) { _, e in
            if !state.entities[Int(e)].removed, accept(e), seen.insert(e).inserted {
                out.append(e)
                if out.count >= limit { full = true; return false }
            }
            return true
        }
        if full { return out }
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
        refresh()
        let p = Array(prefix.utf8)
        var out: [(String, Int32)] = []
        if limit > 0 {
            forEachKey(prefix: p) { key, e in
                if !state.entities[Int(e)].removed { out.append((String(decoding: key, as: UTF8.self), e)) }
                return out.count < limit
            }
        }
        for e in tail where out.count < limit && !state.entities[Int(e)].removed {
            for k in ReferenceIndex.keys(of: state.entities[Int(e)]) where k.utf8.starts(with: p) { out.append((k, e)) }
        }
        return out
    }
}
