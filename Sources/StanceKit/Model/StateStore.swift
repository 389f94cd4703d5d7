/// Everything the state holds, as one value, and every change to it. `State` keeps it in one
/// stored property, so that applying a change is one exclusive access to the state rather than one
/// for each array it touches.
struct StateStore {
    var entities: [Entity] = []
    var stances: [Stance] = []
    var links: [Link] = []
    var notes: [Note] = []
    var event = Event()
    /// Speaker turns, in the order given; the last one names who is talking now.
    var turns: [Turn] = []
    /// Live entity ids → index.
    var ids: [String: Int32] = [:]
    /// Lower-cased names of live entities → indexes, ascending (names need not be unique).
    /// Made the first time a name is looked up, then kept: a replay never looks one up (journals
    /// name entities by id).
    var names: [String: [Int32]]?
    /// The stances an entity holds, is the target of, or reported, as three lists linked through
    /// two flat arrays: per entity its latest stance in each (`heads`, -1 for none), per stance
    /// the previous one of the same holder, target and reporter (`chains`), so that making a
    /// stance allocates nothing per entity.
    var heads: [Heads] = []
    var chains: [Chain] = []
    /// Per entity: links from or to it, notes on it.
    var linked: [[Int32]] = []
    var noted: [[Int32]] = []
    /// The current stance of each (holder, target) pair, and per stance whether it is current.
    var current = CurrentStances()
    /// Concern → its sub-concerns (entity indexes, ascending), removed ones included: `show`
    /// lists them without scanning every entity.
    var children: [Int32: [Int32]] = [:]
    /// Tag → stances carrying it (ascending by stance, `tag s1 #x` included), and tag → entities
    /// carrying it (ascending, removed ones included): `matrix #TAG` starts from these.
    var stanceTags: [String: [TaggedStance]] = [:]
    /// Per entity: whether it is removed, apart from the entities themselves, so that checking
    /// the holders and targets of thousands of stances (`matrix #TAG`) reads one small array
    /// instead of a cache line of a large one each.
    var entityRemoved: [Bool] = []
    var entityTags: [String: [Int32]] = [:]
    /// Bumped by every change to ids or names except making an entity (a removal, a restoration,
    /// a rename, an undone creation): while it holds, the entities only grew at the end, so a
    /// cache of what ids and names refer to, made at one value, needs only the entities made
    /// since (the journal's reader and the queries' reference index rely on this).
    var unnamingGeneration = 0
    /// The journals included, kept by `.included` changes: an undone include is not included.
    var included: Set<FileIdentity> = []
    /// Live counts.
    var liveEntities = 0
    var liveStances = 0

    /// The inverses recorded by the transactions under way (`depth` of them, nested), oldest
    /// first. Kept between transactions, so that recording allocates nothing once it has grown.
    var recording: [Change] = []
    var depth = 0

    // MARK: Transactions

    /// Opens a transaction; where its inverses start in `recording`.
    mutating func open() -> Int {
        if depth == 0 { recording.removeAll(keepingCapacity: true) }
        depth += 1
        return recording.count
    }

    /// Closes the transaction opened at `start`; its inverses.
    mutating func close(_ start: Int) -> ArraySlice<Change> {
        depth -= 1
        return recording[start...]
    }

    /// Closes the transaction opened at `start`, undoing every change it made.
    mutating func rollBack(_ start: Int) {
        depth -= 1
        let done = Array(recording[start...])
        recording.removeSubrange(start...)
        for c in done.reversed() { _ = apply(c) }
    }

    /// Performs a change, recording its inverse in the transaction under way; returns the inverse.
    mutating func perform(_ c: Change) -> Change {
        let inverse = apply(c)
        if depth > 0 { recording.append(inverse) }
        return inverse
    }

    /// Appends a stance: `perform(.appendStance(…))` without boxing the stance first.
    mutating func append(_ st: Stance) {
        let inverse = insert(st)
        if depth > 0 { recording.append(inverse) }
    }

    /// Makes the index of names, unless it is made.
    mutating func indexNames() {
        guard names == nil else { return }
        var made: [String: [Int32]] = [:]
        for i in entities.indices where !entityRemoved[i] { made[Fold.lower(entities[i].name), default: []].append(Int32(i)) }
        names = made
    }

    // MARK: Applying primitive changes

    mutating func apply(_ c: Change) -> Change {
        switch c {
        case .appendEntity(let box):
            let e = box.value
            let i = Int32(entities.count)
            entities.append(e)
            entityRemoved.append(e.removed)
            heads.append(Heads()); linked.append([]); noted.append([])
            if let p = e.parent { children[p, default: []].append(i) }
            for t in e.tags { entityTags[t, default: []].append(i) }
            if !e.removed { index(i, made: true) }
            return .popEntity(i)
        case .popEntity:
            let i = Int32(entities.count - 1)
            let e = entities[Int(i)]
            if !e.removed { unindex(i) }
            if let p = e.parent { StateStore.drop(i, from: &children, p) }
            for t in e.tags { StateStore.drop(i, from: &entityTags, t) }
            entities.removeLast()
            entityRemoved.removeLast()
            heads.removeLast(); linked.removeLast(); noted.removeLast()
            unnamingGeneration += 1
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
                if let o = old { StateStore.drop(i, from: &children, o) }
                if let p { StateStore.insert(i, into: &children, p) }
            }
            entities[Int(i)].parent = p
            return .setEntityParent(i, old)
        case .setEntityAttribute(let i, let k, let v):
            let old = entities[Int(i)].attribute(k)
            entities[Int(i)].setAttribute(k, v)
            return .setEntityAttribute(i, k, old)
        case .setEntityTags(let i, let t):
            let old = entities[Int(i)].tags
            for x in old where !t.contains(x) { StateStore.drop(i, from: &entityTags, x) }
            for x in t where !old.contains(x) { StateStore.insert(i, into: &entityTags, x) }
            entities[Int(i)].tags = t
            return .setEntityTags(i, old)
        case .appendStance(let box):
            return insert(box.value)
        case .popStance:
            current.popping(Int32(stances.count - 1), stances)
            let s = stances.removeLast()
            let c = chains.removeLast()
            heads[Int(s.holder)].held = c.held
            heads[Int(s.target)].targeted = c.targeted
            if let b = s.by { heads[Int(b)].reported = c.reported }
            if !s.removed { liveStances -= 1 }
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
                liveStances += r ? -1 : 1
                if r { current.removed(i, stances) } else { current.restored(i, stances) }
            }
            return .setStanceRemoved(i, old)
        case .setStanceUndone(let i, let u):
            let old = stances[Int(i)].undone
            if old != u {
                stances[Int(i)].undone = u
                _ = apply(.setStanceRemoved(i, u))
            }
            return .setStanceUndone(i, old)
        case .setStanceFields(let i, let box):
            let st = stances[Int(i)]
            let old = StanceFields(text: st.text, at: st.at, position: st.position)
            current.leaving(i, stances)
            stances[Int(i)].text = box.value.text
            stances[Int(i)].at = box.value.at
            stances[Int(i)].position = box.value.position
            current.joining(i, stances)
            return .setStanceFields(i, Box(old))
        case .setStanceTags(let i, let t):
            let st = stances[Int(i)]
            for x in st.tags where !t.contains(x) {
                stanceTags[x]?.removeAll { $0.stance == i }
                if stanceTags[x]?.isEmpty == true { stanceTags[x] = nil }
            }
            for x in t where !st.tags.contains(x) {
                var list = stanceTags[x] ?? []
                stanceTags[x] = nil
                list.insert(TaggedStance(stance: i, holder: st.holder, target: st.target),
                            at: list.firstIndex { $0.stance > i } ?? list.endIndex)
                stanceTags[x] = list
            }
            stances[Int(i)].tags = t
            return .setStanceTags(i, st.tags)
        case .setLinkTags(let i, let t):
            let old = links[Int(i)].tags
            links[Int(i)].tags = t
            return .setLinkTags(i, old)
        case .setNoteTags(let i, let t):
            let old = notes[Int(i)].tags
            notes[Int(i)].tags = t
            return .setNoteTags(i, old)
        case .appendLink(let box):
            let i = Int32(links.count)
            links.append(box.value)
            linked[Int(box.value.from)].append(i)
            if box.value.to != box.value.from { linked[Int(box.value.to)].append(i) }
            return .popLink(i)
        case .popLink:
            let l = links.removeLast()
            linked[Int(l.from)].removeLast()
            if l.to != l.from { linked[Int(l.to)].removeLast() }
            return .appendLink(Box(l))
        case .setLinkRemoved(let i, let r):
            let old = links[Int(i)].removed
            links[Int(i)].removed = r
            return .setLinkRemoved(i, old)
        case .setLinkUndone(let i, let u):
            let old = links[Int(i)].undone
            links[Int(i)].undone = u
            links[Int(i)].removed = u
            return .setLinkUndone(i, old)
        case .appendNote(let box):
            let i = Int32(notes.count)
            notes.append(box.value)
            if let on = box.value.on { noted[Int(on)].append(i) }
            return .popNote(i)
        case .popNote:
            let n = notes.removeLast()
            if let on = n.on { noted[Int(on)].removeLast() }
            return .appendNote(Box(n))
        case .setNoteRemoved(let i, let r):
            let old = notes[Int(i)].removed
            notes[Int(i)].removed = r
            return .setNoteRemoved(i, old)
        case .setNoteUndone(let i, let u):
            let old = notes[Int(i)].undone
            notes[Int(i)].undone = u
            notes[Int(i)].removed = u
            return .setNoteUndone(i, old)
        case .setEvent(let box):
            let old = event
            event = box.value
            return .setEvent(Box(old))
        case .appendTurn(let t):
            turns.append(t)
            return .popTurn
        case .popTurn:
            return .appendTurn(turns.removeLast())
        case .included(let journal, let including):
            if including { included.insert(journal.value.file) } else { included.remove(journal.value.file) }
            return .included(journal, !including)
        }
    }

    /// Takes `st` (`consuming`: moved into `stances`, not copied).
    mutating func insert(_ st: consuming Stance) -> Change {
        let i = Int32(stances.count)
        let holder = st.holder, target = st.target, by = st.by, removed = st.removed
        for t in st.tags { stanceTags[t, default: []].append(TaggedStance(stance: i, holder: holder, target: target)) }
        stances.append(st)
        chains.append(StateStore.link(i, holder: holder, target: target, by: by, &heads))
        current.appended(i, stances)
        if !removed { liveStances += 1 }
        return .popStance(i)
    }

    /// Makes stance `i` the latest of its holder, target and reporter; returns the links to the
    /// previous ones.
    static func link(_ i: Int32, holder: Int32, target: Int32, by: Int32?, _ heads: inout [Heads]) -> Chain {
        precondition(Int(holder) < heads.count && Int(target) < heads.count && Int(by ?? 0) < heads.count)
        let chain = Chain(held: heads[Int(holder)].held, targeted: heads[Int(target)].targeted,
                          reported: by.map { heads[Int($0)].reported } ?? -1)
        heads[Int(holder)].held = i
        heads[Int(target)].targeted = i
        if let b = by { heads[Int(b)].reported = i }
        return chain
    }

    /// Indexes a live entity's id and name; `made`: a new entity, at the end.
    mutating func index(_ i: Int32, made: Bool = false) {
        let e = entities[Int(i)]
        ids[e.id] = i
        if names != nil { StateStore.insert(i, into: &names!, Fold.lower(e.name)) }
        liveEntities += 1
        if !made { unnamingGeneration += 1 }
    }

    mutating func unindex(_ i: Int32) {
        let e = entities[Int(i)]
        if ids[e.id] == i { ids[e.id] = nil }
        if names != nil { StateStore.drop(i, from: &names!, Fold.lower(e.name)) }
        liveEntities -= 1
        unnamingGeneration += 1
    }

    /// Removes `i` from the list of `key` (dropping an emptied list).
    static func drop<K: Hashable>(_ i: Int32, from index: inout [K: [Int32]], _ key: K) {
        guard var list = index[key] else { return }
        if list.last == i { list.removeLast() } else { list.removeAll { $0 == i } }
        index[key] = list.isEmpty ? nil : list
    }

    /// Inserts `i` into the ascending list of `key`.
    static func insert<K: Hashable>(_ i: Int32, into index: inout [K: [Int32]], _ key: K) {
        var list = index[key] ?? []
        index[key] = nil
        let at = list.firstIndex(where: { $0 > i }) ?? list.endIndex
        list.insert(i, at: at)
        index[key] = list
    }
}

extension StateStore {
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
