/// What a reference may name at a given place in a command.
public enum RefKind: Sendable {
    case any, actor, concern

    func accepts(_ e: Entity) -> Bool {
        switch self {
        case .any: true
        case .actor: e.type == .actor
        case .concern: e.type == .concern
        }
    }

    var noun: String {
        switch self {
        case .any: "actor or concern"
        case .actor: "actor"
        case .concern: "concern"
        }
    }
}

/// What a reference finds, by the rules Enter and Tab share.
public enum Resolution {
    case found(Int32)
    /// Several matches at the first rule that matches: the candidates (at most `limit`), and
    /// whether by name (an exact name held by several entities) or by prefix.
    case ambiguous([Int32], byName: Bool, more: Bool)
    case none
}

extension State {
    /// Finds what a reference names, first rule first: its exact id; its exact name, ignoring
    /// case; a unique prefix of its id (winning over prefixes of name words); a unique prefix of a
    /// word of its name, ignoring case and accents. Only entities of `kind` count.
    public func resolution(_ text: String, _ kind: RefKind = .any, limit: Int = 64) -> Resolution {
        if let i = ids[text], kind.accepts(entities[Int(i)]) { return .found(i) }
        let byName = entities(named: Fold.lower(text)).filter { kind.accepts(entities[Int($0)]) }
        if byName.count == 1 { return .found(byName[0]) }
        if byName.count > 1 { return .ambiguous(byName, byName: true, more: false) }
        let folded = Fold.key(text)
        guard !folded.isEmpty else { return .none }
        let found = ReferenceIndex.of(self).matches(prefix: folded, limit: limit + 1) { kind.accepts(self.entities[Int($0)]) }
        if found.count == 1 { return .found(found[0]) }
        // Among several, a unique prefix of an id wins over prefixes of name words:
        // `g5` finds `g5-sahel` though "Algeria in the G5 task force" has a word starting so.
        let byID = found.filter { entities[Int($0)].id.utf8.starts(with: folded.utf8) }
        if byID.count == 1 && found.count <= limit { return .found(byID[0]) }
        if found.count > 1 {
            let shown = byID.count > 1 ? byID : found
            return .ambiguous(Array(shown.prefix(limit)), byName: false, more: shown.count > limit)
        }
        return .none
    }

    /// Finds the entity a reference names (`resolution`), or throws the error that says why not.
    /// With `exactOnly` (journals), only the first rule applies.
    public func resolve(_ ref: Ref, _ kind: RefKind = .any, exactOnly: Bool = false) throws(SyntaxError) -> Int32 {
        let text = ref.value
        if let i = ids[text] {
            let e = entities[Int(i)]
            guard kind.accepts(e) else {
                throw SyntaxError("'\(e.id)' is \(e.type == .actor ? "an actor" : "a concern"); \(kindHint(kind))", ref.range)
            }
            return i
        }
        if exactOnly {
            throw SyntaxError("no \(kind.noun) has the id '\(Display.escapeControls(text))'", ref.range)
        }
        switch resolution(text, kind, limit: 63) {
        case .found(let i):
            return i
        case .ambiguous(let c, true, _):
            throw SyntaxError("'\(Display.escapeControls(text))' is the name of \(c.count) entities: \(list(c)); use an id", ref.range)
        case .ambiguous(let c, _, let more):
            let extra = c.count > 8 || more ? ", …" : ""
            throw SyntaxError("'\(Display.escapeControls(text))' is ambiguous: \(list(Array(c.prefix(8))))\(extra)", ref.range)
        case .none:
            let near = nearest(to: Fold.key(text), kind: kind)
            let hint = near.isEmpty ? "" : "; nearest: " + near.joined(separator: ", ")
            throw SyntaxError("no \(kind.noun) matches '\(Display.escapeControls(text))'\(hint)", ref.range)
        }
    }

    func kindHint(_ kind: RefKind) -> String {
        switch kind {
        case .actor: "an actor is needed here"
        case .concern: "a concern is needed here"
        case .any: ""
        }
    }

    func list(_ es: [Int32]) -> String {
        es.map { i in
            let e = entities[Int(i)]
            return "\(e.id) (\(Display.escapeControls(e.name)))"
        }.joined(separator: ", ")
    }

    /// The ids nearest to a mistyped reference, by edit distance.
    public func nearest(to text: String, kind: RefKind = .any, count: Int = 3) -> [String] {
        let t = Array(text.utf8.prefix(64))
        let limit = max(2, t.count / 2)
        var best: [(Int, String)] = []
        for e in entities where !e.removed && kind.accepts(e) {
            let candidates = [e.id] + ReferenceIndex.words(Fold.key(e.name))
            var d = Int.max
            for c in candidates { d = min(d, State.editDistance(t, Array(c.utf8.prefix(64)), limit: limit)) }
            if d <= limit { best.append((d, e.id)) }
        }
        best.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        return best.prefix(count).map(\.1)
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return Int.max }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMin = min(rowMin, cur[j])
            }
            if rowMin > limit { return Int.max }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }

    /// Parses a stance, link or note id (`s12`, `l3`, `n4`) that exists.
    public func record(_ text: String) -> (kind: UInt8, index: Int32)? {
        let b = Array(text.utf8)
        guard Identifier.isReserved(b), let n = Int(String(decoding: b.dropFirst(), as: UTF8.self)), n >= 1 else { return nil }
        switch b[0] {
        case 115: return n <= stances.count && !stances[n - 1].undone ? (115, Int32(n - 1)) : nil
        case 108: return n <= links.count && !links[n - 1].undone ? (108, Int32(n - 1)) : nil
        default: return n <= notes.count && !notes[n - 1].undone ? (110, Int32(n - 1)) : nil
        }
    }
}
