extension Queries {
    /// `list [KIND] [#TAG] [KEY=VALUE]`: every filter applies, and a key a kind cannot be listed by
    /// is an error naming the ones it can (entities take any attribute as a key).
    public static func list(_ what: String?, tag: String?, filter: Attribute?, _ s: State, _ o: QueryOptions) throws(SyntaxError) -> String {
        // `kind=` matches nothing, silently: most likely the value was left out.
        if let f = filter, f.value.value.isEmpty {
            throw SyntaxError("'\(f.key.value)=' needs a value to list by, as in \(f.key.value)=VALUE (or \(f.key.value)=\"…\")",
                              f.key.range.lowerBound..<f.value.range.upperBound)
        }
        switch what ?? "entities" {
        case "stances": return try listStances(tag: tag, filter: filter, s, o)
        case "links": return try listLinks(tag: tag, filter: filter, s, o)
        case "notes": return try listNotes(tag: tag, filter: filter, s, o)
        default: return listEntities(what, tag: tag, filter: filter, s, o)
        }
    }

    static func listEntities(_ kind: String?, tag: String?, filter: Attribute?, _ s: State, _ o: QueryOptions) -> String {
        var hits: [Int32] = []
        for (i, e) in s.entities.enumerated() where !e.removed {
            if kind == "actors" && !e.isActor || kind == "concerns" && e.isActor { continue }
            if let tag, !e.tags.contains(tag) { continue }
            if let f = filter {
                let v: String?
                switch f.key.value {
                case "kind": v = e.kind
                case "name": v = e.name
                case "parent": v = e.parent.map { s.entities[Int($0)].id }
                default: v = e.attribute(f.key.value)
                }
                if v != f.value.value { continue }
            }
            hits.append(Int32(i))
        }
        if o.json { return jsonArray(hits) { i, w in JSONExport.entity(s.entities[Int(i)], s, into: &w) } }
        var t = TextTable()
        for i in hits {
            let e = s.entities[Int(i)]
            let kindText = e.isActor ? (e.kind ?? "actor") : "concern" + (e.parent.map { " < " + s.entities[Int($0)].id } ?? "")
            t.add([e.id, kindText, e.name + (e.tags.isEmpty ? "" : "  " + e.tags.map { "#" + $0 }.joined(separator: " "))])
        }
        return t.render(width: o.width)
    }

    /// The filter's key checked against `keys`: an error naming them when it is not one.
    static func key(_ filter: Attribute?, _ what: String, _ keys: [String]) throws(SyntaxError) -> String? {
        guard let f = filter else { return nil }
        guard keys.contains(f.key.value) else {
            let names = keys.map { $0 + "=" }
            throw SyntaxError("\(what) are listed by \(names.dropLast().joined(separator: ", ")) or \(names.last!), and #TAG", f.key.range)
        }
        return f.key.value
    }

    /// Whether `text` holds `folded` (already folded), ignoring case and accents.
    static func holds(_ text: String?, _ folded: String) -> Bool {
        guard let text else { return false }
        return Fold.key(text).contains(folded)
    }

    static func listStances(tag: String?, filter: Attribute?, _ s: State, _ o: QueryOptions) throws(SyntaxError) -> String {
        let k = try key(filter, "stances", ["holder", "target", "by", "position", "text"])
        var entity: Int32?
        var position: Position?
        let folded = filter.map { Fold.key($0.value.value) } ?? ""
        if let f = filter {
            switch f.key.value {
            case "holder", "target", "by": entity = try s.resolve(f.value)
            case "position":
                guard let p = Position(word: f.value.value) else { throw SyntaxError(Position.notOne(f.value.value), f.value.range) }
                position = p
            default: break
            }
        }
        var hits: [Int32] = []
        for (i, st) in s.stances.enumerated() where !st.removed {
            if let tag, !st.tags.contains(tag) { continue }
            switch k {
            case "holder": if st.holder != entity { continue }
            case "target": if st.target != entity { continue }
            case "by": if st.by != entity { continue }
            case "position": if st.position != position { continue }
            case "text": if !holds(s.text(of: st), folded) { continue }
            default: break
            }
            hits.append(Int32(i))
        }
        // In time order, as they were said (a backfill or a recalled statement in its place).
        hits = Analysis.timeOrdered(hits, s)
        if o.json { return jsonArray(hits) { i, w in stanceJSON(i, s, &w) } }
        var t = TextTable()
        let dated = Analysis.spansDays(hits.map { s.stances[Int($0)].at })
        for i in hits {
            let st = s.stances[Int(i)]
            t.add(["s\(i + 1)", Analysis.when(st.at, dated: dated), s.entities[Int(st.holder)].id, st.position.sign,
                   s.entities[Int(st.target)].id, (st.by.map { "(by \(s.entities[Int($0)].id)) " } ?? "") + (s.text(of: st) ?? "")])
        }
        return t.render(width: o.width)
    }

    static func listLinks(tag: String?, filter: Attribute?, _ s: State, _ o: QueryOptions) throws(SyntaxError) -> String {
        let k = try key(filter, "links", ["from", "to", "relation", "text"])
        let entity = k == "from" || k == "to" ? try s.resolve(filter!.value) : nil
        let value = filter?.value.value ?? ""
        let folded = Fold.key(value)
        var hits: [Int32] = []
        for (i, l) in s.links.enumerated() where !l.removed {
            if let tag, !l.tags.contains(tag) { continue }
            switch k {
            case "from": if l.from != entity { continue }
            case "to": if l.to != entity { continue }
            case "relation": if l.relation != value { continue }
            case "text": if !holds(l.text, folded) { continue }
            default: break
            }
            hits.append(Int32(i))
        }
        if o.json { return jsonArray(hits) { i, w in JSONExport.link(i, s, into: &w) } }
        var t = TextTable()
        for i in hits {
            let l = s.links[Int(i)]
            t.add(["l\(i + 1)", s.entities[Int(l.from)].id, l.relation, s.entities[Int(l.to)].id, l.text ?? ""])
        }
        return t.render(width: o.width)
    }

    static func listNotes(tag: String?, filter: Attribute?, _ s: State, _ o: QueryOptions) throws(SyntaxError) -> String {
        let k = try key(filter, "notes", ["on", "text"])
        let entity = k == "on" ? try s.resolve(filter!.value) : nil
        let folded = Fold.key(filter?.value.value ?? "")
        var hits: [Int32] = []
        for (i, n) in s.notes.enumerated() where !n.removed {
            if let tag, !n.tags.contains(tag) { continue }
            switch k {
            case "on": if n.on != entity { continue }
            case "text": if !holds(n.text, folded) { continue }
            default: break
            }
            hits.append(Int32(i))
        }
        if o.json { return jsonArray(hits) { i, w in JSONExport.note(i, s, into: &w) } }
        var t = TextTable()
        for i in hits {
            let n = s.notes[Int(i)]
            t.add(["n\(i + 1)", n.at.clock, n.on.map { s.entities[Int($0)].id } ?? "-", n.text])
        }
        return t.render(width: o.width)
    }

    /// A JSON array of `items`, one written by `write` each.
    static func jsonArray(_ items: [Int32], _ write: (Int32, inout JSONWriter) -> Void) -> String {
        var w = JSONWriter()
        w.beginArray()
        for i in items { write(i, &w) }
        w.endArray()
        return w.out + "\n"
    }
}
