/// The stable JSON document of SPEC section 5, for `export json` and jq users.
public enum JSONExport {
    public static func document(_ s: State) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("event")
        event(s.event, into: &w)
        w.key("actors")
        w.beginArray()
        for e in s.entities where !e.removed && e.isActor { entity(e, s, into: &w) }
        w.endArray()
        w.key("concerns")
        w.beginArray()
        for e in s.entities where !e.removed && !e.isActor { entity(e, s, into: &w) }
        w.endArray()
        w.key("stances")
        w.beginArray()
        for i in s.stances.indices where !s.stances[i].removed { stance(Int32(i), s, into: &w) }
        w.endArray()
        w.key("links")
        w.beginArray()
        for i in s.links.indices where !s.links[i].removed { link(Int32(i), s, into: &w) }
        w.endArray()
        w.key("notes")
        w.beginArray()
        for i in s.notes.indices where !s.notes[i].removed { note(Int32(i), s, into: &w) }
        w.endArray()
        w.endObject()
        return w.out + "\n"
    }

    public static func event(_ ev: Event, into w: inout JSONWriter) {
        w.beginObject()
        w.field("title", ev.title)
        w.object("attributes", ev.attributes)
        w.endObject()
    }

    public static func entity(_ e: Entity, _ s: State, into w: inout JSONWriter) {
        w.beginObject()
        w.field("id", e.id)
        w.field("name", e.name)
        if e.isActor {
            w.field("kind", e.kind)
        } else {
            w.field("parent", e.parent.map { s.entities[Int($0)].id })
        }
        w.object("attributes", e.attributes)
        w.stringArray("tags", e.tags)
        w.endObject()
    }

    public static func stance(_ i: Int32, _ s: State, into w: inout JSONWriter) {
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
        w.endObject()
    }

    public static func link(_ i: Int32, _ s: State, into w: inout JSONWriter) {
        let l = s.links[Int(i)]
        w.beginObject()
        w.field("id", "l\(i + 1)")
        w.field("from", s.entities[Int(l.from)].id)
        w.field("relation", l.relation)
        w.field("to", s.entities[Int(l.to)].id)
        w.field("text", l.text)
        w.field("at", l.at.rfc3339)
        w.endObject()
    }

    public static func note(_ i: Int32, _ s: State, into w: inout JSONWriter) {
        let n = s.notes[Int(i)]
        w.beginObject()
        w.field("id", "n\(i + 1)")
        w.field("on", n.on.map { s.entities[Int($0)].id })
        w.field("text", n.text)
        w.field("at", n.at.rfc3339)
        w.endObject()
    }
}
