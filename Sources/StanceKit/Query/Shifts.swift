/// `shifts [REF]`: changes of position over time. A shift is a holder's stance on a target whose
/// position differs from that holder's previous stance on the same target (restating is not a shift).
/// With REF, the shifts of REF as holder and the shifts on REF as target.
struct Shifts {
    /// (earlier stance, later stance), in the time order of the later one.
    var list: [(from: Int32, to: Int32)] = []
    let about: Int32?

    init(_ s: State, about ref: Int32?) {
        about = ref
        let candidates: [Int32]
        if let ref {
            candidates = Array(Set(s.stances(heldBy: ref) + s.stances(on: ref))).sorted()
        } else {
            candidates = Array(0..<Int32(s.stances.count))
        }
        var groups: [UInt64: [Int32]] = [:]
        var order: [UInt64] = []
        for i in candidates where Analysis.isLive(i, s) {
            let st = s.stances[Int(i)]
            let k = Analysis.pair(st.holder, st.target)
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(i)
        }
        for k in order {
            guard let g = groups[k], g.count > 1 else { continue }
            let timed = Analysis.timeOrdered(g, s)
            for (x, y) in zip(timed, timed.dropFirst()) where s.stances[Int(x)].position != s.stances[Int(y)].position {
                list.append((x, y))
            }
        }
        list.sort { a, b in
            let ta = s.stances[Int(a.to)].at, tb = s.stances[Int(b.to)].at
            return ta == tb ? a.to < b.to : ta < tb
        }
    }

    func render(_ s: State, _ o: QueryOptions) -> String {
        if o.json {
            var w = JSONWriter()
            w.beginArray()
            for (x, y) in list {
                let a = s.stances[Int(x)], b = s.stances[Int(y)]
                w.beginObject()
                w.field("holder", Analysis.id(b.holder, s))
                w.field("target", Analysis.id(b.target, s))
                w.field("from", a.position.word)
                w.field("to", b.position.word)
                w.field("at", b.at.rfc3339)
                w.field("text", s.text(of: b))
                w.field("by", b.by.map { Analysis.id($0, s) })
                w.stringArray("stances", ["s\(x + 1)", "s\(y + 1)"])
                w.endObject()
            }
            w.endArray()
            return w.out + "\n"
        }
        guard !list.isEmpty else {
            return about.map { "no shifts involving \(Analysis.id($0, s))\n" } ?? "no shifts\n"
        }
        let dated = Analysis.spansDays(list.map { s.stances[Int($0.to)].at })
        var t = TextTable()
        for (x, y) in list {
            let a = s.stances[Int(x)], b = s.stances[Int(y)]
            var text = s.text(of: b) ?? ""
            if let by = b.by { text = "(by \(Analysis.id(by, s))) " + text }
            t.add([Analysis.when(b.at, dated: dated), Analysis.id(b.holder, s), Analysis.id(b.target, s),
                   "\(a.position.word) → \(b.position.word)", "s\(x + 1)→s\(y + 1)", text])
        }
        return t.render(width: o.width)
    }
}
