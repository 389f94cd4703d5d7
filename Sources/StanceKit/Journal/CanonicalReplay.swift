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
/// line's bytes in place, finds entities through a table keyed by a hash of the id's bytes
/// (verified against the entity's id, so renames, removals and undo never mislead it), builds the
/// record and performs it through `State.perform` (so every index, and undo, stay right), and
/// pushes the same inverse on the undo stack as `Engine.execute` would.
///
/// What it falls back on: `apply` changes nothing and returns false for anything else: another
/// command, a second space or a tab, a comment, an escape it does not know, an id that does not
/// exist or names the wrong kind of entity, a holder that is its own target, a tag given twice,
/// `by=-`, a special key, a key given twice. The reader then hands the line to the general parser
/// and engine, which apply it or report the error at the same FILE:LINE:COL as ever. So this path
/// only ever takes lines the general path would have applied, with the same result.
struct CanonicalReplay {
    let engine: Engine
    /// The state-free reading of lines (bytes, words, times, drafts of stance lines).
    var scanner: CanonicalScanner
    /// Ids seen → entity, an open-addressing table keyed by a hash of the id's bytes (see `entity`).
    var slots = [Slot](repeating: Slot(), count: 1024)
    var used = 0
    /// The bytes of the ids in `slots`, one after another: comparing against these, not against
    /// where the id was first seen in the file, keeps a lookup in cache at a million entries.
    var idBytes: [UInt8] = []
    /// Hash of a tag's, key's or relation's bytes → its string, so that the few distinct words of
    /// a journal are made once.
    var words: [(UInt64, String)] = []
    /// The tags and escaped text of the stance line being applied (reused from line to line).
    var draftTags: [Int32] = []
    var draftEscaped: [UInt8] = []

    init(engine: Engine, bytes: UnsafeBufferPointer<UInt8>) {
        self.engine = engine
        scanner = CanonicalScanner(bytes: bytes)
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
        guard let (time, word, length, i) = scanner.head(start, end) else { return false }
        let done: Bool
        switch (length, word) {
        case (6, CanonicalScanner.stanceWord): done = stance(i, end, time)
        case (4, 0x6c69_6e6b): done = link(i, end, time) // link
        case (3, 0x73_6574): done = set(i, end, time) // set
        case (5, 0x61_6374_6f72): done = create(.actor, i, end, time) // actor
        case (7, 0x63_6f6e_6365_726e): done = create(.concern, i, end, time) // concern
        default: done = false
        }
        if done { engine.lastTime = time }
        return done
    }

    /// `stance HOLDER POSITION TARGET ["TEXT"] [by=ACTOR] [#TAG]...` from `i` (after `stance `).
    private mutating func stance(_ i0: Int, _ end: Int, _ time: Timestamp) -> Bool {
        draftTags.removeAll(keepingCapacity: true)
        draftEscaped.removeAll(keepingCapacity: true)
        guard let d = scanner.stanceDraft(i0, end, time, tags: &draftTags, escaped: &draftEscaped) else { return false }
        let tags = draftTags, escaped = draftEscaped
        return commit(d, tags: tags, escaped: escaped)
    }

    /// Applies a stance line read ahead (`CanonicalScanner.stanceDraft`, on the chunk now in
    /// `bytes`) if its ids name the right entities; otherwise changes nothing and returns false.
    mutating func commit(_ d: StanceDraft, tags: [Int32], escaped: [UInt8]) -> Bool {
        guard let holder = entity(d.holder, actorOnly: true), let target = entity(d.target, actorOnly: false),
              target != holder else { return false }
        var reporter: Int32?
        if let by = d.by {
            guard let b = entity(by, actorOnly: true) else { return false }
            reporter = b == holder ? nil : b
        }
        var tagList: [String] = []
        if d.tagCount > 0 {
            tagList.reserveCapacity(Int(d.tagCount))
            var x = Int(d.tagStart)
            for _ in 0..<d.tagCount {
                tagList.append(word(Int(tags[x]), Int(tags[x + 1])))
                x += 2
            }
        }
        let text: TextStore.Ref
        if d.textStart < 0 || d.textStart == d.textEnd {
            text = .none // an empty text is stored as none, as the general path stores it
        } else if d.textEscaped {
            text = escaped.withUnsafeBytes { engine.state.store(text: UnsafeRawBufferPointer(rebasing: $0[Int(d.textStart)..<Int(d.textEnd)])) }
        } else {
            text = engine.state.store(text: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[Int(d.textStart)..<Int(d.textEnd)]))
        }
        let inverse = engine.state.performAppendStance(Stance(holder: holder, position: d.position, target: target,
                                                              text: text, by: reporter, at: d.time, tags: tagList))
        engine.lastTime = d.time
        record(inverse)
        return true
    }

    /// `link FROM RELATION TO ["TEXT"]` from `i` (after `link `).
    private mutating func link(_ i0: Int, _ end: Int, _ time: Timestamp) -> Bool {
        guard let f = scanner.idWord(i0, end), f.end < end else { return false }
        var i = f.end + 1
        let r = i
        guard i < end, bytes[i] >= 97 && bytes[i] <= 122 else { return false }
        while i < end && scanner.isKeyByte(bytes[i]) { i += 1 }
        guard i < end, bytes[i] == 32, let t = scanner.idWord(i + 1, end) else { return false }
        let rEnd = i
        var text: String?
        i = t.end
        if i < end {
            guard bytes[i] == 32, i + 1 < end, bytes[i + 1] == 34, let s = scanner.string(i + 1, end), s.end == end else { return false }
            text = s.value
        }
        guard let from = entity(f.start, f.end, actorOnly: false), let to = entity(t.start, t.end, actorOnly: false), from != to
        else { return false }
        let inverse = engine.state.perform(.appendLink(Box(Link(from: from, relation: word(r, rEnd), to: to, text: text, at: time))))
        record(inverse)
        return true
    }

    /// `actor ID "NAME" [KEY=VALUE]... [#TAG]...` or the same with `concern`, from `i` (after the
    /// command word): what `Engine.create` does, minus the canonical line and the answer.
    /// `kind=` on an actor and `parent=ID` (an existing concern) on a concern are taken; any other
    /// special key, and every error, goes to the general path.
    private mutating func create(_ type: Entity.Kind, _ i0: Int, _ end: Int, _ time: Timestamp) -> Bool {
        guard let idw = scanner.idWord(i0, end), idw.end + 1 < end, bytes[idw.end + 1] == 34,
              let name = scanner.string(idw.end + 1, end), !name.value.isEmpty,
              let rest = scanner.attributes(name.end, end, tags: true) else { return false }
        let id = String(decoding: bytes[idw.start..<idw.end], as: UTF8.self)
        let state = engine.state
        guard Identifier.problem(with: id) == nil, state.entity(id: id) == nil else { return false }
        var parent: Int32?
        for a in rest.attrs {
            let (k, e) = a.key
            if scanner.matches(k, e, CanonicalScanner.kindKey) {
                guard type == .actor, !a.value.isEmpty else { return false }
            } else if scanner.matches(k, e, CanonicalScanner.parentKey) {
                guard type == .concern, a.valueStart >= 0,
                      let p = entity(a.valueStart, a.valueStart + a.value.utf8.count, actorOnly: false),
                      state.entities[Int(p)].type == .concern else { return false }
                parent = p
            } else if scanner.isSpecialKey(k, e) {
                return false
            }
        }
        var tagList: [String] = []
        for x in rest.tags { tagList.append(word(x.start, x.end)) }
        var inverses: [Change] = []
        inverses.reserveCapacity(1 + rest.attrs.count)
        inverses.append(state.perform(.appendEntity(Box(Entity(id: id, name: name.value, type: type, tags: tagList, created: time)))))
        let i = Int32(state.entities.count - 1)
        for a in rest.attrs {
            let (k, e) = a.key
            if scanner.matches(k, e, CanonicalScanner.kindKey) {
                inverses.append(state.perform(.setEntityKind(i, a.value)))
            } else if scanner.matches(k, e, CanonicalScanner.parentKey) {
                inverses.append(state.perform(.setEntityParent(i, parent)))
            } else {
                inverses.append(state.perform(.setEntityAttribute(i, word(k, e), a.value)))
            }
        }
        engine.undoStack.push(inverses)
        if !engine.redoStack.isEmpty { engine.redoStack.removeAll() }
        return true
    }

    /// `set REF KEY=VALUE...` from `i` (after `set `), plain keys only.
    private mutating func set(_ i0: Int, _ end: Int, _ time: Timestamp) -> Bool {
        guard let ref = scanner.idWord(i0, end), let rest = scanner.attributes(ref.end, end, tags: false) else { return false }
        let attrs = rest.attrs
        for a in attrs where scanner.isSpecialKey(a.key.start, a.key.end) { return false }
        guard !attrs.isEmpty, let e = entity(ref.start, ref.end, actorOnly: false) else { return false }
        var inverses: [Change] = []
        inverses.reserveCapacity(attrs.count)
        for a in attrs {
            inverses.append(engine.state.perform(.setEntityAttribute(e, word(a.key.start, a.key.end), a.value)))
        }
        engine.undoStack.push(inverses)
        if !engine.redoStack.isEmpty { engine.redoStack.removeAll() }
        return true
    }

    /// What `Engine.execute` does with a one-change transaction.
    private func record(_ inverse: Change) {
        engine.undoStack.push(CollectionOfOne(inverse))
        if !engine.redoStack.isEmpty { engine.redoStack.removeAll() }
    }
}
