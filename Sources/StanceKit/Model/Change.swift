/// A reference-typed box, so that large payloads keep `Change` small.
public final class Box<T: Sendable>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}

/// One primitive change of the state. Every mutation goes through `State.perform`, which returns
/// (and, inside a transaction, records) the change that undoes it. Undo, redo and the rollback of a
/// failed command are the same thing: performing recorded inverses in reverse order.
public enum Change: Sendable {
    case appendEntity(Box<Entity>)
    /// Pops entity `i`, the last one (a failed command's rollback); undo marks it removed instead.
    case popEntity(Int32)
    case setEntityRemoved(Int32, Bool)
    case setEntityID(Int32, String)
    case setEntityName(Int32, String)
    case setEntityKind(Int32, String?)
    case setEntityParent(Int32, Int32?)
    case setEntityAttribute(Int32, String, String?)
    case setEntityTags(Int32, [String])
    case appendStance(Box<Stance>)
    /// Pops stance `i`, the last one (a failed command's rollback); undo marks it undone instead,
    /// so that its id is never given again.
    case popStance(Int32)
    case setStanceRemoved(Int32, Bool)
    /// Takes a stance back (undo) or brings it back (redo): it stays in place, removed and undone.
    case setStanceUndone(Int32, Bool)
    /// Replaces a stance's text, time and position (`set sN`); the stance is not current meanwhile.
    case setStanceFields(Int32, Box<StanceFields>)
    case setStanceTags(Int32, [String])
    case appendLink(Box<Link>)
    case popLink(Int32)
    case setLinkRemoved(Int32, Bool)
    case setLinkUndone(Int32, Bool)
    case setLinkTags(Int32, [String])
    case appendNote(Box<Note>)
    case popNote(Int32)
    case setNoteRemoved(Int32, Bool)
    case setNoteUndone(Int32, Bool)
    case setNoteTags(Int32, [String])
    case setEvent(Box<Event>)
    case appendTurn(Turn)
    case popTurn
    /// Marks a journal as included (`true`) or no longer included (`false`): the last change of
    /// an `include`, so that undo and redo move "this file is included" with what it added, and
    /// their answers name the path.
    case included(Box<IncludedJournal>, Bool)
}

/// A journal an `include` replayed: the path as typed (escaped, for answers) and the file itself.
public struct IncludedJournal: Sendable {
    public var path: String
    public var file: FileIdentity
}

/// A file's device and inode: the same file under any path (`FileIO.identity` reads it).
public struct FileIdentity: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64
}

/// What `set sN` may correct in a stance.
public struct StanceFields: Sendable {
    public var text: String?
    public var at: Timestamp
    public var position: Position
}

/// A stack of transactions of inverse changes, stored flat: their changes end to end, and where
/// each transaction starts. Pushing and popping a transaction costs its own length, never the
/// stack's.
struct ChangeStack {
    private(set) var changes: [Change] = []
    /// Per transaction, where its inverses start in `changes`, ascending.
    private(set) var starts: [Int] = []

    /// Transactions on the stack.
    var count: Int { starts.count }
    var isEmpty: Bool { starts.isEmpty }

    /// A transaction of one change (most of a replay's: a stance's inverse is `.popStance(i)`).
    mutating func push(_ change: Change) {
        starts.append(changes.count)
        changes.append(change)
    }

    mutating func push<C: Collection<Change>>(_ txn: C) {
        starts.append(changes.count)
        changes.append(contentsOf: txn)
    }

    /// The inverses of the last transaction, left on the stack.
    func peek() -> [Change]? {
        guard let start = starts.last else { return nil }
        return Array(changes[start...])
    }

    /// The inverses of the last transaction, in the order they were recorded.
    mutating func pop() -> [Change]? {
        guard let start = starts.popLast() else { return nil }
        // Copied out before the removal, so that no slice shares (and forces a copy of) `changes`.
        let txn = Array(changes[start...])
        changes.removeSubrange(start...)
        return txn
    }

    mutating func removeAll() {
        changes.removeAll()
        starts.removeAll()
    }
}
