extension Engine {
    /// Says what reverting a transaction of inverses does, for the answer to `undo` and `redo`.
    /// It names the principal change (an entity before a stance, link or note, before an
    /// attribute), read against the state before the revert, so it never looks up a record the
    /// revert is about to create.
    func describe(_ txn: ArraySlice<Change>) -> String {
        var best: (rank: Int, text: String)?
        func offer(_ rank: Int, _ text: @autoclosure () -> String) {
            if best == nil || rank < best!.rank { best = (rank, text()) }
        }
        let s = state
        func entity(_ i: Int32) -> String { Int(i) < s.entities.count ? s.entities[Int(i)].id : "entity" }
        for c in txn {
            switch c {
            case .popEntity: offer(0, s.entities.last.map { "\($0.typeWord) \($0.id) removed" } ?? "entity removed")
            case .appendEntity(let e): offer(0, "\(e.value.typeWord) \(e.value.id) back")
            case .setEntityRemoved(let i, let removed): offer(0, "\(entity(i)) \(removed ? "removed" : "back")")
            case .setEntityID(let i, let old): offer(1, "\(entity(i)) renamed back to \(old)")
            case .popStance: offer(2, "stance s\(s.stances.count) removed")
            case .appendStance: offer(2, "stance s\(s.stances.count + 1) back")
            case .setStanceRemoved(let i, let removed): offer(3, "stance s\(i + 1) \(removed ? "removed" : "back")")
            case .popLink: offer(4, "link l\(s.links.count) removed")
            case .appendLink: offer(4, "link l\(s.links.count + 1) back")
            case .setLinkRemoved(let i, let removed): offer(5, "link l\(i + 1) \(removed ? "removed" : "back")")
            case .popNote: offer(6, "note n\(s.notes.count) removed")
            case .appendNote: offer(6, "note n\(s.notes.count + 1) back")
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
            case .included(let path, let including):
                offer(-1, including ? "include \(path.value) back" : "include \(path.value) taken back, with all it added")
            }
        }
        return best?.text ?? "nothing"
    }
}
