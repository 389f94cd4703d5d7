/// `agree A B`: the targets where A and B hold the same current position, and those where
/// they hold different ones (opposite ones are conflicts).
struct Agreement {
    let a: Int32
    let b: Int32
    /// Pairs of current stances (A's, B's) on one target, in the order of A's stances.
    var same: [(Int32, Int32)] = []
    var different: [(Int32, Int32)] = []

    init(_ a: Int32, _ b: Int32, _ s: State) {
        self.a = a
        self.b = b
        for x in Analysis.currentStances(heldBy: a, s) {
            let t = s.stances[Int(x)].target
            guard let y = s.currentStance(holder: b, target: t), Analysis.isLive(y, s) else { continue }
            if s.stances[Int(x)].position == s.stances[Int(y)].position { same.append((x, y)) } else { different.append((x, y)) }
        }
    }

    func render(_ s: State, _ o: QueryOptions) -> String {
        let ia = Analysis.id(a, s), ib = Analysis.id(b, s)
        if o.json {
            var w = JSONWriter()
            w.beginObject()
            w.field("a", ia)
            w.field("b", ib)
            w.key("same")
            w.beginArray()
            for (x, y) in same {
                w.beginObject()
                w.field("target", Analysis.id(s.stances[Int(x)].target, s))
                w.field("position", s.stances[Int(x)].position.word)
                w.stringArray("stances", ["s\(x + 1)", "s\(y + 1)"])
                w.endObject()
            }
            w.endArray()
            w.key("different")
            w.beginArray()
            for (x, y) in different {
                let sx = s.stances[Int(x)], sy = s.stances[Int(y)]
                w.beginObject()
                w.field("target", Analysis.id(sx.target, s))
                w.field("a", sx.position.word)
                w.field("b", sy.position.word)
                w.key("opposite")
                w.bool(sx.position.isOpposite(of: sy.position))
                w.stringArray("stances", ["s\(x + 1)", "s\(y + 1)"])
                w.endObject()
            }
            w.endArray()
            w.endObject()
            return w.out + "\n"
        }
        if same.isEmpty && different.isEmpty {
            return "\(ia) and \(ib) hold no current positions on the same targets\n"
        }
        let n = same.count, d = different.count
        var out = "\(ia) and \(ib): the same position on \(Display.plural(n, "target")), different on \(d)\n"
        if !same.isEmpty {
            out += "same:\n"
            var t = TextTable()
            for (x, _) in same {
                let st = s.stances[Int(x)]
                t.add([st.position.word, Analysis.id(st.target, s), s.entities[Int(st.target)].name])
            }
            out += t.render(width: o.width, indent: "  ")
        }
        if !different.isEmpty {
            out += "different:\n"
            var t = TextTable()
            for (x, y) in different {
                let sx = s.stances[Int(x)], sy = s.stances[Int(y)]
                let tail = sx.position.isOpposite(of: sy.position) ? "  (conflict)" : ""
                t.add([Analysis.id(sx.target, s), "\(ia) \(sx.position.word), \(ib) \(sy.position.word)\(tail)"])
            }
            out += t.render(width: o.width, indent: "  ")
        }
        return out
    }
}
