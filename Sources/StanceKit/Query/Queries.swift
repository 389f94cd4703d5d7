/// show, list, who: what a note-taker asks during the event.
public enum Queries {
    static func clockOrDate(_ t: Timestamp) -> String { t.date + " " + t.clock }

    static func describe(_ st: Stance, _ s: State) -> String {
        var d = "\(s.entities[Int(st.holder)].id) \(st.position.word) \(s.entities[Int(st.target)].id)"
        if let b = st.by { d += " (by \(s.entities[Int(b)].id))" }
        return d
    }

    public static func show(_ i: Int32, _ s: State, _ o: QueryOptions) -> String {
        let e = s.entities[Int(i)]
        let held = s.stances(heldBy: i).filter { !s.stances[Int($0)].removed }
        let on = s.stances(on: i).filter { !s.stances[Int($0)].removed }
        let links = s.links(of: i).filter { !s.links[Int($0)].removed }
        let notes = s.notes(on: i).filter { !s.notes[Int($0)].removed }
        if o.json {
            var w = JSONWriter()
            w.beginObject()
            w.field("type", e.typeWord)
            w.field("id", e.id)
            w.field("name", e.name)
            if e.isActor { w.field("kind", e.kind) } else { w.field("parent", e.parent.map { s.entities[Int($0)].id }) }
            w.object("attributes", e.attributes)
            w.stringArray("tags", e.tags)
            w.key("stances")
            w.beginArray()
            for x in held { stanceJSON(x, s, &w) }
            w.endArray()
            w.key("stancesOn")
            w.beginArray()
            for x in on { stanceJSON(x, s, &w) }
            w.endArray()
            w.key("links")
            w.beginArray()
            for x in links { JSONExport.link(x, s, into: &w) }
            w.endArray()
            w.key("notes")
            w.beginArray()
            for x in notes { JSONExport.note(x, s, into: &w) }
            w.endArray()
            w.endObject()
            return w.out + "\n"
        }
        var out = "\(e.typeWord) \(e.id): \(Display.escapeControls(e.name))"
        if let k = e.kind { out += " (\(Display.escapeControls(k)))" }
        if let p = e.parent { out += ", part of \(s.entities[Int(p)].id)" }
        out += "\n"
        for a in e.attributes { out += "  \(a.key): \(Display.escapeControls(a.value))\n" }
        if !e.tags.isEmpty { out += "  tags: " + e.tags.map { "#" + Display.escapeControls($0) }.joined(separator: " ") + "\n" }
        // From the state's children index, not a scan of every entity.
        let children = s.subConcerns(of: i).filter { !s.entities[Int($0)].removed }
        if !children.isEmpty { out += "  sub-concerns: " + children.map { s.entities[Int($0)].id }.joined(separator: ", ") + "\n" }
        out += stanceSection("positions", held, s, o, showHolder: false)
        out += stanceSection("positions on it", on, s, o, showHolder: true)
        if !links.isEmpty {
            out += "links:\n"
            var t = TextTable()
            for x in links {
                let l = s.links[Int(x)]
                t.add(["l\(x + 1)", "\(s.entities[Int(l.from)].id) \(l.relation) \(s.entities[Int(l.to)].id)", l.text ?? ""])
            }
            out += t.render(width: o.width, indent: "  ")
        }
        if !notes.isEmpty {
            out += "notes:\n"
            var t = TextTable()
            for x in notes { t.add(["n\(x + 1)", s.notes[Int(x)].at.clock, s.notes[Int(x)].text]) }
            out += t.render(width: o.width, indent: "  ")
        }
        return out
    }

    /// Current stances first, earlier ones (superseded) after, marked.
    static func stanceSection(_ title: String, _ list: [Int32], _ s: State, _ o: QueryOptions, showHolder: Bool) -> String {
        guard !list.isEmpty else { return "" }
        var t = TextTable()
        let current = list.filter { s.isCurrent($0) }
        let earlier = list.filter { !s.isCurrent($0) }
        for x in current + earlier {
            let st = s.stances[Int(x)]
            let who = showHolder ? s.entities[Int(st.holder)].id : s.entities[Int(st.target)].id
            var text = s.text(of: st) ?? ""
            if let b = st.by { text = "(by \(s.entities[Int(b)].id)) " + text }
            t.add(["s\(x + 1)", st.at.clock, s.isCurrent(x) ? st.position.word : "(was) " + st.position.word, who, text])
        }
        return "\(title):\n" + t.render(width: o.width, indent: "  ")
    }

    static func stanceJSON(_ i: Int32, _ s: State, _ w: inout JSONWriter) {
        let st = s.stances[Int(i)]
        w.beginObject()
        w.field("id", "s\(i + 1)")
        w.field("holder", s.entities[Int(st.holder)].id)
        w.field("position", st.position.word)
        w.field("target", s.entities[Int(st.target)].id)
        w.field("text", s.text(of: st))
        w.field("by", st.by.map { s.entities[Int($0)].id })
        w.field("at", st.at.rfc3339)
        w.stringArray("tags", st.tags)
        w.key("current")
        w.bool(s.isCurrent(i))
        w.endObject()
    }

    public static func showStance(_ i: Int32, _ s: State, _ o: QueryOptions) -> String {
        if o.json { var w = JSONWriter(); stanceJSON(i, s, &w); return w.out + "\n" }
        let st = s.stances[Int(i)]
        var out = "stance s\(i + 1): \(describe(st, s))\(s.isCurrent(i) ? "" : " (superseded)")\n"
        out += "  at: \(st.at.rfc3339)\n"
        if let t = s.text(of: st) { out += "  text: \(Display.escapeControls(t))\n" }
        out += tagLine(st.tags)
        return out
    }

    /// `  tags: #a #b` under a record, or nothing.
    static func tagLine(_ tags: [String]) -> String {
        tags.isEmpty ? "" : "  tags: " + tags.map { "#" + Display.escapeControls($0) }.joined(separator: " ") + "\n"
    }

    public static func showLink(_ i: Int32, _ s: State, _ o: QueryOptions) -> String {
        if o.json { var w = JSONWriter(); JSONExport.link(i, s, into: &w); return w.out + "\n" }
        let l = s.links[Int(i)]
        var out = "link l\(i + 1): \(s.entities[Int(l.from)].id) \(l.relation) \(s.entities[Int(l.to)].id)\n  at: \(l.at.rfc3339)\n"
        if let t = l.text { out += "  text: \(Display.escapeControls(t))\n" }
        out += tagLine(l.tags)
        return out
    }

    public static func showNote(_ i: Int32, _ s: State, _ o: QueryOptions) -> String {
        if o.json { var w = JSONWriter(); JSONExport.note(i, s, into: &w); return w.out + "\n" }
        let n = s.notes[Int(i)]
        var out = "note n\(i + 1)" + (n.on.map { " on \(s.entities[Int($0)].id)" } ?? "") + "\n  at: \(n.at.rfc3339)\n"
        out += "  text: \(Display.escapeControls(n.text))\n"
        out += tagLine(n.tags)
        return out
    }

    /// Holders whose current stance on the target is the position.
    public static func who(_ p: Position, _ target: Int32, _ s: State, _ o: QueryOptions) -> String {
        var hits: [Int32] = []
        for i in s.stances(on: target) where s.stances[Int(i)].position == p && s.isCurrent(i) { hits.append(i) }
        if o.json {
            var w = JSONWriter()
            w.beginArray()
            for i in hits { stanceJSON(i, s, &w) }
            w.endArray()
            return w.out + "\n"
        }
        if hits.isEmpty { return "nobody \(p.word) \(s.entities[Int(target)].id)\n" }
        var t = TextTable()
        for i in hits {
            let st = s.stances[Int(i)]
            let h = s.entities[Int(st.holder)]
            t.add([h.id, h.name, "s\(i + 1)", st.at.clock, s.text(of: st) ?? ""])
        }
        return t.render(width: o.width)
    }
}
