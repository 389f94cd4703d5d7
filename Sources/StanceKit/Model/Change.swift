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
    case popEntity
    case setEntityRemoved(Int32, Bool)
    case setEntityID(Int32, String)
    case setEntityName(Int32, String)
    case setEntityKind(Int32, String?)
    case setEntityParent(Int32, Int32?)
    case setEntityAttribute(Int32, String, String?)
    case setEntityTags(Int32, [String])
    case appendStance(Box<Stance>)
    case popStance
    case setStanceRemoved(Int32, Bool)
    case appendLink(Box<Link>)
    case popLink
    case setLinkRemoved(Int32, Bool)
    case appendNote(Box<Note>)
    case popNote
    case setNoteRemoved(Int32, Bool)
    case setEvent(Box<Event>)
    case appendTurn(Turn)
    case popTurn
}

/// A stack of transactions of inverse changes, stored flat.
struct ChangeStack {
    private(set) var changes: [Change] = []
    private(set) var marks: [Int] = []

    var count: Int { marks.count }
    var isEmpty: Bool { marks.isEmpty }

    mutating func push(_ txn: [Change]) {
        marks.append(changes.count)
        changes.append(contentsOf: txn)
    }

    /// The inverses of the last transaction, in the order they were recorded.
    mutating func pop() -> ArraySlice<Change>? {
        guard let m = marks.popLast() else { return nil }
        let slice = changes[m...]
        changes.removeSubrange(m...)
        return slice
    }

    mutating func removeAll() {
        changes.removeAll()
        marks.removeAll()
    }
}
