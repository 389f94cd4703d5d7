/// The sections of the report after the actors: problems raised, where people stand, agreements,
/// conflicts, shifts, links, notes and the matrix. Each is left out when it would be empty.
struct ReportSections {
    let report: MarkdownReport
    var s: State { report.s }

    func all() -> String {
        raised() + standing() + agreements() + conflicts() + shifts() + links() + notes() + matrix()
    }

    /// Concerns someone raised (at any time), with who raised them, when, and what they said.
    func raised() -> String {
        var order: [Int32] = [], by: [Int32: [Int32]] = [:]
        for i in report.stances where s.stances[Int(i)].position == .raises {
            let t = s.stances[Int(i)].target
            if by[t] == nil { order.append(t) }
            by[t, default: []].append(i)
        }
        guard !order.isEmpty else { return "" }
        // `raises` flags a problem that matters; its target may be an actor (MINUSMA, the armed groups).
        var out = "## Problems raised\n\n"
        for t in order {
            let list = by[t] ?? []
            var holders: [String] = []
            for i in list where !holders.contains(report.name(s.stances[Int(i)].holder)) { holders.append(report.name(s.stances[Int(i)].holder)) }
            out += "- **\(report.name(t))**, raised by \(MarkdownReport.list(holders))\n"
            for i in list {
                let st = s.stances[Int(i)]
                var line = "  - \(report.when(st.at)) — \(report.name(st.holder))\(report.quote(s.text(of: st)))"
                if let b = st.by, b != st.holder { line += " *(reported by \(report.name(b)))*" }
                out += line + "\n"
            }
        }
        return out + "\n"
    }

    /// Per target, the current positions held on it, grouped by position.
    func standing() -> String {
        let current = Analysis.currentStances(s)
        guard !current.isEmpty else { return "" }
        var order: [Int32] = [], on: [Int32: [Int32]] = [:]
        for i in current {
            let t = s.stances[Int(i)].target
            if on[t] == nil { order.append(t) }
            on[t, default: []].append(i)
        }
        order.sort()
        var out = "## Where people stand\n\n"
        let words: [(Position, String)] = [(.supports, "for"), (.opposes, "against"), (.mixed, "mixed"),
                                           (.neutral, "neutral"), (.raises, "raised it")]
        for t in order {
            let list = on[t] ?? []
            var parts: [String] = []
            for (p, w) in words {
                let names = list.filter { s.stances[Int($0)].position == p }.map { report.name(s.stances[Int($0)].holder) }
                if !names.isEmpty { parts.append("\(w): \(names.joined(separator: ", "))") }
            }
            var title = "**\(report.name(t))**"
            if let p = s.entities[Int(t)].parent, !s.entities[Int(p)].removed { title += " (part of \(report.name(p)))" }
            out += "- \(title) — \(parts.joined(separator: "; "))\n"
        }
        return out + "\n"
    }

    /// Targets where two or more holders hold the same current position, and the pairs of actors
    /// who share the most positions (DNA's congruence).
    func agreements() -> String {
        var order: [UInt64] = [], groups: [UInt64: [Int32]] = [:]
        for i in Analysis.currentStances(s) {
            let st = s.stances[Int(i)]
            let k = UInt64(UInt32(bitPattern: st.target)) << 8 | UInt64(st.position.rawValue)
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(st.holder)
        }
        let shared = order.filter { (groups[$0]?.count ?? 0) > 1 }
        guard !shared.isEmpty else { return "" }
        var out = "## Agreements\n\n"
        for k in shared {
            let holders = groups[k] ?? []
            let target = Int32(bitPattern: UInt32(truncatingIfNeeded: k >> 8))
            let p = Position(rawValue: UInt8(k & 0xFF)) ?? .neutral
            let both = holders.count == 2 ? "both " : "all "
            out += "- \(MarkdownReport.list(holders.map(report.name))) \(both)\(MarkdownReport.verb(p, plural: true)) **\(report.name(target))**\n"
        }
        let pairs = Analysis.actorPairs(s).congruence.filter { $0.value > 1 }
            .sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }
        if !pairs.isEmpty {
            out += "\nMost aligned:\n\n"
            for (k, n) in pairs.prefix(10) {
                let (a, b) = Analysis.unpair(k)
                out += "- \(report.name(a)) and \(report.name(b)): \(n) shared positions\n"
            }
        }
        return out + "\n"
    }

    /// Targets with holders for and against; partial conflicts (for or against, and mixed); and
    /// actors opposing actors.
    func conflicts() -> String {
        let c = Conflicts(s, about: nil)
        guard !c.isEmpty else { return "" }
        var out = "## Conflicts\n\n"
        func grouped(_ pairs: [(Int32, Int32)]) -> (order: [Int32], one: [Int32: [Int32]], other: [Int32: [Int32]]) {
            var order: [Int32] = [], one: [Int32: [Int32]] = [:], other: [Int32: [Int32]] = [:]
            for (x, y) in pairs {
                let t = s.stances[Int(x)].target
                if one[t] == nil && other[t] == nil { order.append(t) }
                let h = s.stances[Int(x)].holder, g = s.stances[Int(y)].holder
                if !(one[t] ?? []).contains(h) { one[t, default: []].append(h) }
                if !(other[t] ?? []).contains(g) { other[t, default: []].append(g) }
            }
            return (order, one, other)
        }
        let full = grouped(c.pairs)
        for t in full.order {
            out += "- **\(report.name(t))** — for: \((full.one[t] ?? []).map(report.name).joined(separator: ", "));"
                + " against: \((full.other[t] ?? []).map(report.name).joined(separator: ", "))\n"
        }
        let part = grouped(c.partial)
        for t in part.order {
            let sides = (part.one[t] ?? []).map { h in
                let p = s.stances[Int(s.currentStance(holder: h, target: t)!)].position
                return "\(report.name(h)) (\(p == .supports ? "for" : "against"))"
            }
            out += "- **\(report.name(t))**, partly — \(sides.joined(separator: ", ")); mixed: \((part.other[t] ?? []).map(report.name).joined(separator: ", "))\n"
        }
        for a in c.actors {
            out += "- \(report.name(a.from)) opposes **\(report.name(a.to))**\n"
        }
        return out + "\n"
    }

    func shifts() -> String {
        let list = Shifts(s, about: nil).list
        guard !list.isEmpty else { return "" }
        var out = "## Shifts\n\n"
        for (x, y) in list {
            let a = s.stances[Int(x)], b = s.stances[Int(y)]
            var line = "- \(report.when(b.at)) — \(report.name(b.holder)) on **\(report.name(b.target))**: "
                + "\(a.position.word) (\(report.when(a.at))) → \(b.position.word)\(report.quote(s.text(of: b)))"
            if let by = b.by, by != b.holder { line += " *(reported by \(report.name(by)))*" }
            out += line + "\n"
        }
        return out + "\n"
    }

    func links() -> String {
        let live = s.links.indices.filter { i in
            let l = s.links[i]
            return !l.removed && !s.entities[Int(l.from)].removed && !s.entities[Int(l.to)].removed
        }
        guard !live.isEmpty else { return "" }
        var out = "## Relations\n\n"
        for i in live {
            let l = s.links[i]
            out += "- \(report.name(l.from)) *\(MarkdownReport.md(l.relation))* \(report.name(l.to))\(report.quote(l.text))\n"
        }
        return out + "\n"
    }

    /// Notes on the session and on concerns (notes on actors are in their sections).
    func notes() -> String {
        let list = s.notes.indices.filter { i in
            let n = s.notes[i]
            guard !n.removed else { return false }
            guard let on = n.on else { return true }
            return !s.entities[Int(on)].removed && !s.entities[Int(on)].isActor
        }.sorted { s.notes[$0].at == s.notes[$1].at ? $0 < $1 : s.notes[$0].at < s.notes[$1].at }
        guard !list.isEmpty else { return "" }
        var out = "## Notes\n\n"
        for i in list {
            let n = s.notes[i]
            out += "- \(report.when(n.at)) — \(n.on.map { "on **\(report.name($0))**: " } ?? "")\(MarkdownReport.md(n.text))\n"
        }
        return out + "\n"
    }

    func matrix() -> String {
        let m = Matrix(s, tag: nil)
        guard !m.entries.isEmpty else { return "" }
        // The query's hint about --json and #TAG means nothing in a document.
        let text = m.text(s, width: 80, hint: false)
        return "## Matrix\n\nCurrent positions, holders by targets.\n\n```text\n" + text + "```\n"
    }
}

