extension Engine {
    /// Applies one change command inside the transaction under way; returns its canonical form
    /// (without the time) and its answer line, or two empty strings when `describe` is false and
    /// the command is one a journal is mostly made of.
    func change(_ command: Command, at time: Timestamp, exact: Bool, base: String,
                describe: Bool) throws(SyntaxError) -> (canonical: String, answer: String) {
        switch command {
        case .actor(let id, let name, let attrs, let tags):
            return try create(.actor, id: id, name: name, attrs: attrs, tags: tags, at: time, exact: exact, describe: describe)
        case .concern(let id, let name, let attrs, let tags):
            return try create(.concern, id: id, name: name, attrs: attrs, tags: tags, at: time, exact: exact, describe: describe)

        case .stance(let holderRef, let position, let targetRef, let text, let byRef, let tags):
            if let holderRef, Engine.hasComma(holderRef.value) {
                return try jointStance(holderRef, position: position, target: targetRef, text: text, by: byRef, tags: tags,
                                       at: time, exact: exact, describe: describe)
            }
            let record = try stanceRecord(holder: holderRef, position: position, target: targetRef, text: text,
                                          by: byRef, tags: tags, at: time, exact: exact)
            let prior = describe ? state.currentStance(holder: record.holder, target: record.target) : nil
            state.append(record)
            guard describe else { return ("", "") }
            let holder = record.holder, target = record.target, by = record.by, tagList = record.tags
            let n = state.stances.count
            let h = state.entities[Int(holder)].id, t = state.entities[Int(target)].id
            var canonical = "stance \(h) \(position.value.word) \(t)"
            if let text { canonical += " " + Canonical.quote(text.value) }
            if let by { canonical += " by=\(state.entities[Int(by)].id)" }
            for tag in tagList { canonical += " #" + tag }
            var answer = "stance s\(n): \(h) \(position.value.word) \(t)"
            if let by { answer += " (by \(state.entities[Int(by)].id))" }
            // The stance that was current before this one, if this one replaced it.
            if let prior, state.currentStance(holder: holder, target: target) == Int32(n - 1),
               case let prev = state.stances[Int(prior)].position, prev != position.value {
                answer += ", shifted from \(prev.word)"
            }
            return (canonical, answer)

        case .link(let fromRef, let relation, let toRef, let text):
            let record = try linkRecord(from: fromRef, relation: relation, to: toRef, text: text, at: time, exact: exact)
            state.perform(.appendLink(Box(record)))
            guard describe else { return ("", "") }
            let from = record.from, to = record.to, rel = record.relation
            let f = state.entities[Int(from)].id, t = state.entities[Int(to)].id
            var canonical = "link \(f) \(rel) \(t)"
            if let text { canonical += " " + Canonical.quote(text.value) }
            return (canonical, "link l\(state.links.count): \(f) \(rel) \(t)")

        case .note(let onRef, let text):
            let on = try onRef.map { r throws(SyntaxError) in try state.resolve(r, .any, exactOnly: exact) }
            state.perform(.appendNote(Box(Note(on: on, text: text.value, at: time))))
            guard describe else { return ("", "") }
            let onID = on.map { state.entities[Int($0)].id }
            var canonical = "note"
            if let onID { canonical += " " + onID }
            canonical += " " + Canonical.quote(text.value)
            return (canonical, "note n\(state.notes.count)" + (onID.map { " on \($0)" } ?? ""))

        case .event(let title, let attrs):
            var ev = state.event
            if let title { ev.title = title.value }
            ev.offset = time.offset
            var canonical = "event"
            if let title { canonical += " " + Canonical.quote(title.value) }
            var seen = Set<String>()
            for a in attrs {
                let k = a.key.value
                guard Canonical.isKey(k) else { throw SyntaxError("'\(k)' is not a key: letters, digits, '_', '-', '.'", a.key.range) }
                guard seen.insert(k).inserted else { throw SyntaxError("'\(k)' is given twice", a.key.range) }
                if k == "date" && Timestamp.parse(a.value.value + "T00:00:00Z") == nil {
                    throw SyntaxError("a date is YYYY-MM-DD: '\(Display.escapeControls(a.value.value))'", a.value.range)
                }
                if k == "tz" && Engine.offset(a.value.value) == nil {
                    throw SyntaxError("tz= is a UTC offset, as in tz=-05:00 or tz=UTC: '\(Display.escapeControls(a.value.value))'", a.value.range)
                }
                if let i = ev.attributes.firstIndex(where: { $0.key == k }) { ev.attributes[i].value = a.value.value } else {
                    let at = ev.attributes.firstIndex(where: { $0.key > k }) ?? ev.attributes.endIndex
                    ev.attributes.insert((k, a.value.value), at: at)
                }
                canonical += " " + Canonical.attribute(k, a.value.value)
            }
            state.perform(.setEvent(Box(ev)))
            var answer = "event: " + Display.escapeControls(ev.title ?? "(untitled)")
            if let d = ev.attribute("date") { answer += ", " + d }
            if let l = ev.attribute("location") { answer += ", " + Display.escapeControls(l) }
            return (canonical, answer)

        case .set(let ref, let attrs):
            if Identifier.isReserved(Array(ref.value.utf8)) { return try setStance(ref, attrs, exact: exact) }
            let i = try lookup(ref, .any, exact: exact)
            try setAttributes(i, attrs, exact: exact)
            guard describe else { return ("", "") }
            let id = state.entities[Int(i)].id
            var canonical = "set \(id)"
            for a in attrs {
                let k = a.key.value
                canonical += " " + Canonical.attribute(k, k == "parent" ? (state.entities[Int(i)].parent.map { state.entities[Int($0)].id } ?? "") : a.value.value)
            }
            return (canonical, "set \(id): " + Display.escapeControls(String(canonical.dropFirst(5 + id.utf8.count))))

        case .unset(let ref, let keys):
            let i = try state.resolve(ref, .any, exactOnly: exact)
            let e = state.entities[Int(i)]
            for k in keys {
                switch k.value {
                case "name": throw SyntaxError("every entity has a name: use set to change it", k.range)
                case "kind":
                    guard e.isActor, e.kind != nil else { throw SyntaxError("'\(e.id)' has no kind", k.range) }
                    state.perform(.setEntityKind(i, nil))
                case "parent":
                    guard e.parent != nil else { throw SyntaxError("'\(e.id)' has no parent", k.range) }
                    state.perform(.setEntityParent(i, nil))
                default:
                    guard state.entities[Int(i)].attribute(k.value) != nil else {
                        throw SyntaxError("'\(e.id)' has no '\(Display.escapeControls(k.value))'", k.range)
                    }
                    state.perform(.setEntityAttribute(i, k.value, nil))
                }
            }
            let ks = keys.map(\.value).joined(separator: " ")
            return ("unset \(e.id) \(ks)", "unset \(e.id): \(Display.escapeControls(ks))")

        case .tag(let ref, let tags), .untag(let ref, let tags):
            let adding: Bool
            if case .tag = command { adding = true } else { adding = false }
            // A stance, link or note by its id (s1, l2, n3), else an entity.
            let name: String
            var list: [String]
            let change: ([String]) -> Change
            if let (kind, idx) = try liveRecord(ref) {
                name = ref.value
                switch kind {
                case 115: list = state.stances[Int(idx)].tags; change = { .setStanceTags(idx, $0) }
                case 108: list = state.links[Int(idx)].tags; change = { .setLinkTags(idx, $0) }
                default: list = state.notes[Int(idx)].tags; change = { .setNoteTags(idx, $0) }
                }
            } else {
                let i = try state.resolve(ref, .any, exactOnly: exact)
                name = state.entities[Int(i)].id
                list = state.entities[Int(i)].tags
                change = { .setEntityTags(i, $0) }
            }
            let given = try checkTags(tags)
            for (t, syntax) in zip(given, tags) {
                if adding {
                    guard !list.contains(t) else { throw SyntaxError("'\(name)' is already tagged #\(t)", syntax.range) }
                    list.append(t)
                } else {
                    guard let at = list.firstIndex(of: t) else { throw SyntaxError("'\(name)' is not tagged #\(t)", syntax.range) }
                    list.remove(at: at)
                }
            }
            state.perform(change(list))
            let word = adding ? "tag" : "untag"
            let ts = given.map { "#" + $0 }.joined(separator: " ")
            return ("\(word) \(name) \(ts)", "\(word) \(name): \(Display.escapeControls(ts))")

        case .rename(let ref, let newID):
            let i = try state.resolve(ref, .any, exactOnly: exact)
            let old = state.entities[Int(i)].id
            if let p = Identifier.problem(with: newID.value) { throw SyntaxError(p, newID.range) }
            if let other = state.entity(id: newID.value) {
                throw SyntaxError(other == i ? "'\(old)' has that id already" : "the id '\(newID.value)' is taken by \(state.entities[Int(other)].typeWord) '\(newID.value)'", newID.range)
            }
            state.perform(.setEntityID(i, newID.value))
            return ("rename \(old) \(newID.value)", "rename \(old): now \(newID.value)")

        case .remove(let ref):
            return try remove(ref, at: time, exact: exact)

        case .include(let path):
            return try include(path, base: base)

        case .speaker(let ref):
            let who = try ref.map { r throws(SyntaxError) in try state.resolve(r, .actor, exactOnly: exact) }
            state.perform(.appendTurn(Turn(at: time, speaker: who)))
            let id = who.map { state.entities[Int($0)].id }
            return ("speaker \(id ?? "-")", "speaker: \(id ?? "none")")

        default:
            throw SyntaxError("'\(command.word)' changes nothing", 0..<1)
        }
    }

    /// Whether a holder names several (`a,b,c`), read in one pass over the bytes.
    static func hasComma(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { $0.contains(44) }
    }

    /// `a,b,c + target: text`: one stance each holder, in one transaction (one undo step), written
    /// as one canonical line with the holders comma-separated; one `by=` stands for all, as the
    /// holder who is the reporter reports nobody.
    func jointStance(_ holders: Ref, position: Syntax<Position>, target: Ref, text: Syntax<String>?, by: Ref?,
                     tags: [Syntax<String>], at time: Timestamp, exact: Bool, describe: Bool) throws(SyntaxError) -> (canonical: String, answer: String) {
        var refs: [Ref] = []
        var start = holders.range.lowerBound
        for part in holders.value.split(separator: ",", omittingEmptySubsequences: false) {
            let n = part.utf8.count
            guard n > 0 else { throw SyntaxError("a holder is missing between the commas", start..<start + 1) }
            refs.append(Ref(String(part), start..<start + n))
            start += n + 1
        }
        var first = state.stances.count
        var ids: [String] = []
        var seen = Set<Int32>()
        var reporter: Int32?
        for r in refs {
            let record = try stanceRecord(holder: r, position: position, target: target, text: text, by: by, tags: tags,
                                          at: time, exact: exact)
            guard seen.insert(record.holder).inserted else { throw SyntaxError("'\(state.entities[Int(record.holder)].id)' is named twice", r.range) }
            if record.by != nil { reporter = record.by }
            if ids.isEmpty { first = state.stances.count }
            state.append(record)
            ids.append(state.entities[Int(record.holder)].id)
        }
        guard describe else { return ("", "") }
        let t = state.entities[Int(state.stances[first].target)].id
        let w = position.value.word
        var canonical = "stance \(ids.joined(separator: ",")) \(w) \(t)"
        if let text, !text.value.isEmpty { canonical += " " + Canonical.quote(text.value) }
        if let reporter { canonical += " by=\(state.entities[Int(reporter)].id)" }
        for tag in state.stances[first].tags { canonical += " #" + tag }
        let plural: String
        switch position.value {
        case .supports: plural = "support"
        case .opposes: plural = "oppose"
        case .raises: plural = "raise"
        default: plural = w
        }
        var answer = "stance s\(first + 1)-s\(state.stances.count): \(ids.joined(separator: ", ")) \(plural) \(t)"
        if let reporter { answer += " (by \(state.entities[Int(reporter)].id))" }
        return (canonical, answer)
    }

    /// `set sN text=… at=… position=…`: corrects a stance; it stays where it is (its id, holder,
    /// target), and becomes or stops being current by its new time and position.
    func setStance(_ ref: Ref, _ attrs: [Attribute], exact: Bool) throws(SyntaxError) -> (canonical: String, answer: String) {
        guard let (kind, i) = state.record(ref.value), kind == 115 else {
            if ref.value.hasPrefix("s") { throw SyntaxError("there is no stance \(ref.value)", ref.range) }
            throw SyntaxError("set corrects a stance (sN); a link or a note is removed and made again", ref.range)
        }
        let st = state.stances[Int(i)]
        guard !st.removed else { throw SyntaxError("stance \(ref.value) is removed", ref.range) }
        var f = StanceFields(text: st.text, at: st.at, position: st.position)
        var canonical = "set \(ref.value)"
        for (n, a) in attrs.enumerated() {
            for b in attrs[..<n] where b.key.value == a.key.value { throw SyntaxError("'\(a.key.value)' is given twice", a.key.range) }
            let v = a.value.value
            switch a.key.value {
            case "text":
                f.text = v.isEmpty ? nil : v
                canonical += " text=" + Canonical.quote(v)
            case "at":
                let b = Array(v.utf8)
                let spec = try Parser.time(a.value.range, b[...])
                if exact, case .absolute = spec.value {} else if exact {
                    throw SyntaxError("at= in a journal is a time with its offset", a.value.range)
                }
                f.at = try resolveTime(spec)
                canonical += " at=" + f.at.rfc3339
            case "position":
                guard let p = Position(word: v) else {
                    throw SyntaxError(Position.notOne(v), a.value.range)
                }
                f.position = p
                canonical += " position=" + p.word
            default:
                throw SyntaxError("a stance takes text=, at= or position=; '\(Display.escapeControls(a.key.value))' is for entities", a.key.range)
            }
        }
        state.perform(.setStanceFields(i, Box(f)))
        return (canonical, "set \(ref.value): " + String(canonical.dropFirst(5 + ref.value.utf8.count)))
    }

    /// A stance command resolved and checked: the record to append.
    func stanceRecord(holder holderRef: Ref?, position: Syntax<Position>, target targetRef: Ref, text: Syntax<String>?,
                      by byRef: Ref?, tags: [Syntax<String>], at time: Timestamp, exact: Bool) throws(SyntaxError) -> Stance {
        let holder: Int32
        if let holderRef {
            holder = try lookup(holderRef, .actor, exact: exact)
        } else if let s = speaker {
            holder = s
        } else {
            throw SyntaxError("no speaker: name the holder, or set one with 'speaker ACTOR'", position.range)
        }
        let target = try lookup(targetRef, .any, exact: exact)
        if target == holder { throw SyntaxError("a holder takes no position on itself", targetRef.range) }
        var by: Int32?
        if let byRef {
            by = byRef.value == "-" ? nil : try lookup(byRef, .actor, exact: exact)
        } else if !exact, let s = speaker, s != holder {
            by = s
        }
        if by == holder { by = nil }
        let tagList = tags.isEmpty ? [] : try checkTags(tags)
        let stored = text.flatMap { $0.value.isEmpty ? nil : $0.value }
        return Stance(holder: holder, position: position.value, target: target, text: stored, by: by, at: time, tags: tagList)
    }

    /// A link command resolved and checked: the record to append.
    func linkRecord(from fromRef: Ref, relation: Syntax<String>, to toRef: Ref, text: Syntax<String>?,
                    at time: Timestamp, exact: Bool) throws(SyntaxError) -> Link {
        let from = try lookup(fromRef, .any, exact: exact)
        let to = try lookup(toRef, .any, exact: exact)
        let rel = relation.value.lowercased()
        guard Canonical.isKey(rel), rel.utf8.first.map({ $0 >= 97 && $0 <= 122 }) == true else {
            throw SyntaxError("a relation is a word of letters, digits and '-': member-of, part-of, funds, …", relation.range)
        }
        if from == to { throw SyntaxError("a link joins two different entities", toRef.range) }
        return Link(from: from, relation: rel, to: to, text: text?.value, at: time)
    }

    /// `set`'s attributes, each key once (a linear scan: a set names a few keys).
    func setAttributes(_ i: Int32, _ attrs: [Attribute], exact: Bool) throws(SyntaxError) {
        for (n, a) in attrs.enumerated() {
            for b in attrs[..<n] where b.key.value == a.key.value {
                throw SyntaxError("'\(a.key.value)' is given twice", a.key.range)
            }
            try setAttribute(i, a, exact: exact)
        }
    }

    func checkTags(_ tags: [Syntax<String>]) throws(SyntaxError) -> [String] {
        var out: [String] = []
        for t in tags {
            guard !out.contains(t.value) else { throw SyntaxError("#\(t.value) is given twice", t.range) }
            out.append(t.value)
        }
        return out
    }

    func create(_ type: Entity.Kind, id idSyntax: Syntax<String>?, name: Syntax<String>, attrs: [Attribute],
                tags: [Syntax<String>], at time: Timestamp, exact: Bool, describe: Bool) throws(SyntaxError) -> (canonical: String, answer: String) {
        let id: String
        if let idSyntax {
            if let p = Identifier.problem(with: idSyntax.value) { throw SyntaxError(p, idSyntax.range) }
            id = idSyntax.value
        } else {
            id = Identifier.make(from: name.value)
            if id.isEmpty {
                let how = "give one, as in \(type == .actor ? "actor" : "concern") ID \"NAME\""
                if let script = Transliteration.untabledScript(in: name.value) {
                    throw SyntaxError("no id can be made from a name in \(script) script (ids are Latin letters; Cyrillic and Greek are transliterated, other scripts are not): \(how)", name.range)
                }
                throw SyntaxError("no id can be made from this name: \(how)", name.range)
            }
            if let p = Identifier.problem(with: id) { throw SyntaxError(p + "; give an id", name.range) }
        }
        if let other = state.entity(id: id) {
            let e = state.entities[Int(other)]
            throw SyntaxError("the id '\(id)' is taken by \(e.typeWord) '\(id)' (\(Display.escapeControls(e.name))); give another id, or use set to change it",
                              idSyntax?.range ?? name.range)
        }
        let tagList = try checkTags(tags)
        state.perform(.appendEntity(Box(Entity(id: id, name: name.value, type: type, tags: tagList, created: time))))
        let i = Int32(state.entities.count - 1)
        for (n, a) in attrs.enumerated() {
            if attrs[..<n].contains(where: { $0.key.value == a.key.value }) { throw SyntaxError("'\(a.key.value)' is given twice", a.key.range) }
            if a.key.value == "name" { throw SyntaxError("the name is given already", a.key.range) }
            try setAttribute(i, a, exact: exact)
        }
        guard describe else { return ("", "") }
        var canonical = "\(type == .actor ? "actor" : "concern") \(id) \(Canonical.quote(name.value))"
        for a in attrs {
            let v = a.key.value == "parent" ? state.entities[Int(state.entities[Int(i)].parent!)].id : a.value.value
            canonical += " " + Canonical.attribute(a.key.value, v)
        }
        for t in tagList { canonical += " #" + t }
        var answer = "\(type == .actor ? "actor" : "concern") \(id): \(Display.escapeControls(name.value))"
        if let k = state.entities[Int(i)].kind { answer += " (\(Display.escapeControls(k)))" }
        return (canonical, answer)
    }

    /// Sets `name=`, `kind=`, `parent=` or an attribute on an entity.
    func setAttribute(_ i: Int32, _ a: Attribute, exact: Bool) throws(SyntaxError) {
        let e = state.entities[Int(i)]
        let k = a.key.value, v = a.value.value
        guard Canonical.isKey(k) else { throw SyntaxError("'\(Display.escapeControls(k))' is not a key: letters, digits, '_', '-', '.'", a.key.range) }
        switch k {
        case "name":
            guard !v.isEmpty else { throw SyntaxError("a name cannot be empty", a.value.range) }
            state.perform(.setEntityName(i, v))
        case "kind":
            guard e.isActor else { throw SyntaxError("a concern has no kind; an actor's kind is person, org, state, group, …", a.key.range) }
            guard !v.isEmpty else { throw SyntaxError("a kind cannot be empty: unset it instead", a.value.range) }
            state.perform(.setEntityKind(i, v))
        case "parent":
            guard !e.isActor else { throw SyntaxError("an actor has no parent: link it, as in link A member-of B", a.key.range) }
            let p = try state.resolve(Ref(v, a.value.range), .concern, exactOnly: exact)
            var cur: Int32? = p
            while let c = cur {
                if c == i { throw SyntaxError("a concern cannot be its own ancestor", a.value.range) }
                cur = state.entities[Int(c)].parent
            }
            state.perform(.setEntityParent(i, p))
        case "id":
            throw SyntaxError("ids change with 'rename REF NEW-ID'", a.key.range)
        case "by", "holder", "target":
            throw SyntaxError("'\(k)' is not an attribute of an entity", a.key.range)
        default:
            state.perform(.setEntityAttribute(i, k, v))
        }
    }

    /// The stance, link or note `ref` names by its id (`s1`, `l2`, `n3`), or nil when `ref` is not
    /// such an id; one that is not there, or is removed, is an error.
    func liveRecord(_ ref: Ref) throws(SyntaxError) -> (kind: UInt8, index: Int32)? {
        guard Identifier.isReserved(Array(ref.value.utf8)) else { return nil }
        guard let (kind, idx) = state.record(ref.value) else { throw SyntaxError("there is no \(ref.value)", ref.range) }
        let removed = kind == 115 ? state.stances[Int(idx)].removed : kind == 108 ? state.links[Int(idx)].removed : state.notes[Int(idx)].removed
        if removed { throw SyntaxError("\(ref.value) is removed", ref.range) }
        return (kind, idx)
    }

    func remove(_ ref: Ref, at time: Timestamp, exact: Bool) throws(SyntaxError) -> (String, String) {
        if let (kind, idx) = state.record(ref.value) {
            switch kind {
            case 115:
                guard !state.stances[Int(idx)].removed else { throw SyntaxError("stance \(ref.value) is removed already", ref.range) }
                state.perform(.setStanceRemoved(idx, true))
            case 108:
                guard !state.links[Int(idx)].removed else { throw SyntaxError("link \(ref.value) is removed already", ref.range) }
                state.perform(.setLinkRemoved(idx, true))
            default:
                guard !state.notes[Int(idx)].removed else { throw SyntaxError("note \(ref.value) is removed already", ref.range) }
                state.perform(.setNoteRemoved(idx, true))
            }
            return ("remove \(ref.value)", "remove \(ref.value)")
        }
        if Identifier.isReserved(Array(ref.value.utf8)) {
            throw SyntaxError("there is no \(["s": "stance", "l": "link", "n": "note"][String(ref.value.prefix(1))]!) \(ref.value)", ref.range)
        }
        let i = try state.resolve(ref, .any, exactOnly: exact)
        var stances = Set<Int32>()
        for s in state.stances(heldBy: i) + state.stances(on: i) + state.stances(reportedBy: i) where !state.stances[Int(s)].removed {
            stances.insert(s)
        }
        for s in stances.sorted() { state.perform(.setStanceRemoved(s, true)) }
        var links = 0
        for l in state.links(of: i) where !state.links[Int(l)].removed {
            state.perform(.setLinkRemoved(l, true))
            links += 1
        }
        var notes = 0
        for n in state.notes(on: i) where !state.notes[Int(n)].removed {
            state.perform(.setNoteRemoved(n, true))
            notes += 1
        }
        var children = 0
        for (c, e) in state.entities.enumerated() where !e.removed && e.parent == i {
            state.perform(.setEntityParent(Int32(c), nil))
            children += 1
        }
        state.perform(.setEntityRemoved(i, true))
        if speaker == i { state.perform(.appendTurn(Turn(at: time, speaker: nil))) }
        let id = state.entities[Int(i)].id
        var parts = [Display.plural(stances.count, "stance"), Display.plural(links, "link"), Display.plural(notes, "note")]
        if children > 0 { parts.append(Display.plural(children, "child concern") + " unparented") }
        return ("remove \(id)", "remove \(id): with " + parts.joined(separator: ", "))
    }
}
