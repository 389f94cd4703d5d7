extension Engine {
    /// Says what reverting a transaction of inverses does, for the answer to `undo` and `redo`.
    /// It names the principal change (an entity before a stance, link or note, before an
    /// attribute), read against the state before the revert.
    func describe(_ txn: ArraySlice<Change>) -> String {
        var best = Principal()
        func offer(_ rank: Int, _ text: @autoclosure () -> String) { best.offer(rank, text()) }
        let s = state
        func entity(_ i: Int32) -> String { Int(i) < s.entities.count ? s.entities[Int(i)].id : "entity" }
        let stances = stanceRange(txn)
        for c in txn {
            switch c {
            case .popEntity(let i): offer(0, "\(s.entities[Int(i)].typeWord) \(entity(i)) removed")
            case .appendEntity(let e): offer(0, "\(e.value.typeWord) \(e.value.id) back")
            case .setEntityRemoved(let i, let removed): offer(0, "\(entity(i)) \(removed ? "removed" : "back")")
            case .setEntityID(let i, let old): offer(1, "\(entity(i)) renamed back to \(old)")
            case .popStance: offer(2, "stance \(stances) removed")
            case .appendStance: offer(2, "stance s\(s.stances.count + 1) back")
            case .setStanceUndone(_, let undone): offer(2, "stance \(stances) \(undone ? "removed" : "back")")
            case .setStanceRemoved(let i, let removed): offer(3, "stance s\(i + 1) \(removed ? "removed" : "back")")
            case .setStanceFields(let i, _): offer(3, "stance s\(i + 1) restored")
            case .popLink(let i): offer(4, "link l\(i + 1) removed")
            case .appendLink: offer(4, "link l\(s.links.count + 1) back")
            case .setLinkUndone(let i, let undone): offer(4, "link l\(i + 1) \(undone ? "removed" : "back")")
            case .setLinkRemoved(let i, let removed): offer(5, "link l\(i + 1) \(removed ? "removed" : "back")")
            case .popNote(let i): offer(6, "note n\(i + 1) removed")
            case .appendNote: offer(6, "note n\(s.notes.count + 1) back")
            case .setNoteUndone(let i, let undone): offer(6, "note n\(i + 1) \(undone ? "removed" : "back")")
            case .setNoteRemoved(let i, let removed): offer(7, "note n\(i + 1) \(removed ? "removed" : "back")")
            case .setEntityName(let i, _), .setEntityKind(let i, _), .setEntityParent(let i, _),
                 .setEntityAttribute(let i, _, _), .setEntityTags(let i, _):
                offer(8, "\(entity(i)) restored")
            case .setStanceTags(let i, _): offer(8, "s\(i + 1) restored")
            case .setLinkTags(let i, _): offer(8, "l\(i + 1) restored")
            case .setNoteTags(let i, _): offer(8, "n\(i + 1) restored")
            case .setEvent: offer(9, "event restored")
            case .popTurn: offer(10, "speaker turn dropped")
            case .appendTurn: offer(10, "speaker turn back")
            case .included(let journal, let including):
                // The include typed is the last marker taken back (those of the journals it
                // included come before it) and the first brought back.
                let path = journal.value.path
                if including { offer(-1, "include \(path) back") } else { best.set(-1, "include \(path) taken back, with all it added") }
            }
        }
        return best.text ?? "nothing"
    }

    /// What a transaction of inverses takes back, as `undo` and `redo` journal it: the ids of the
    /// stances, link or note it made (`s12`, `s12-s14`, `l3`), else the entity it made or changed,
    /// else the stance, link or note it changed, else `event`, `speaker` or `include`. Read
    /// against the state before the revert, so a replay computes the same label.
    func label(_ txn: ArraySlice<Change>) -> String {
        var best = Principal()
        func offer(_ rank: Int, _ text: @autoclosure () -> String) { best.offer(rank, text()) }
        let s = state
        func entity(_ i: Int32) -> String { Int(i) < s.entities.count ? s.entities[Int(i)].id : "entity" }
        for c in txn {
            switch c {
            case .included: offer(0, "include")
            case .popStance, .setStanceUndone: offer(1, "stance")
            case .popLink(let i), .setLinkUndone(let i, _): offer(2, "l\(i + 1)")
            case .popNote(let i), .setNoteUndone(let i, _): offer(3, "n\(i + 1)")
            case .popEntity(let i), .setEntityRemoved(let i, _), .setEntityID(let i, _), .setEntityName(let i, _),
                 .setEntityKind(let i, _), .setEntityParent(let i, _), .setEntityAttribute(let i, _, _),
                 .setEntityTags(let i, _):
                offer(4, entity(i))
            case .appendEntity(let e): offer(4, e.value.id)
            case .setStanceRemoved(let i, _), .setStanceFields(let i, _), .setStanceTags(let i, _): offer(5, "s\(i + 1)")
            case .appendStance: offer(5, "s\(s.stances.count + 1)")
            case .setLinkRemoved(let i, _), .setLinkTags(let i, _): offer(6, "l\(i + 1)")
            case .appendLink: offer(6, "l\(s.links.count + 1)")
            case .setNoteRemoved(let i, _), .setNoteTags(let i, _): offer(7, "n\(i + 1)")
            case .appendNote: offer(7, "n\(s.notes.count + 1)")
            case .setEvent: offer(8, "event")
            case .popTurn, .appendTurn: offer(9, "speaker")
            }
        }
        guard let text = best.text else { return "nothing" }
        return text == "stance" ? stanceRange(txn) : text
    }

    /// The stances a transaction made or takes back, as `s12` or `s12-s14`.
    func stanceRange(_ txn: ArraySlice<Change>) -> String {
        var lo = Int32.max, hi = Int32.min
        for c in txn {
            switch c {
            case .popStance(let i), .setStanceUndone(let i, _): lo = min(lo, i); hi = max(hi, i)
            default: break
            }
        }
        guard lo <= hi else { return "" }
        return lo == hi ? "s\(lo + 1)" : "s\(lo + 1)-s\(hi + 1)"
    }
}

/// The principal change of a transaction: the text offered with the lowest rank, the first of
/// equals.
struct Principal {
    private var rank = Int.max
    private(set) var text: String?

    mutating func offer(_ rank: Int, _ text: @autoclosure () -> String) {
        if rank < self.rank { set(rank, text()) }
    }

    /// Takes `text` at `rank` whatever was offered before.
    mutating func set(_ rank: Int, _ text: String) {
        self.rank = rank
        self.text = text
    }
}
