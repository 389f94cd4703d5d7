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
    /// The chunk of the journal being replayed (`JournalReader` sets it for each).
    var bytes: UnsafeBufferPointer<UInt8>
    /// Ids seen → entity, an open-addressing table keyed by a hash of the id's bytes (see `entity`).
    var slots = [Slot](repeating: Slot(), count: 1024)
    var used = 0
    /// The bytes of the ids in `slots`, one after another: comparing against these, not against
    /// where the id was first seen in the file, keeps a lookup in cache at a million entries.
    var idBytes: [UInt8] = []
    /// Hash of a tag's, key's or relation's bytes → its string, so that the few distinct words of
    /// a journal are made once.
    var words: [(UInt64, String)] = []
    /// The last time read: its first 10 bytes (the date), last 6 (the offset), and its instant
    /// less the time of day. Lines of one day differ in HH:MM:SS only.
    var dayKey: (date: UInt64, date2: UInt16, offset: UInt64) = (0, 0, 0)
    var dayBase: Int64 = 0
    var dayOffset: Int32 = 0

    init(engine: Engine, bytes: UnsafeBufferPointer<UInt8>) {
        self.engine = engine
        self.bytes = bytes
    }

    // MARK: Lines

    /// Applies the line `bytes[start..<end]` (no line break) if it is one of the canonical lines
    /// above and applies without an error; otherwise changes nothing and returns false.
    mutating func apply(_ start: Int, _ end: Int) -> Bool {
        guard start < end, bytes[start] == 64 else { return false }
        var i = start + 1
        // A journal's own times are 25 bytes with a `T`; `time` then accepts no space inside.
        if start + 26 < end && bytes[start + 26] == 32 && bytes[start + 11] == 84 {
            i = start + 26
        } else {
            while i < end && bytes[i] != 32 { i += 1 }
        }
        // `@HH:MM` is 5 or 8 bytes and never parses as RFC 3339: only absolute times get here.
        guard i < end, let time = time(start + 1, i) else { return false }
        i += 1
        let w = i
        while i < end && bytes[i] >= 97 && bytes[i] <= 122 { i += 1 }
        guard i < end, bytes[i] == 32 else { return false }
        let done: Bool
        switch (i - w, packed(w, i)) {
        case (6, 0x7374_616e_6365): done = stance(i + 1, end, time) // stance
        case (4, 0x6c69_6e6b): done = link(i + 1, end, time) // link
        case (3, 0x73_6574): done = set(i + 1, end, time) // set
        case (5, 0x61_6374_6f72): done = create(.actor, i + 1, end, time) // actor
        case (7, 0x63_6f6e_6365_726e): done = create(.concern, i + 1, end, time) // concern
        default: done = false
        }
        if done { engine.lastTime = time }
        return done
    }

    /// `stance HOLDER POSITION TARGET ["TEXT"] [by=ACTOR] [#TAG]...` from `i` (after `stance `).
    private mutating func stance(_ i0: Int, _ end: Int, _ time: Timestamp) -> Bool {
        guard let h = idWord(i0, end), h.end < end, position(h.start, h.end) == nil,
              let position = position(h.end + 1, (h.end + 1..<end).first { bytes[$0] == 32 } ?? end)
        else { return false }
        let pEnd = h.end + 1 + position.length
        guard pEnd < end, bytes[pEnd] == 32, let t = idWord(pEnd + 1, end) else { return false }
        var i = t.end
        var text: (range: Range<Int>, escaped: [UInt8]?, end: Int)?
        var by: (start: Int, end: Int)?
        var tags: [(start: Int, end: Int)] = []
        while i < end {
            guard bytes[i] == 32 else { return false }
            i += 1
            guard i < end else { break }
            let c = bytes[i]
            if c == 34 {
                guard text == nil, let q = quoted(i, end) else { return false }
                text = q
                i = q.end
            } else if c == 98, end - i > 3, bytes[i + 1] == 121, bytes[i + 2] == 61 { // by=
                guard by == nil, let b = idWord(i + 3, end) else { return false }
                by = (b.start, b.end)
                i = b.end
            } else if c == 35 {
                guard let next = tag(i, end, into: &tags) else { return false }
                i = next
            } else {
                return false
            }
        }
        guard let holder = entity(h.start, h.end, actorOnly: true), let target = entity(t.start, t.end, actorOnly: false),
              target != holder else { return false }
        var reporter: Int32?
        if let by {
            guard let b = entity(by.start, by.end, actorOnly: true) else { return false }
            reporter = b == holder ? nil : b
        }
        var tagList: [String] = []
        if !tags.isEmpty {
            tagList.reserveCapacity(tags.count)
            for x in tags { tagList.append(word(x.start, x.end)) }
        }
        let inverse = engine.state.performAppendStance(Stance(holder: holder, position: position.value, target: target,
                                                              text: store(text), by: reporter, at: time, tags: tagList))
        record(inverse)
        return true
    }

    /// `link FROM RELATION TO ["TEXT"]` from `i` (after `link `).
    private mutating func link(_ i0: Int, _ end: Int, _ time: Timestamp) -> Bool {
        guard let f = idWord(i0, end), f.end < end else { return false }
        var i = f.end + 1
        let r = i
        guard i < end, bytes[i] >= 97 && bytes[i] <= 122 else { return false }
        while i < end && isKeyByte(bytes[i]) { i += 1 }
        guard i < end, bytes[i] == 32, let t = idWord(i + 1, end) else { return false }
        let rEnd = i
        var text: String?
        i = t.end
        if i < end {
            guard bytes[i] == 32, i + 1 < end, bytes[i + 1] == 34, let s = string(i + 1, end), s.end == end else { return false }
            text = s.value
        }
        guard let from = entity(f.start, f.end, actorOnly: false), let to = entity(t.start, t.end, actorOnly: false), from != to
        else { return false }
        let inverse = engine.state.perform(.appendLink(Box(Link(from: from, relation: word(r, rEnd), to: to, text: text, at: time))))
        record(inverse)
        return true
    }

    /// A `#TAG` at `i` (its `#`), followed by a space or the end of the line, not in `tags`
    /// yet: adds it and returns where it ends; nil otherwise.
    func tag(_ i: Int, _ end: Int, into tags: inout [(start: Int, end: Int)]) -> Int? {
        let s = i + 1
        var k = s
        while k < end && isTagByte(bytes[k]) { k += 1 }
        guard k > s, k == end || bytes[k] == 32 else { return nil }
        for x in tags where x.end - x.start == k - s && same(x.start, s, k - s) { return nil }
        tags.append((s, k))
        return k
    }

    typealias Attr = (key: (start: Int, end: Int), value: String, valueStart: Int)

    /// ` KEY=VALUE` pairs (each key once, a plain or quoted value) and, with `tags`, ` #TAG`s
    /// (each once), from `i` to the end of the line; nil on anything else.
    func attributes(_ i0: Int, _ end: Int, tags allowTags: Bool) -> (attrs: [Attr], tags: [(start: Int, end: Int)])? {
        var attrs: [Attr] = []
        var tags: [(start: Int, end: Int)] = []
        var i = i0
        while i < end {
            guard bytes[i] == 32, i + 1 < end else { return nil }
            i += 1
            if allowTags && bytes[i] == 35 {
                guard let next = tag(i, end, into: &tags) else { return nil }
                i = next
                continue
            }
            let k = i
            guard isKeyByte(bytes[i]), bytes[i] != 45, bytes[i] != 46 else { return nil }
            while i < end && isKeyByte(bytes[i]) { i += 1 }
            guard i + 1 < end, bytes[i] == 61 else { return nil }
            for a in attrs where a.key.end - a.key.start == i - k && same(a.key.start, k, i - k) { return nil }
            let key = (k, i)
            i += 1
            if bytes[i] == 34 {
                guard let s = string(i, end) else { return nil }
                attrs.append((key, s.value, -1))
                i = s.end
            } else {
                let v = i
                while i < end && isValueByte(bytes[i]) { i += 1 }
                guard i > v, i == end || bytes[i] == 32 else { return nil }
                attrs.append((key, String(decoding: bytes[v..<i], as: UTF8.self), v))
            }
        }
        return (attrs, tags)
    }

    /// `actor ID "NAME" [KEY=VALUE]... [#TAG]...` or the same with `concern`, from `i` (after the
    /// command word): what `Engine.create` does, minus the canonical line and the answer.
    /// `kind=` on an actor and `parent=ID` (an existing concern) on a concern are taken; any other
    /// special key, and every error, goes to the general path.
    private mutating func create(_ type: Entity.Kind, _ i0: Int, _ end: Int, _ time: Timestamp) -> Bool {
        guard let idw = idWord(i0, end), idw.end + 1 < end, bytes[idw.end + 1] == 34,
              let name = string(idw.end + 1, end), !name.value.isEmpty,
              let rest = attributes(name.end, end, tags: true) else { return false }
        let id = String(decoding: bytes[idw.start..<idw.end], as: UTF8.self)
        let state = engine.state
        guard Identifier.problem(with: id) == nil, state.entity(id: id) == nil else { return false }
        var parent: Int32?
        for a in rest.attrs {
            let (k, e) = a.key
            if matches(k, e, CanonicalReplay.kindKey) {
                guard type == .actor, !a.value.isEmpty else { return false }
            } else if matches(k, e, CanonicalReplay.parentKey) {
                guard type == .concern, a.valueStart >= 0,
                      let p = entity(a.valueStart, a.valueStart + a.value.utf8.count, actorOnly: false),
                      state.entities[Int(p)].type == .concern else { return false }
                parent = p
            } else if isSpecialKey(k, e) {
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
            if matches(k, e, CanonicalReplay.kindKey) {
                inverses.append(state.perform(.setEntityKind(i, a.value)))
            } else if matches(k, e, CanonicalReplay.parentKey) {
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
        guard let ref = idWord(i0, end), let rest = attributes(ref.end, end, tags: false) else { return false }
        let attrs = rest.attrs
        for a in attrs where isSpecialKey(a.key.start, a.key.end) { return false }
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
