/// The report's opening summary: the event in a sentence, the session's notes, the concerns with
/// the most stances, the camps, and the sharpest conflicts.
///
/// Camps: two actors are close when they hold the same current position (supports, opposes or
/// mixed) on at least two targets and opposite positions (supports against opposes) on none; a
/// camp is a group of actors joined by such ties (a connected group), two actors or more.
struct ReportSummary {
    let report: MarkdownReport
    var s: State { report.s }

    static let maxItems = 5

    func render() -> String {
        var lines: [String] = []
        lines.append(event())
        let notes = s.notes.indices.filter { !s.notes[$0].removed && s.notes[$0].on == nil }
            .sorted { s.notes[$0].at == s.notes[$1].at ? $0 < $1 : s.notes[$0].at < s.notes[$1].at }
        if !notes.isEmpty {
            let shown = notes.prefix(ReportSummary.maxItems).map { MarkdownReport.md(s.notes[$0].text) }
            lines.append("**Notes:** " + shown.joined(separator: "; ") + (notes.count > shown.count ? "; …" : ""))
        }
        let top = concerns()
        if !top.isEmpty {
            lines.append("**Most discussed:** " + top.map { "\(report.name($0.entity)) (\(Display.plural($0.count, "stance")))" }.joined(separator: ", "))
        }
        let camps = self.camps()
        if !camps.isEmpty {
            lines.append("**Camps:** " + camps.prefix(ReportSummary.maxItems).map { camp in
                var text = MarkdownReport.list(camp.members.map(report.name))
                if !camp.shared.isEmpty { text += " (" + camp.shared.joined(separator: ", ") + ")" }
                return text
            }.joined(separator: "; "))
        }
        let sharpest = self.sharpest()
        if !sharpest.isEmpty {
            lines.append("**Sharpest conflicts:** " + sharpest.map { p in
                "\(report.name(p.a)) and \(report.name(p.b)), opposed on \(MarkdownReport.list(p.targets.map { "**\(report.name($0))**" }))"
            }.joined(separator: "; "))
        }
        return "## Summary\n\n" + lines.map { "- " + $0 + "\n" }.joined() + "\n"
    }

    /// "Security Council, 2021-01-13, New York: 11 speakers, 61 stances on 20 targets."
    func event() -> String {
        var facts: [String] = []
        if let t = s.event.title { facts.append("**\(MarkdownReport.md(t))**") }
        if let d = s.event.attribute("date") { facts.append(MarkdownReport.md(d)) }
        if let l = s.event.attribute("location") { facts.append(MarkdownReport.md(l)) }
        let targets = Set(report.stances.map { s.stances[Int($0)].target }).count
        let counts = "\(Display.plural(report.speakers.count, "speaker")), \(Display.plural(report.stances.count, "stance")) on \(Display.plural(targets, "target"))"
        return facts.isEmpty ? counts.prefix(1).uppercased() + counts.dropFirst() + "." : facts.joined(separator: ", ") + ": " + counts + "."
    }

    /// The concerns with the most live stances (ties: first made first).
    func concerns() -> [(entity: Int32, count: Int)] {
        var n: [Int32: Int] = [:]
        for i in report.stances where !s.entities[Int(s.stances[Int(i)].target)].isActor { n[s.stances[Int(i)].target, default: 0] += 1 }
        return n.sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }
            .prefix(ReportSummary.maxItems).map { ($0.key, $0.value) }
    }

    /// Current positions of actors on targets, as (holder, target) → position.
    func positions() -> [UInt64: Position] {
        var out: [UInt64: Position] = [:]
        for i in Analysis.currentStances(s) {
            let st = s.stances[Int(i)]
            guard s.entities[Int(st.holder)].isActor, [.supports, .opposes, .mixed].contains(st.position) else { continue }
            out[Analysis.pair(st.holder, st.target)] = st.position
        }
        return out
    }

    /// Camps, largest first, each with the positions most of its members share.
    func camps() -> [(members: [Int32], shared: [String])] {
        let pos = positions()
        var held: [Int32: [(Int32, Position)]] = [:]
        for (k, p) in pos {
            let (h, t) = Analysis.unpair(k)
            held[h, default: []].append((t, p))
        }
        let actors = held.keys.sorted()
        var parent: [Int32: Int32] = [:]
        for a in actors { parent[a] = a }
        func root(_ x: Int32) -> Int32 {
            var x = x
            while parent[x]! != x { x = parent[x]! }
            return x
        }
        for (n, a) in actors.enumerated() {
            for b in actors[(n + 1)...] {
                var same = 0, opposite = false
                for (t, p) in held[a]! {
                    guard let q = pos[Analysis.pair(b, t)] else { continue }
                    if p == q { same += 1 } else if p.isOpposite(of: q) { opposite = true; break }
                }
                if same >= 2 && !opposite { parent[root(b)] = root(a) }
            }
        }
        var groups: [Int32: [Int32]] = [:]
        for a in actors { groups[root(a), default: []].append(a) }
        let camps = groups.values.filter { $0.count > 1 }.map { $0.sorted() }
            .sorted { $0.count == $1.count ? $0[0] < $1[0] : $0.count > $1.count }
        return camps.map { members in
            // The positions held by the most members (two at least), at most three.
            var n: [UInt64: Int] = [:]
            for m in members { for (t, p) in held[m]! { n[UInt64(UInt32(bitPattern: t)) << 8 | UInt64(p.rawValue), default: 0] += 1 } }
            let shared = n.filter { $0.value > 1 }.sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }.prefix(3).map { k, _ in
                let t = Int32(bitPattern: UInt32(truncatingIfNeeded: k >> 8))
                return "\(MarkdownReport.verb(Position(rawValue: UInt8(k & 0xFF)) ?? .neutral, plural: true)) \(report.name(t))"
            }
            return (members, Array(shared))
        }
    }

    /// The pairs of holders opposed (supports against opposes) on the most targets, with those
    /// targets; at most three pairs.
    func sharpest() -> [(a: Int32, b: Int32, targets: [Int32])] {
        var on: [UInt64: [Int32]] = [:]
        for (x, y) in Conflicts(s, about: nil).pairs {
            let a = s.stances[Int(x)].holder, b = s.stances[Int(y)].holder
            on[Analysis.key(a, b), default: []].append(s.stances[Int(x)].target)
        }
        return on.sorted { $0.value.count == $1.value.count ? $0.key < $1.key : $0.value.count > $1.value.count }
            .prefix(3).map { k, ts in
                let (a, b) = Analysis.unpair(k)
                return (a, b, ts)
            }
    }
}
