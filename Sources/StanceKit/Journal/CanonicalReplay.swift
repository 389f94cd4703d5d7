/// The fast path of journal replay for the lines that make up almost all of a journal, written
/// exactly as `JournalWriter` writes them:
///
///     @TIME stance HOLDER POSITION TARGET ["TEXT"] [by=ACTOR] [#TAG]...
///     @TIME link FROM RELATION TO ["TEXT"]
///     @TIME set REF KEY=VALUE...            (plain attributes: not name, kind, parent, …)
///
/// Why it exists: the general path (Lexer → Token → Parser → Statement → Engine.execute) makes a
/// `String` for every word, a token and a statement per line, hashes each id as a `String` and
/// runs a roll-back-able transaction, about 23,000 instructions an entry; replay then ran at
/// ~150,000 entries a second, a third of sqlite3's speed on the same workload. This reads the
/// line's bytes in place (`CanonicalScanner`, into a `CanonicalDraft`: that half needs no state,
/// so `ReadAhead` runs it on a second thread, which also numbers the ids), finds entities through a
/// flat array indexed by an id's number (kept only while no id has stopped naming its entity, so
/// renames, removals and undo never mislead it), builds the
/// record and performs it through `State.perform` (so every index, and undo, stay right), and
/// pushes the same inverse on the undo stack as `Engine.execute` would.
///
/// What it falls back on: `apply` changes nothing and returns false for anything else: another
/// command, a second space or a tab, a comment, an escape it does not know, an id that does not
/// exist or names the wrong kind of entity, a holder that is its own target, a tag given twice,
/// more than two tags on a stance, `by=-`, a special key, a key given twice. The reader then
/// hands the line to the general parser and engine, which apply it or report the error at the
/// same FILE:LINE:COL as ever. So this path only ever takes lines the general path would have
/// applied, with the same result.
struct CanonicalReplay {
    let engine: Engine
    /// `engine.state` (a constant of the engine), held here: read through the engine, every use
    /// retained and released it.
    let state: State
    /// The state-free reading of lines into drafts (for lines not read ahead).
    var scanner: CanonicalScanner
    /// Id number (`IdNumbers`, given by the scanner that read the drafts) → what it named when
    /// last looked up (see `entity`). Numbers mean something only to the scanner that gave them:
    /// `known` holds scanner `knownScanner`'s, `spareKnown` the other's. A replay read here uses
    /// this replay's own scanner; one read ahead, the two threads' (`use(numbersOf:)`).
    var known: [Known] = []
    var spareKnown: [Known] = []
    var knownScanner = 0
    /// The escaped text of the line being applied (reused from line to line).
    var escaped: [UInt8] = []

    init(engine: Engine, bytes: UnsafeBufferPointer<UInt8>) {
        self.engine = engine
        state = engine.state
        scanner = CanonicalScanner(bytes: bytes)
    }

    /// Drafts numbered by scanner `index` (0 or 1) come next.
    @inline(__always) mutating func use(numbersOf index: Int) {
        if index != knownScanner {
            swap(&known, &spareKnown)
            knownScanner = index
        }
    }

    /// The chunk of the journal being replayed (`JournalReader` sets it for each).
    var bytes: UnsafeBufferPointer<UInt8> {
        get { scanner.bytes }
        set { scanner.bytes = newValue }
    }

    // MARK: Lines

    /// Applies the line `bytes[start..<end]` (no line break) if it is one of the canonical lines
    /// above and applies without an error; otherwise changes nothing and returns false.
    mutating func apply(_ start: Int, _ end: Int) -> Bool {
        escaped.removeAll(keepingCapacity: true)
        guard let d = scanner.draft(start, end, escaped: &escaped) else { return false }
        let e = escaped
        return commit(d, escaped: e)
    }

    /// Applies a line read ahead (from the chunk now in `bytes`; an escaped stance text in
    /// `escaped`) if its ids name the right entities and it applies without an error; otherwise
    /// changes nothing and returns false.
    mutating func commit(_ d: CanonicalDraft, escaped: [UInt8]) -> Bool {
        switch d {
        case .stance(let s): return withUnsafePointer(to: s) { stance($0, escaped: escaped) }
        case .link(let f, let relation, let t, let text, let time): return link(f, relation, t, text, time)
        case .set(let ref, let attrs, let time): return set(ref, attrs, time)
        case .setOne(let ref, let key, let value, let time): return set(ref, key, value, time)
        case .create(let c): return create(c)
        }
    }

    /// A stance line read ahead, in place (a copy of the draft, through the runtime's generic
    /// copy, was a tenth of the replaying thread's work).
    mutating func stance(_ d: UnsafePointer<StanceDraft>, escaped: [UInt8]) -> Bool {
        guard let holder = entity(d.pointee.holder, actorOnly: true), let target = entity(d.pointee.target, actorOnly: false),
              target != holder else { return false }
        var reporter: Int32?
        if let by = d.pointee.by {
            guard let b = entity(by, actorOnly: true) else { return false }
            reporter = b == holder ? nil : b
        }
        let start = Int(d.pointee.textStart), end = Int(d.pointee.textEnd)
        let text: String?
        if start < 0 || start == end {
            text = nil // an empty text is stored as none, as the general path stores it
        } else if d.pointee.textEscaped {
            text = escaped.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
        } else {
            text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        let time = d.pointee.time
        var tags: [String] = []
        if d.pointee.tagCount > 0 {
            tags.reserveCapacity(Int(d.pointee.tagCount))
            tags.append(scanner.word(Int(d.pointee.tag0Start), Int(d.pointee.tag0End)))
            if d.pointee.tagCount > 1 { tags.append(scanner.word(Int(d.pointee.tag1Start), Int(d.pointee.tag1End))) }
        }
        let inverse = state.performAppendStance(Stance(holder: holder, position: d.pointee.position, target: target,
                                                              text: text, by: reporter, at: time, tags: tags))
        engine.lastTime = time
        record(inverse)
        return true
    }

    private mutating func link(_ f: DraftId, _ relation: String, _ t: DraftId, _ text: String?, _ time: Timestamp) -> Bool {
        guard let from = entity(f, actorOnly: false), let to = entity(t, actorOnly: false), from != to else { return false }
        let inverse = state.perform(.appendLink(Box(Link(from: from, relation: relation, to: to, text: text, at: time))))
        engine.lastTime = time
        record(inverse)
        return true
    }

    /// What `Engine.create` does, minus the canonical line and the answer.
    private mutating func create(_ d: CreateDraft) -> Bool {
        guard state.entity(id: d.id) == nil else { return false }
        // The parent is found before the entity is made (a concern is never its own parent).
        var parent: Int32?
        for case .parent(let p) in d.attributes {
            guard let e = entity(p, actorOnly: false), state.entities[Int(e)].type == .concern else { return false }
            parent = e
        }
        var inverses: [Change] = []
        inverses.reserveCapacity(1 + d.attributes.count)
        inverses.append(state.perform(.appendEntity(Box(Entity(id: d.id, name: d.name, type: d.type, tags: d.tags, created: d.time)))))
        let i = Int32(state.entities.count - 1)
        for a in d.attributes {
            switch a {
            case .kind(let kind): inverses.append(state.perform(.setEntityKind(i, kind)))
            case .parent: inverses.append(state.perform(.setEntityParent(i, parent)))
            case .other(let key, let value): inverses.append(state.perform(.setEntityAttribute(i, key, value)))
            }
        }
        engine.lastTime = d.time
        engine.undoStack.push(inverses)
        if !engine.redoStack.isEmpty { engine.redoStack.removeAll() }
        remember(d.idNumber, i, isActor: d.type == .actor)
        return true
    }

    /// `set REF KEY=VALUE`: one change, one transaction.
    private mutating func set(_ ref: DraftId, _ key: String, _ value: String, _ time: Timestamp) -> Bool {
        guard let e = entity(ref, actorOnly: false) else { return false }
        record(state.perform(.setEntityAttribute(e, key, value)))
        engine.lastTime = time
        return true
    }

    /// `set REF KEY=VALUE...` with several keys (one key is `setOne`, above).
    private mutating func set(_ ref: DraftId, _ attrs: [(key: String, value: String)], _ time: Timestamp) -> Bool {
        if attrs.count == 1 { return set(ref, attrs[0].key, attrs[0].value, time) }
        guard let e = entity(ref, actorOnly: false) else { return false }
        var inverses: [Change] = []
        inverses.reserveCapacity(attrs.count)
        for a in attrs { inverses.append(state.perform(.setEntityAttribute(e, a.key, a.value))) }
        engine.undoStack.push(inverses)
        if !engine.redoStack.isEmpty { engine.redoStack.removeAll() }
        engine.lastTime = time
        return true
    }

    /// What `Engine.execute` does with a one-change transaction.
    @inline(__always) private func record(_ inverse: Change) {
        engine.undoStack.push(inverse)
        if !engine.redoStack.isEmpty { engine.redoStack.removeAll() }
    }
}
