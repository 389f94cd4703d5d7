/// `report` and `export md`: the session as panel notes in Markdown. The event and a summary
/// (notes, the most discussed concerns, camps, the sharpest conflicts); each speaker with
/// their attributes, their positions and texts in time order and what they reported of others;
/// the other actors; the problems raised (concerns or actors) and by whom; where people stand; agreements; conflicts;
/// shifts; links; notes; and the matrix.
struct MarkdownReport {
    let s: State
    /// Live stances in time order.
    let stances: [Int32]
    let dated: Bool
    /// Speakers in the order they first spoke.
    let speakers: [Int32]

    init(_ s: State) {
        self.s = s
        stances = Analysis.timeOrdered((0..<Int32(s.stances.count)).filter { Analysis.isLive($0, s) }, s)
        dated = Analysis.spansDays(stances.map { s.stances[Int($0)].at } + s.turns.map(\.at) + s.notes.filter { !$0.removed }.map(\.at))
        var seen = Set<Int32>(), order: [Int32] = []
        for t in s.turns {
            if let sp = t.speaker, !s.entities[Int(sp)].removed, seen.insert(sp).inserted { order.append(sp) }
        }
        speakers = order
    }

    /// Text made safe for Markdown: no accidental emphasis, links or tables. Control characters
    /// stay themselves (a terminal gets them escaped where the output is printed).
    static func md(_ text: String) -> String {
        var out = ""
        for c in oneLine(text) {
            if "\\`*_[]<>|".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// Line breaks as spaces, for one-line Markdown items.
    static func oneLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        return String(text.map { $0.isNewline ? " " : $0 })
    }

    func name(_ e: Int32) -> String { MarkdownReport.md(s.entities[Int(e)].name) }

    /// Whether a holder's name takes a plural verb ("The Malian parties oppose"): an attribute
    /// `grammar=plural|singular` decides; otherwise a group whose name ends in a plural -s.
    func isPlural(_ e: Int32) -> Bool {
        let entity = s.entities[Int(e)]
        if let g = entity.attribute("grammar") { return g == "plural" }
        guard entity.kind == "group", let last = entity.name.split(separator: " ").last else { return false }
        return last.hasSuffix("s") && !last.hasSuffix("ss") || last.hasSuffix("S")
    }
    func when(_ t: Timestamp) -> String { Analysis.when(t, dated: dated) }
    func quote(_ text: String?) -> String { text.map { ": “\(MarkdownReport.md($0))”" } ?? "" }

    static func verb(_ p: Position, plural: Bool = false) -> String {
        switch p {
        case .supports: plural ? "support" : "supports"
        case .opposes: plural ? "oppose" : "opposes"
        case .mixed: plural ? "are mixed on" : "is mixed on"
        case .neutral: plural ? "are neutral on" : "is neutral on"
        case .raises: plural ? "raise" : "raises"
        }
    }

    static func list(_ names: [String]) -> String {
        switch names.count {
        case 0: return ""
        case 1: return names[0]
        case 2: return names[0] + " and " + names[1]
        default: return names.dropLast().joined(separator: ", ") + " and " + names.last!
        }
    }

    func render() -> String {
        var out = "# \(s.event.title.map(MarkdownReport.md) ?? "Session notes")\n\n"
        out += header()
        if stances.isEmpty && s.liveEntities == 0 && s.notes.allSatisfy(\.removed) { return out + "Nothing recorded yet.\n" }
        out += ReportSummary(report: self).render()
        if !speakers.isEmpty {
            out += "## Speakers\n\n"
            for sp in speakers { out += actorSection(sp, speaker: true) }
        }
        let others = s.entities.indices.map(Int32.init).filter { i in
            s.entities[Int(i)].isActor && !s.entities[Int(i)].removed && !speakers.contains(i)
        }
        let withStances = others.filter { o in s.stances(heldBy: o).contains { Analysis.isLive($0, s) } }
        if !withStances.isEmpty {
            out += speakers.isEmpty ? "## Actors\n\n" : "## Other actors\n\n"
            for a in withStances { out += actorSection(a, speaker: false) }
        }
        let silent = others.filter { !withStances.contains($0) }
        if !silent.isEmpty {
            out += "Also named: " + silent.map { a in name(a) + (s.entities[Int(a)].kind.map { " (\(MarkdownReport.md($0)))" } ?? "") }
                .joined(separator: ", ") + ".\n\n"
        }
        out += ReportSections(report: self).all()
        return out
    }

    /// The event's facts, and a one-line count of what was recorded.
    func header() -> String {
        var out = ""
        if let d = s.event.attribute("date") { out += "- **Date:** \(MarkdownReport.md(d))\n" }
        let times = stances.map { s.stances[Int($0)].at } + s.turns.map(\.at) + s.notes.filter { !$0.removed }.map(\.at)
        if let first = times.min(), let last = times.max() {
            out += "- **Recorded:** \(when(first))–\(when(last))\n"
        }
        if let l = s.event.attribute("location") { out += "- **Place:** \(MarkdownReport.md(l))\n" }
        for a in s.event.attributes where a.key != "date" && a.key != "location" {
            out += "- **\(MarkdownReport.md(a.key.prefix(1).uppercased() + a.key.dropFirst())):** \(MarkdownReport.md(a.value))\n"
        }
        let actors = s.entities.filter { !$0.removed && $0.isActor }.count
        let concerns = s.entities.filter { !$0.removed && !$0.isActor }.count
        let shifts = Shifts(s, about: nil).list.count
        let conflicts = Conflicts(s, about: nil).pairs.count
        out += "- **In these notes:** \(Display.plural(speakers.count, "speaker")), \(Display.plural(actors, "actor")), \(Display.plural(concerns, "concern")), "
            + "\(Display.plural(stances.count, "stance")), \(Display.plural(shifts, "shift")), \(Display.plural(conflicts, "conflict"))\n\n"
        return out
    }

    /// An actor: kind and attributes, positions in time order (superseded ones marked),
    /// what they reported of others, notes on them.
    func actorSection(_ a: Int32, speaker: Bool) -> String {
        let e = s.entities[Int(a)]
        var out = "### \(name(a))\n\n"
        var facts: [String] = []
        if let k = e.kind { facts.append(MarkdownReport.md(k)) }
        let first = ["role", "affiliation"]
        for attr in e.attributes.sorted(by: { (first.firstIndex(of: $0.key) ?? 2, $0.key) < (first.firstIndex(of: $1.key) ?? 2, $1.key) }) {
            facts.append("\(MarkdownReport.md(attr.key)): \(MarkdownReport.md(attr.value))")
        }
        if !e.tags.isEmpty { facts.append(e.tags.map { "#" + MarkdownReport.md($0) }.joined(separator: " ")) }
        if !facts.isEmpty { out += "*" + facts.joined(separator: " · ") + "*\n\n" }
        if speaker {
            // Each turn runs until the next change of speaker.
            var spans: [String] = [], last: Int32?? = .none
            for (k, turn) in s.turns.enumerated() {
                defer { last = .some(turn.speaker) }
                if case .some(let p) = last, p == turn.speaker { continue }
                guard turn.speaker == a else { continue }
                let next = s.turns[(k + 1)...].first { $0.speaker != a }
                spans.append(next.map { "\(when(turn.at))–\(when($0.at))" } ?? "from \(when(turn.at))")
            }
            out += "Spoke \(MarkdownReport.list(spans)).\n\n"
        }
        let own = stances.filter { s.stances[Int($0)].holder == a }
        if !own.isEmpty {
            out += "Positions:\n\n"
            for i in own {
                let st = s.stances[Int(i)]
                var line = "- \(when(st.at)) — \(MarkdownReport.verb(st.position)) **\(name(st.target))**\(quote(s.text(of: st)))"
                if let b = st.by, b != a { line += " *(reported by \(name(b)))*" }
                if !s.isCurrent(i) { line += " *(later changed)*" }
                out += line + "\n"
            }
            out += "\n"
        }
        let reported = stances.filter { s.stances[Int($0)].by == a && s.stances[Int($0)].holder != a }
        if !reported.isEmpty {
            out += "Reported of others:\n\n"
            for i in reported {
                let st = s.stances[Int(i)]
                out += "- \(when(st.at)) — \(name(st.holder)) \(MarkdownReport.verb(st.position, plural: isPlural(st.holder))) **\(name(st.target))**\(quote(s.text(of: st)))\n"
            }
            out += "\n"
        }
        let notes = s.notes(on: a).filter { !s.notes[Int($0)].removed }
        if !notes.isEmpty {
            out += "Notes:\n\n"
            for n in notes { out += "- \(when(s.notes[Int(n)].at)) — \(MarkdownReport.md(s.notes[Int(n)].text))\n" }
            out += "\n"
        }
        return out
    }
}
