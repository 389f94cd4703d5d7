extension Queries {
    /// `find TEXT`: the stances, links and notes whose text, or the name of an entity they name
    /// (holder, target, by; from, to; on), holds TEXT, ignoring case and accents; in that order.
    public static func find(_ text: String, _ s: State, _ o: QueryOptions) -> String {
        let needle = Fold.key(text)
        var named: [Bool?] = Array(repeating: nil, count: s.entities.count)
        func names(_ e: Int32?) -> Bool {
            guard let e else { return false }
            if let known = named[Int(e)] { return known }
            let hit = holds(s.entities[Int(e)].name, needle)
            named[Int(e)] = hit
            return hit
        }
        let stances = s.stances.indices.filter { i in
            let st = s.stances[i]
            return !st.removed && (holds(s.text(of: st), needle) || names(st.holder) || names(st.target) || names(st.by))
        }.map(Int32.init)
        let links = s.links.indices.filter { i in
            let l = s.links[i]
            return !l.removed && (holds(l.text, needle) || names(l.from) || names(l.to))
        }.map(Int32.init)
        let notes = s.notes.indices.filter { i in
            let n = s.notes[i]
            return !n.removed && (holds(n.text, needle) || names(n.on))
        }.map(Int32.init)
        if o.json {
            var w = JSONWriter()
            w.beginObject()
            w.key("stances"); w.beginArray(); for i in stances { stanceJSON(i, s, &w) }; w.endArray()
            w.key("links"); w.beginArray(); for i in links { JSONExport.link(i, s, into: &w) }; w.endArray()
            w.key("notes"); w.beginArray(); for i in notes { JSONExport.note(i, s, into: &w) }; w.endArray()
            w.endObject()
            return w.out + "\n"
        }
        if stances.isEmpty && links.isEmpty && notes.isEmpty { return "nothing holds '\(Display.escapeControls(text))'\n" }
        var t = TextTable()
        for i in stances {
            let st = s.stances[Int(i)]
            t.add(["s\(i + 1)", st.at.clock, "\(s.entities[Int(st.holder)].id) \(st.position.word) \(s.entities[Int(st.target)].id)",
                   (st.by.map { "(by \(s.entities[Int($0)].id)) " } ?? "") + (s.text(of: st) ?? "")])
        }
        for i in links {
            let l = s.links[Int(i)]
            t.add(["l\(i + 1)", l.at.clock, "\(s.entities[Int(l.from)].id) \(l.relation) \(s.entities[Int(l.to)].id)", l.text ?? ""])
        }
        for i in notes {
            let n = s.notes[Int(i)]
            t.add(["n\(i + 1)", n.at.clock, n.on.map { "note on " + s.entities[Int($0)].id } ?? "note", n.text])
        }
        return t.render(width: o.width)
    }
}
