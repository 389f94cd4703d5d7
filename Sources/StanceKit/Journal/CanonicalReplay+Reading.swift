/// Finding the entities of a draft's ids, for `CanonicalReplay` (see CanonicalReplay.swift for
/// why, and what it falls back on); reading and numbering the ids is `CanonicalScanner`'s.
extension CanonicalReplay {
    /// What an id's number named when last looked up: the entity, whether it is an actor, and
    /// the state's `unnamingGeneration` then.
    struct Known {
        var entity: Int32 = -1
        var generation: Int32 = -1
        var isActor = false
    }

    /// The live entity whose id is `id` (its bytes in the chunk; an actor when `actorOnly`), as
    /// `state.entity(id:)` finds it. What its number named is trusted only while no id has
    /// stopped naming its entity since (`State.unnamingGeneration`); otherwise the state is asked
    /// (through a `String`) and the entry renewed.
    mutating func entity(_ id: DraftId, actorOnly: Bool) -> Int32? {
        let n = Int(id.number)
        if n >= 0 && n < known.count && Int(known[n].generation) == state.unnamingGeneration {
            return actorOnly && !known[n].isActor ? nil : known[n].entity
        }
        guard let i = state.entity(id: String(decoding: bytes[Int(id.start)..<Int(id.end)], as: UTF8.self)) else { return nil }
        let isActor = state.entities[Int(i)].type == .actor
        remember(id.number, i, isActor: isActor)
        return actorOnly && !isActor ? nil : i
    }

    /// Notes that id number `number` (of the scanner whose numbers are in `known`) now names the
    /// live entity `i`: after a lookup, or as the fast path makes the entity (so that the lines
    /// after it find it without asking the state through a `String`).
    mutating func remember(_ number: Int32, _ i: Int32, isActor: Bool) {
        let n = Int(number)
        guard n >= 0 else { return }
        if n >= known.count { known.append(contentsOf: repeatElement(Known(), count: n + 1 - known.count)) }
        // A generation past Int32 just makes every entry stale (the slow path).
        known[n] = Known(entity: i, generation: Int32(truncatingIfNeeded: state.unnamingGeneration), isActor: isActor)
    }
}
