/// `conflicts [REF]`: the disagreements among current positions. Opposite ones: supports against
/// opposes on one target. Partial ones: supports or opposes against mixed on one target. And an
/// actor opposing another actor: an `opposes` stance whose target is an actor, or an `opposes`
/// link. With REF, those on REF and those REF takes part in.
struct Conflicts {
    /// (supporting stance, opposing stance), by target in entity order, then in the order made.
    var pairs: [(Int32, Int32)] = []
    /// (supporting or opposing stance, mixed stance), likewise.
    var partial: [(Int32, Int32)] = []
    /// An actor opposing an actor: the stance or the link that says so.
    var actors: [(from: Int32, to: Int32, record: String)] = []
    let about: Int32?

    static let maxLines = 500

    init(_ s: State, about ref: Int32?) {
        about = ref
        var targets: [Int32]
        if let ref {
            targets = [ref]
            for i in Analysis.currentStances(heldBy: ref, s) where s.stances[Int(i)].position != .neutral {
                targets.append(s.stances[Int(i)].target)
            }
            targets = Array(Set(targets)).sorted()
        } else {
            var seen = Set<Int32>()
            for i in Analysis.currentStances(s) {
                let p = s.stances[Int(i)].position
                if p == .supports || p == .opposes || p == .mixed { seen.insert(s.stances[Int(i)].target) }
            }
            targets = seen.sorted()
        }
        for t in targets {
            var pro: [Int32] = [], con: [Int32] = [], mixed: [Int32] = []
            for i in s.stances(on: t) where Analysis.isLive(i, s) && s.isCurrent(i) {
                switch s.stances[Int(i)].position {
                case .supports: pro.append(i)
                case .opposes: con.append(i)
                case .mixed: mixed.append(i)
                default: break
                }
            }
            func involved(_ x: Int32, _ y: Int32) -> Bool {
                guard let ref, t != ref else { return true }
                return s.stances[Int(x)].holder == ref || s.stances[Int(y)].holder == ref
            }
            for x in pro { for y in con where involved(x, y) { pairs.append((x, y)) } }
            for x in pro + con { for y in mixed where involved(x, y) { partial.append((x, y)) } }
        }
        // Actors opposing actors: current opposes stances on an actor, and opposes links.
        for i in Analysis.currentStances(s) {
            let st = s.stances[Int(i)]
            guard st.position == .opposes, s.entities[Int(st.target)].isActor else { continue }
            if let ref, st.holder != ref, st.target != ref { continue }
            actors.append((st.holder, st.target, "s\(i + 1)"))
        }
        for (n, l) in s.links.enumerated() where !l.removed && l.relation == "opposes" {
            guard !s.isRemoved(entity: l.from), !s.isRemoved(entity: l.to),
                  s.entities[Int(l.from)].isActor, s.entities[Int(l.to)].isActor else { continue }
            if let ref, l.from != ref, l.to != ref { continue }
            actors.append((l.from, l.to, "l\(n + 1)"))
        }
    }

    var isEmpty: Bool { pairs.isEmpty && partial.isEmpty && actors.isEmpty }

    func render(_ s: State, _ o: QueryOptions) -> String {
        if o.json {
            var w = JSONWriter()
            w.beginArray()
            for (x, y) in pairs {
                w.beginObject()
                w.field("kind", "opposite")
                w.field("target", Analysis.id(s.stances[Int(x)].target, s))
                w.field("supports", Analysis.id(s.stances[Int(x)].holder, s))
                w.field("opposes", Analysis.id(s.stances[Int(y)].holder, s))
                w.stringArray("stances", ["s\(x + 1)", "s\(y + 1)"])
                w.endObject()
            }
            for (x, y) in partial {
                w.beginObject()
                w.field("kind", "partial")
                w.field("target", Analysis.id(s.stances[Int(x)].target, s))
                w.field(s.stances[Int(x)].position.word, Analysis.id(s.stances[Int(x)].holder, s))
                w.field("mixed", Analysis.id(s.stances[Int(y)].holder, s))
                w.stringArray("stances", ["s\(x + 1)", "s\(y + 1)"])
                w.endObject()
            }
            for a in actors {
                w.beginObject()
                w.field("kind", "actor")
                w.field("holder", Analysis.id(a.from, s))
                w.field("opposes", Analysis.id(a.to, s))
                w.field("record", a.record)
                w.endObject()
            }
            w.endArray()
            return w.out + "\n"
        }
        guard !isEmpty else {
            return about.map { "no conflicts involving \(Analysis.id($0, s))\n" } ?? "no conflicts\n"
        }
        var out = ""
        /// A titled table of the first `maxLines` of `count` rows.
        func section<T>(_ title: String, _ header: [String], _ items: [T], _ row: (T) -> [String]) {
            guard !items.isEmpty else { return }
            out += title + "\n"
            var t = TextTable()
            t.add(header)
            for item in items.prefix(Conflicts.maxLines) { t.add(row(item)) }
            out += t.render(width: o.width, indent: "  ")
            if items.count > Conflicts.maxLines { out += "  … and \(items.count - Conflicts.maxLines) more; --json has them all\n" }
        }
        let targets = Set(pairs.map { s.stances[Int($0.0)].target }).count
        section("\(Display.plural(pairs.count, "conflict")) on \(Display.plural(targets, "target")): supports against opposes",
                ["target", "supports", "opposes", ""], pairs) { x, y in
            let target = s.stances[Int(x)].target
            return [Analysis.id(target, s), Analysis.id(s.stances[Int(x)].holder, s), Analysis.id(s.stances[Int(y)].holder, s),
                    s.entities[Int(target)].name]
        }
        section("\(Display.plural(partial.count, "partial conflict")): supports or opposes against mixed",
                ["target", "holder", "position", "mixed", ""], partial) { x, y in
            let st = s.stances[Int(x)]
            return [Analysis.id(st.target, s), Analysis.id(st.holder, s), st.position.word, Analysis.id(s.stances[Int(y)].holder, s),
                    s.entities[Int(st.target)].name]
        }
        section(Display.plural(actors.count, "actor opposing an actor", "actors opposing an actor"),
                ["actor", "opposes", "by"], actors) { a in [Analysis.id(a.from, s), Analysis.id(a.to, s), a.record] }
        return out
    }
}
