/// `conflicts [REF]`: pairs of holders whose current positions on one target are opposite
/// (supports against opposes). With REF, the conflicts on REF and those REF is part of.
struct Conflicts {
    /// (supporting stance, opposing stance), by target in entity order, then in the order made.
    var pairs: [(Int32, Int32)] = []
    let about: Int32?

    static let maxLines = 500

    init(_ s: State, about ref: Int32?) {
        about = ref
        var targets: [Int32]
        if let ref {
            targets = [ref]
            for i in Analysis.currentStances(heldBy: ref, s) where [.supports, .opposes].contains(s.stances[Int(i)].position) {
                targets.append(s.stances[Int(i)].target)
            }
            targets = Array(Set(targets)).sorted()
        } else {
            var seen = Set<Int32>()
            for i in Analysis.currentStances(s) {
                let st = s.stances[Int(i)]
                if st.position == .supports || st.position == .opposes { seen.insert(st.target) }
            }
            targets = seen.sorted()
        }
        for t in targets {
            var pro: [Int32] = [], con: [Int32] = []
            for i in s.stances(on: t) where Analysis.isLive(i, s) && s.isCurrent(i) {
                switch s.stances[Int(i)].position {
                case .supports: pro.append(i)
                case .opposes: con.append(i)
                default: break
                }
            }
            for x in pro {
                for y in con {
                    if let ref, t != ref, s.stances[Int(x)].holder != ref, s.stances[Int(y)].holder != ref { continue }
                    pairs.append((x, y))
                }
            }
        }
    }

    func render(_ s: State, _ o: QueryOptions) -> String {
        if o.json {
            var w = JSONWriter()
            w.beginArray()
            for (x, y) in pairs {
                w.beginObject()
                w.field("target", Analysis.id(s.stances[Int(x)].target, s))
                w.field("supports", Analysis.id(s.stances[Int(x)].holder, s))
                w.field("opposes", Analysis.id(s.stances[Int(y)].holder, s))
                w.stringArray("stances", ["s\(x + 1)", "s\(y + 1)"])
                w.endObject()
            }
            w.endArray()
            return w.out + "\n"
        }
        guard !pairs.isEmpty else {
            return about.map { "no conflicts involving \(Analysis.id($0, s))\n" } ?? "no conflicts\n"
        }
        let targets = Set(pairs.map { s.stances[Int($0.0)].target }).count
        var out = "\(pairs.count) conflict\(pairs.count == 1 ? "" : "s") on \(targets) target\(targets == 1 ? "" : "s")\n"
        var t = TextTable()
        t.add(["target", "supports", "opposes", ""])
        for (x, y) in pairs.prefix(Conflicts.maxLines) {
            let target = s.stances[Int(x)].target
            t.add([Analysis.id(target, s), Analysis.id(s.stances[Int(x)].holder, s), Analysis.id(s.stances[Int(y)].holder, s),
                   s.entities[Int(target)].name])
        }
        out += t.render(width: o.width, indent: "  ")
        if pairs.count > Conflicts.maxLines { out += "… and \(pairs.count - Conflicts.maxLines) more; --json has them all\n" }
        return out
    }
}
