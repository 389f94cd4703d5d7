/// The live state: entities, stances, links, notes, the event, and the model's own indexes, which
/// keep every lookup O(1) and every list proportional to its length. Used from one thread. Its
/// data and every change to it are `StateStore`; this class is its one owner, shared by the engine
/// and the queries.
public final class State {
    private var store = StateStore()

    public var entities: [Entity] { store.entities }
    public var stances: [Stance] { store.stances }
    public var links: [Link] { store.links }
    public var notes: [Note] { store.notes }
    public var event: Event { store.event }
    /// Speaker turns, in the order given; the last one names who is talking now.
    public var turns: [Turn] { store.turns }
    /// Who is talking now.
    public var speaker: Int32? { store.turns.last?.speaker }
    /// Live entity ids → index.
    var ids: [String: Int32] { store.ids }
    /// The journals included, kept by `.included` changes: an undone include is not included.
    var included: Set<FileIdentity> { store.included }
    /// Bumped by every change to ids or names except making an entity (`StateStore`).
    public var unnamingGeneration: Int { store.unnamingGeneration }
    /// Live counts.
    public var liveEntities: Int { store.liveEntities }
    public var liveStances: Int { store.liveStances }

    public init() {}

    // MARK: Lookups

    public func entity(id: String) -> Int32? { store.ids[id] }
    public func entities(named lower: String) -> [Int32] {
        indexNames()
        return store.names![lower] ?? []
    }

    /// Makes the index of names now (a REPL does while it waits for a line); nothing to do once
    /// made.
    public func indexNames() { store.indexNames() }
    /// In the order they were made.
    public func stances(heldBy e: Int32) -> [Int32] { list(store.heads[Int(e)].held) { $0.held } }
    public func stances(on e: Int32) -> [Int32] { list(store.heads[Int(e)].targeted) { $0.targeted } }
    public func stances(reportedBy e: Int32) -> [Int32] { list(store.heads[Int(e)].reported) { $0.reported } }

    /// A linked list (latest first) as an array in the order the stances were made.
    @inline(__always) private func list(_ head: Int32, _ next: (StateStore.Chain) -> Int32) -> [Int32] {
        var out: [Int32] = []
        var i = head
        let chains = store.chains
        while i >= 0 { out.append(i); i = next(chains[Int(i)]) }
        out.reverse()
        return out
    }

    /// A stance's text, nil when it has none.
    public func text(of st: Stance) -> String? { st.text }

    public func links(of e: Int32) -> [Int32] { store.linked[Int(e)] }
    public func notes(on e: Int32) -> [Int32] { store.noted[Int(e)] }
    public func currentStance(holder: Int32, target: Int32) -> Int32? { store.current.current(holder: holder, target: target) }
    /// Sub-concerns of a concern, removed ones included, in entity order.
    public func subConcerns(of e: Int32) -> [Int32] { store.children[e] ?? [] }
    /// The stances carrying `tag`, with their holders and targets (so that a query over them
    /// need not read each stance), in the order they were made.
    public func stances(tagged tag: String) -> [TaggedStance] { store.stanceTags[tag] ?? [] }
    @inline(__always) public func isRemoved(entity e: Int32) -> Bool { store.entityRemoved[Int(e)] }
    /// Whether any entity is removed (`liveEntities` counts the others): when none is, a stance's
    /// holder and target need no check.
    public var hasRemovedEntities: Bool { store.liveEntities < store.entities.count }
    public func entities(tagged tag: String) -> [Int32] { store.entityTags[tag] ?? [] }
    /// Whether stance `s` is the current one of its pair (removed stances never are).
    @inline(__always) public func isCurrentStance(_ s: Int32) -> Bool { store.current.flags[Int(s)] }

    public func isCurrent(_ s: Int32) -> Bool { store.current.flags[Int(s)] }

    // MARK: Changes

    /// Runs `body` as one transaction: on a throw, every change it made is undone. Returns its
    /// inverses, to push on the undo stack: a slice of the buffer the next transaction reuses,
    /// to be copied, not kept.
    func transaction(_ body: () throws(SyntaxError) -> Void) throws(SyntaxError) -> ArraySlice<Change> {
        let start = store.open()
        do {
            try body()
        } catch {
            store.rollBack(start)
            throw error
        }
        return store.close(start)
    }

    /// Performs a change, recording its inverse in the transaction under way; returns the inverse.
    @discardableResult
    func perform(_ c: Change) -> Change { store.perform(c) }

    /// Appends a stance: `perform(.appendStance(…))` without boxing the stance first.
    func append(_ st: Stance) { store.append(st) }

    /// Applies a list of inverses in reverse order as one transaction (undo, redo); returns its
    /// inverses. What the transaction made is marked undone (an entity removed) rather than
    /// popped, so that stance, link and note ids are never given again.
    func revert<C: BidirectionalCollection<Change>>(_ inverses: C) -> [Change] {
        var out: [Change] = []
        out.reserveCapacity(inverses.count)
        for c in inverses.reversed() {
            switch c {
            case .popEntity(let i): out.append(perform(.setEntityRemoved(i, true)))
            case .popStance(let i): out.append(perform(.setStanceUndone(i, true)))
            case .popLink(let i): out.append(perform(.setLinkUndone(i, true)))
            case .popNote(let i): out.append(perform(.setNoteUndone(i, true)))
            default: out.append(perform(c))
            }
        }
        return out
    }
}

/// A stance in a tag's list, with its holder and target.
public struct TaggedStance: Sendable {
    public var stance: Int32
    public var holder: Int32
    public var target: Int32
}
