/// The live state: entities, stances, links, notes, the event, and the indexes that keep every
/// lookup O(1) and every query proportional to what it shows.
///
/// The stored properties are `@exclusivity(unchecked)`: the runtime's check of each access to a
/// class property (swift_beginAccess and friends) was 14% of a replay, and no access here can
/// overlap another of the same property: `State` calls none of its callers' code in the middle of
/// an access (a transaction's body runs between them), and it is used from one thread.
public final class State {
    @exclusivity(unchecked) public private(set) var entities: [Entity] = []
    @exclusivity(unchecked) public private(set) var stances: [Stance] = []
    @exclusivity(unchecked) public private(set) var links: [Link] = []
    @exclusivity(unchecked) public private(set) var notes: [Note] = []
    @exclusivity(unchecked) public private(set) var event = Event()
    /// Speaker turns, in the order given; the last one names who is talking now.
    @exclusivity(unchecked) public private(set) var turns: [Turn] = []
    /// Who is talking now.
    public var speaker: Int32? { turns.last?.speaker }

    /// Live entity ids → index.
    @exclusivity(unchecked) private(set) var ids: [String: Int32] = [:]
    /// Lower-cased names of live entities → indexes, ascending (names need not be unique).
    /// Made the first time a name is looked up, then kept: a replay never looks one up (journals
    /// name entities by id), and folding and indexing each name was a third of making an entity.
    @exclusivity(unchecked) private var names: [String: [Int32]]?
    /// The stances an entity holds, is the target of, or reported, as three lists linked through
    /// two flat arrays: per entity its latest stance in each (`heads`, -1 for none), per stance
    /// the previous one of the same holder, target and reporter (`chains`). An array per entity
    /// cost a uniqueness check and a cache miss on every append (11% of a replay at a million
    /// entries), an allocation per entity, and their teardown; a stance is now one append to
    /// `chains` and three writes to one array (six arrays touched, before the lists' entries
    /// were put side by side).
    @exclusivity(unchecked) private var heads: [Heads] = []
    @exclusivity(unchecked) private var chains: [Chain] = []
    /// Per entity: links from or to it, notes on it.
    @exclusivity(unchecked) private(set) var linked: [[Int32]] = []
    @exclusivity(unchecked) private(set) var noted: [[Int32]] = []
    /// (holder, target) → index of the current (latest) stance.
    @exclusivity(unchecked) private(set) var current = PairTable()
    /// Per stance: whether it is the current one of its pair (`current[pair] == i`), kept with
    /// `current`, so that queries test and list current stances in stance order without a hash
    /// probe or a sort.
    @exclusivity(unchecked) private(set) var currentFlags: [Bool] = []
    /// Concern → its sub-concerns (entity indexes, ascending), removed ones included: `show`
    /// lists them without scanning every entity.
    @exclusivity(unchecked) private(set) var children: [Int32: [Int32]] = [:]
    /// Tag → stances carrying it (ascending; a stance's tags never change), and tag → entities
    /// carrying it (ascending, removed ones included): `matrix #TAG` starts from these.
    @exclusivity(unchecked) private(set) var stanceTags: [String: [TaggedStance]] = [:]
    /// Per entity: whether it is removed, apart from the entities themselves, so that checking
    /// the holders and targets of thousands of stances (`matrix #TAG`) reads one small array
    /// instead of a cache line of a large one each.
    @exclusivity(unchecked) private var entityRemoved: [Bool] = []
    @exclusivity(unchecked) private(set) var entityTags: [String: [Int32]] = [:]
    /// Bumped by every change to ids or names, for the reference index.
    @exclusivity(unchecked) public private(set) var namingGeneration = 0
    /// Bumped whenever an id may stop naming the entity it named (a removal, a rename, an undone
    /// creation), never by a creation: a cache of id → entity made at one value stays right
    /// while it holds (the journal's fast path relies on this).
    @exclusivity(unchecked) public private(set) var unnamingGeneration = 0
    /// The stances' texts.
    @exclusivity(unchecked) private var texts = TextStore()
    /// Live counts.
    @exclusivity(unchecked) public private(set) var liveEntities = 0
    @exclusivity(unchecked) public private(set) var liveStances = 0

    /// The inverses recorded by the transaction under way.
    @exclusivity(unchecked) private var recording: [Change]?

    lazy var references = ReferenceIndex(state: self)
    /// Counts a query borrows (`Matrix`), all zero between queries: no part of the model.
    lazy var tally = Tally()

    public init() {}

    // MARK: Lookups

    public func entity(id: String) -> Int32? { ids[id] }
    public func entities(named lower: String) -> [Int32] {
        indexNames()
        return names![lower] ?? []
    }

    /// Makes the index of names now (a REPL does while it waits for a line: at 100,000 entities
    /// it takes tens of milliseconds); nothing to do once made.
    public func indexNames() {
        guard names == nil else { return }
        var made: [String: [Int32]] = [:]
        for i in entities.indices where !entityRemoved[i] { made[Fold.lower(entities[i].name), default: []].append(Int32(i)) }
        names = made
    }
    /// In the order they were made.
    public func stances(heldBy e: Int32) -> [Int32] { list(heads[Int(e)].held) { $0.held } }
    public func stances(on e: Int32) -> [Int32] { list(heads[Int(e)].targeted) { $0.targeted } }
    public func stances(reportedBy e: Int32) -> [Int32] { list(heads[Int(e)].reported) { $0.reported } }

    /// A linked list (latest first) as an array in the order the stances were made.
    @inline(__always) private func list(_ head: Int32, _ next: (Chain) -> Int32) -> [Int32] {
        var out: [Int32] = []
        var i = head
        while i >= 0 { out.append(i); i = next(chains[Int(i)]) }
        out.reverse()
        return out
    }

    /// A stance's text, nil when it has none.
    public func text(of st: Stance) -> String? { texts.text(st.textStart, st.textLength) }

    /// Stores a text for a stance about to be made (nil: no text).
    func store(text: String?) -> TextStore.Ref { texts.store(text) }

    /// Stores valid UTF-8 bytes for a stance about to be made (the journal's fast path, which has
    /// checked them).
    func store(text bytes: UnsafeRawBufferPointer) -> TextStore.Ref { texts.store(bytes) }

    public func links(of e: Int32) -> [Int32] { linked[Int(e)] }
    public func notes(on e: Int32) -> [Int32] { noted[Int(e)] }
    public func currentStance(holder: Int32, target: Int32) -> Int32? { current[State.pair(holder, target)] }
    /// Sub-concerns of a concern, removed ones included, in entity order.
    public func subConcerns(of e: Int32) -> [Int32] { children[e] ?? [] }
    /// The stances carrying `tag`, with their holders and targets (so that a query over them
    /// need not read each stance), in the order they were made.
    public func stances(tagged tag: String) -> [TaggedStance] { stanceTags[tag] ?? [] }
    @inline(__always) public func isRemoved(entity e: Int32) -> Bool { entityRemoved[Int(e)] }
    /// Whether any entity is removed (`liveEntities` counts the others): when none is, a stance's
    /// holder and target need no check.
    public var hasRemovedEntities: Bool { liveEntities < entities.count }
    public func entities(tagged tag: String) -> [Int32] { entityTags[tag] ?? [] }
    /// Whether stance `s` is the current one of its pair (removed stances never are).
    @inline(__always) public func isCurrentStance(_ s: Int32) -> Bool { currentFlags[Int(s)] }

    public func isCurrent(_ s: Int32) -> Bool { currentFlags[Int(s)] }

    @inline(__always) static func pair(_ h: Int32, _ t: Int32) -> UInt64 { UInt64(UInt32(bitPattern: h)) << 32 | UInt64(UInt32(bitPattern: t)) }

    /// Makes room for `n` more stances, `textBytes` of their texts and `pairs` more (holder,
    /// target) pairs, so that a replay appends without regrowing (and copying) its arrays and
    /// table: `JournalReader` passes what a journal of its size could hold (and, for the pairs,
    /// a guess). Capacity never used is never touched: it costs address space, not memory.
    public func reserve(stances n: Int, textBytes: Int, pairs: Int = 0) {
        texts.reserve(textBytes)
        current.reserve(current.count + pairs)
        let total = stances.count + n
        State.reserve(&stances, total)
        State.reserve(&currentFlags, total)
        State.reserve(&chains, total)
    }

    /// At least `total`, and at least double: `reserveCapacity` gives exactly what it is asked
    /// for, so a session including many small journals would otherwise copy its arrays each time.
    private static func reserve<T>(_ a: inout [T], _ total: Int) {
        if a.capacity < total { a.reserveCapacity(max(total, 2 * a.count)) }
    }

    // MARK: Transactions

    /// Runs `body` as one transaction: on a throw, every change it made is undone.
    /// Returns the inverses, to push on the undo stack.
    func transaction(_ body: () throws(SyntaxError) -> Void) throws(SyntaxError) -> [Change] {
        let outer = recording
        recording = []
        do {
            try body()
        } catch {
            let done = recording ?? []
            recording = nil
            for c in done.reversed() { _ = apply(c) }
            recording = outer
            throw error
        }
        let done = recording ?? []
        recording = outer
        if outer != nil { recording!.append(contentsOf: done) }
        return done
    }

    /// Performs a change, recording its inverse in the transaction under way; returns the inverse.
    @discardableResult
    func perform(_ c: Change) -> Change {
        let inverse = apply(c)
        recording?.append(inverse)
        return inverse
    }

    /// Applies a list of inverses in reverse order as one transaction; returns its inverses.
    func revert<C: BidirectionalCollection<Change>>(_ inverses: C) -> [Change] {
        var out: [Change] = []
        out.reserveCapacity(inverses.count)
        for c in inverses.reversed() { out.append(perform(c)) }
        return out
    }

    // MARK: Applying primitive changes

    private func apply(_ c: Change) -> Change {
        switch c {
        case .appendEntity(let box):
            let e = box.value
            let i = Int32(entities.count)
            entities.append(e)
            entityRemoved.append(e.removed)
            heads.append(Heads()); linked.append([]); noted.append([])
            if let p = e.parent { children[p, default: []].append(i) }
            for t in e.tags { entityTags[t, default: []].append(i) }
            if !e.removed { index(i) }
            return .popEntity
        case .popEntity:
            let i = Int32(entities.count - 1)
            let e = entities[Int(i)]
            if !e.removed { unindex(i) }
            if let p = e.parent { State.drop(i, from: &children, p) }
            for t in e.tags { State.drop(i, from: &entityTags, t) }
            entities.removeLast()
            entityRemoved.removeLast()
            heads.removeLast(); linked.removeLast(); noted.removeLast()
            return .appendEntity(Box(e))
        case .setEntityRemoved(let i, let r):
            let old = entities[Int(i)].removed
            if old != r {
                if r { unindex(i) }
                entities[Int(i)].removed = r
                entityRemoved[Int(i)] = r
                if !r { index(i) }
            }
            return .setEntityRemoved(i, old)
        case .setEntityID(let i, let id):
            let old = entities[Int(i)].id
            unindex(i)
            entities[Int(i)].id = id
            index(i)
            return .setEntityID(i, old)
        case .setEntityName(let i, let name):
            let old = entities[Int(i)].name
            unindex(i)
            entities[Int(i)].name = name
            index(i)
            return .setEntityName(i, old)
        case .setEntityKind(let i, let k):
            let old = entities[Int(i)].kind
            entities[Int(i)].kind = k
            return .setEntityKind(i, old)
        case .setEntityParent(let i, let p):
            let old = entities[Int(i)].parent
            if old != p {
                if let o = old { State.drop(i, from: &children, o) }
                if let p { State.insert(i, into: &children, p) }
            }
            entities[Int(i)].parent = p
            return .setEntityParent(i, old)
        case .setEntityAttribute(let i, let k, let v):
            let old = entities[Int(i)].attribute(k)
            entities[Int(i)].setAttribute(k, v)
            return .setEntityAttribute(i, k, old)
        case .setEntityTags(let i, let t):
            let old = entities[Int(i)].tags
            for x in old where !t.contains(x) { State.drop(i, from: &entityTags, x) }
            for x in t where !old.contains(x) { State.insert(i, into: &entityTags, x) }
            entities[Int(i)].tags = t
            return .setEntityTags(i, old)
        case .appendStance(let box):
            return insert(box.value)
        case .popStance:
            let i = Int32(stances.count - 1)
            let s = stances.removeLast()
            let c = chains.removeLast()
            heads[Int(s.holder)].held = c.held
            heads[Int(s.target)].targeted = c.targeted
            if let b = s.by { heads[Int(b)].reported = c.reported }
            if !s.removed { liveStances -= 1; recompute(s.holder, s.target, dropping: i) }
            currentFlags.removeLast()
            for t in s.tags {
                // Always the last of its list: stances are popped newest first.
                stanceTags[t]?.removeLast()
                if stanceTags[t]?.isEmpty == true { stanceTags[t] = nil }
            }
            return .appendStance(Box(s))
        case .setStanceRemoved(let i, let r):
            let old = stances[Int(i)].removed
            if old != r {
                stances[Int(i)].removed = r
                let s = stances[Int(i)]
                liveStances += r ? -1 : 1
                recompute(s.holder, s.target, dropping: nil)
            }
            return .setStanceRemoved(i, old)
        case .appendLink(let box):
            let i = Int32(links.count)
            links.append(box.value)
            linked[Int(box.value.from)].append(i)
            if box.value.to != box.value.from { linked[Int(box.value.to)].append(i) }
            return .popLink
        case .popLink:
            let l = links.removeLast()
            linked[Int(l.from)].removeLast()
            if l.to != l.from { linked[Int(l.to)].removeLast() }
            return .appendLink(Box(l))
        case .setLinkRemoved(let i, let r):
            let old = links[Int(i)].removed
            links[Int(i)].removed = r
            return .setLinkRemoved(i, old)
        case .appendNote(let box):
            let i = Int32(notes.count)
            notes.append(box.value)
            if let on = box.value.on { noted[Int(on)].append(i) }
            return .popNote
        case .popNote:
            let n = notes.removeLast()
            if let on = n.on { noted[Int(on)].removeLast() }
            return .appendNote(Box(n))
        case .setNoteRemoved(let i, let r):
            let old = notes[Int(i)].removed
            notes[Int(i)].removed = r
            return .setNoteRemoved(i, old)
        case .setEvent(let box):
            let old = event
            event = box.value
            return .setEvent(Box(old))
        case .appendTurn(let t):
            turns.append(t)
            return .popTurn
        case .popTurn:
            return .appendTurn(turns.removeLast())
        case .included(let path, let including):
            return .included(path, !including)
        }
    }

    /// Performs `.appendStance(Box(st))` without making the box: the journal's fast path appends
    /// most entries this way. Records and returns the inverse, as `perform` does.
    @discardableResult
    func performAppendStance(_ st: consuming Stance) -> Change {
        let inverse = insert(st)
        recording?.append(inverse)
        return inverse
    }

    /// Takes `st` (`consuming`: moved into `stances`, not copied, which retained and released its
    /// tags once a stance, a twentieth of a replay's applying).
    private func insert(_ st: consuming Stance) -> Change {
        let i = Int32(stances.count)
        let holder = st.holder, target = st.target, by = st.by, removed = st.removed
        for t in st.tags { stanceTags[t, default: []].append(TaggedStance(stance: i, holder: holder, target: target)) }
        stances.append(st)
        currentFlags.append(false)
        heads.withUnsafeMutableBufferPointer { h in
            precondition(Int(holder) < h.count && Int(target) < h.count && Int(by ?? 0) < h.count)
            chains.append(Chain(held: h[Int(holder)].held, targeted: h[Int(target)].targeted, reported: by.map { h[Int($0)].reported } ?? -1))
            h[Int(holder)].held = i
            h[Int(target)].targeted = i
            if let b = by { h[Int(b)].reported = i }
        }
        if !removed { liveStances += 1; offer(i) }
        return .popStance
    }

    private func index(_ i: Int32) {
        let e = entities[Int(i)]
        ids[e.id] = i
        if names != nil { State.insert(i, into: &names!, Fold.lower(e.name)) }
        liveEntities += 1
        namingGeneration += 1
        references.added(i)
    }

    private func unindex(_ i: Int32) {
        let e = entities[Int(i)]
        if ids[e.id] == i { ids[e.id] = nil }
        if names != nil { State.drop(i, from: &names!, Fold.lower(e.name)) }
        liveEntities -= 1
        namingGeneration += 1
        unnamingGeneration += 1
        references.invalidate()
    }

    /// A new live stance becomes current unless a later one (by time) is already current.
    private func offer(_ i: Int32) {
        // One probe of the hash table in the usual case (replay calls this once per stance): set,
        // then put the old one back if it is later.
        let key = State.pair(stances[Int(i)].holder, stances[Int(i)].target)
        if let c = current.updateValue(i, forKey: key) {
            if stances[Int(c)].at > stances[Int(i)].at {
                current[key] = c
                return
            }
            currentFlags[Int(c)] = false
        }
        currentFlags[Int(i)] = true
    }

    /// Finds the current stance of a pair again, from the holder's stances.
    private func recompute(_ h: Int32, _ t: Int32, dropping: Int32?) {
        var best: Int32?
        // Latest first: a stance replaces the best so far only when strictly later, so that of
        // stances at the same time the last made wins.
        var i = heads[Int(h)].held
        while i >= 0 {
            defer { i = chains[Int(i)].held }
            guard i != dropping, i < Int32(stances.count) else { continue }
            let s = stances[Int(i)]
            guard s.target == t, !s.removed else { continue }
            if let b = best, stances[Int(b)].at >= s.at { continue }
            best = i
        }
        let key = State.pair(h, t)
        if let old = current[key], Int(old) < currentFlags.count { currentFlags[Int(old)] = false }
        current[key] = best
        if let best { currentFlags[Int(best)] = true }
    }

    /// Removes `i` from the list of `key` (dropping an emptied list).
    private static func drop<K: Hashable>(_ i: Int32, from index: inout [K: [Int32]], _ key: K) {
        guard var list = index[key] else { return }
        if list.last == i { list.removeLast() } else { list.removeAll { $0 == i } }
        index[key] = list.isEmpty ? nil : list
    }

    /// Inserts `i` into the ascending list of `key`.
    private static func insert<K: Hashable>(_ i: Int32, into index: inout [K: [Int32]], _ key: K) {
        var list = index[key] ?? []
        index[key] = nil
        let at = list.firstIndex(where: { $0 > i }) ?? list.endIndex
        list.insert(i, at: at)
        index[key] = list
    }
}

extension State {
    /// An entity's latest stance as holder, as target and as reporter (-1 for none).
    struct Heads {
        var held: Int32 = -1
        var targeted: Int32 = -1
        var reported: Int32 = -1
    }

    /// A stance's previous one of the same holder, of the same target, and of the same reporter
    /// (-1 for none, or no reporter).
    struct Chain {
        var held: Int32
        var targeted: Int32
        var reported: Int32
    }
}

/// A stance in a tag's list, with its holder and target.
public struct TaggedStance: Sendable {
    public var stance: Int32
    public var holder: Int32
    public var target: Int32
}
