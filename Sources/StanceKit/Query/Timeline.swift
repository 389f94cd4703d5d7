/// `timeline [REF]`: what happened in time order: actors and concerns introduced, speaker turns,
/// stances, links and notes. With REF, the entries that involve it. Entries made at the same
/// instant keep the order: introductions, turns, stances, links, notes.
struct Timeline {
    enum Kind: Int, Comparable {
        case entity, turn, stance, link, note
        static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    struct Entry {
        var at: Timestamp
        var kind: Kind
        var index: Int32
    }

    var entries: [Entry] = []

    init(_ s: State, about ref: Int32?) {
        func involves(_ xs: Int32?...) -> Bool { ref == nil || xs.contains(ref) }
        for (i, e) in s.entities.enumerated() where !e.removed && involves(Int32(i), e.parent) {
            entries.append(Entry(at: e.created, kind: .entity, index: Int32(i)))
        }
        var previous: Int32?? = .none
        for (i, t) in s.turns.enumerated() {
            defer { previous = .some(t.speaker) }
            if case .some(let p) = previous, p == t.speaker { continue }
            if let sp = t.speaker, s.entities[Int(sp)].removed { continue }
            if ref == nil || t.speaker == ref { entries.append(Entry(at: t.at, kind: .turn, index: Int32(i))) }
        }
        for (i, st) in s.stances.enumerated() where Analysis.isLive(Int32(i), s) && involves(st.holder, st.target, st.by) {
            entries.append(Entry(at: st.at, kind: .stance, index: Int32(i)))
        }
        for (i, l) in s.links.enumerated() where !l.removed && involves(l.from, l.to) {
            if s.entities[Int(l.from)].removed || s.entities[Int(l.to)].removed { continue }
            entries.append(Entry(at: l.at, kind: .link, index: Int32(i)))
        }
        for (i, n) in s.notes.enumerated() where !n.removed {
            if let on = n.on, s.entities[Int(on)].removed { continue }
            if ref != nil && n.on != ref { continue }
            entries.append(Entry(at: n.at, kind: .note, index: Int32(i)))
        }
        entries.sort { a, b in
            if a.at != b.at { return a.at < b.at }
            return a.kind == b.kind ? a.index < b.index : a.kind < b.kind
        }
    }

    func render(_ s: State, _ o: QueryOptions) -> String {
        if o.json { return json(s) }
        guard !entries.isEmpty else { return "nothing yet\n" }
        let dated = Analysis.spansDays(entries.map(\.at))
        var t = TextTable()
        for e in entries {
            let when = Analysis.when(e.at, dated: dated)
            switch e.kind {
            case .entity:
                let x = s.entities[Int(e.index)]
                var name = x.name
                if let k = x.kind { name += " (\(k))" }
                if let p = x.parent { name += " (part of \(Analysis.id(p, s)))" }
                t.add([when, x.typeWord, x.id, name])
            case .turn:
                let sp = s.turns[Int(e.index)].speaker
                t.add([when, "speaker", sp.map { Analysis.id($0, s) } ?? "-", sp.map { s.entities[Int($0)].name } ?? "(nobody)"])
            case .stance:
                let st = s.stances[Int(e.index)]
                var text = s.text(of: st) ?? ""
                if let by = st.by { text = "(by \(Analysis.id(by, s))) " + text }
                t.add([when, "s\(e.index + 1)", "\(Analysis.id(st.holder, s)) \(st.position.word) \(Analysis.id(st.target, s))", text])
            case .link:
                let l = s.links[Int(e.index)]
                t.add([when, "l\(e.index + 1)", "\(Analysis.id(l.from, s)) \(l.relation) \(Analysis.id(l.to, s))", l.text ?? ""])
            case .note:
                let n = s.notes[Int(e.index)]
                t.add([when, "n\(e.index + 1)", n.on.map { "note on " + Analysis.id($0, s) } ?? "note", n.text])
            }
        }
        return t.render(width: o.width)
    }

    func json(_ s: State) -> String {
        var w = JSONWriter()
        w.beginArray()
        for e in entries {
            switch e.kind {
            case .entity:
                let x = s.entities[Int(e.index)]
                w.beginObject()
                w.field("at", x.created.rfc3339)
                w.field("type", x.typeWord)
                w.field("id", x.id)
                w.field("name", x.name)
                if x.isActor { w.field("kind", x.kind) } else { w.field("parent", x.parent.map { Analysis.id($0, s) }) }
                w.endObject()
            case .turn:
                let turn = s.turns[Int(e.index)]
                w.beginObject()
                w.field("at", turn.at.rfc3339)
                w.field("type", "speaker")
                w.field("speaker", turn.speaker.map { Analysis.id($0, s) })
                w.endObject()
            case .stance:
                let st = s.stances[Int(e.index)]
                w.beginObject()
                w.field("at", st.at.rfc3339)
                w.field("type", "stance")
                w.field("id", "s\(e.index + 1)")
                w.field("holder", Analysis.id(st.holder, s))
                w.field("position", st.position.word)
                w.field("target", Analysis.id(st.target, s))
                w.field("text", s.text(of: st))
                w.field("by", st.by.map { Analysis.id($0, s) })
                w.endObject()
            case .link:
                let l = s.links[Int(e.index)]
                w.beginObject()
                w.field("at", l.at.rfc3339)
                w.field("type", "link")
                w.field("id", "l\(e.index + 1)")
                w.field("from", Analysis.id(l.from, s))
                w.field("relation", l.relation)
                w.field("to", Analysis.id(l.to, s))
                w.field("text", l.text)
                w.endObject()
            case .note:
                let n = s.notes[Int(e.index)]
                w.beginObject()
                w.field("at", n.at.rfc3339)
                w.field("type", "note")
                w.field("id", "n\(e.index + 1)")
                w.field("on", n.on.map { Analysis.id($0, s) })
                w.field("text", n.text)
                w.endObject()
            }
        }
        w.endArray()
        return w.out + "\n"
    }
}
