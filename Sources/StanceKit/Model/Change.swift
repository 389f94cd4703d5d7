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
    /// Changes nothing: marks a transaction as an `include` of the path (as typed), so that its
    /// undo says so. `true` when performing it includes, `false` when it takes the include back.
    case included(Box<String>, Bool)
}

/// A stack of transactions of inverse changes, stored flat.
///
/// Most transactions (a stance, a link, an entity made) have one inverse without a payload
/// (`.popStance`, …). Those are kept as a code in `marks` alone, not as a `Change` in `changes`:
/// a `Change` takes 48 bytes, and the undo stack of a session replayed from a journal of a million
/// entries held one per entry (about 50 MB, a third of the journal's size). A run of them with the
/// same code is one mark, with its length: a replay's stances are such a run, broken only by the
/// other lines (a million-entry replay peaked 2.5 MB lower).
struct ChangeStack {
    private(set) var changes: [Change] = []
    /// Per transaction, or per run of transactions: where its inverses start in `changes` (>= 0),
    /// or `-(code + 8 * (n - 1))` for a run of `n` transactions whose only, payload-free inverse
    /// has the code `code` (1 to 5, see `code(of:)`).
    private(set) var marks: [Int] = []
    /// Transactions on the stack.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// A small code for the payload-free changes, nil for the others.
    private static func code(of c: Change) -> Int? {
        switch c {
        case .popEntity: 1
        case .popStance: 2
        case .popLink: 3
        case .popNote: 4
        case .popTurn: 5
        default: nil
        }
    }

    private static func change(code: Int) -> Change {
        switch code {
        case 1: .popEntity
        case 2: .popStance
        case 3: .popLink
        case 4: .popNote
        default: .popTurn
        }
    }

    /// One more transaction whose only inverse has the code `code`: the run on top grows, or a
    /// new one starts.
    private mutating func push(code: Int) {
        count += 1
        if let last = marks.last, last < 0, (-last) & 7 == code {
            marks[marks.count - 1] = last - 8
        } else {
            marks.append(-code)
        }
    }

    /// A transaction of one change (most of a replay's: a stance's inverse is `.popStance`).
    mutating func push(_ change: Change) {
        if let code = ChangeStack.code(of: change) {
            push(code: code)
        } else {
            count += 1
            marks.append(changes.count)
            changes.append(change)
        }
    }

    mutating func push<C: Collection<Change>>(_ txn: C) {
        if txn.count == 1, let code = ChangeStack.code(of: txn.first!) {
            push(code: code)
            return
        }
        count += 1
        marks.append(changes.count)
        changes.append(contentsOf: txn)
    }

    /// The inverses of the last transaction, in the order they were recorded.
    mutating func pop() -> ArraySlice<Change>? {
        guard let m = marks.last else { return nil }
        count -= 1
        if m < 0 {
            // The last of a run: the run shrinks, or goes.
            if -m >= 8 { marks[marks.count - 1] = m + 8 } else { marks.removeLast() }
            return [ChangeStack.change(code: (-m) & 7)][...]
        }
        marks.removeLast()
        let slice = changes[m...]
        changes.removeSubrange(m...)
        return slice
    }

    mutating func removeAll() {
        changes.removeAll()
        marks.removeAll()
        count = 0
    }
}
