/// What Tab offers: the candidates for the word before the cursor, and what to insert now.
public struct Completion: Equatable, Sendable {
    /// The text just before the cursor that a candidate replaces (a word, or the value after `=`).
    public var replacing: String
    /// What the word can become, in order (shown when there are several).
    public var candidates: [String]
    /// More matched than `candidates` holds.
    public var truncated: Bool
    /// What replaces `replacing` now: the only candidate and a space (none after `/` or `=`), or the
    /// candidates' common prefix when it is longer than what was typed; nil when nothing changes.
    public var insertion: String?

    public init(replacing: String = "", candidates: [String] = [], truncated: Bool = false, insertion: String? = nil) {
        self.replacing = replacing
        self.candidates = candidates
        self.truncated = truncated
        self.insertion = insertion
    }
}

/// Context-aware completion of the command language: command words, then per command the ids
/// and names that exist (a prefix of a name's word completes to the id), positions and signs,
/// relations, keys and their values, list kinds, export formats, help topics and file paths.
/// Pure: the file system is reached only through `listDirectory`. Work is bounded by `limit`,
/// so a Tab stays instant however many entities there are.
public struct Completer {
    public typealias DirectoryLister = (_ directory: String) -> [(name: String, isDirectory: Bool)]

    public let state: State
    public var limit: Int
    public var listDirectory: DirectoryLister?

    public init(state: State, limit: Int = 64, listDirectory: DirectoryLister? = nil) {
        self.state = state
        self.limit = limit
        self.listDirectory = listDirectory
    }

    /// Builds the reference index now (it reads every entity), so that the next Tab is instant;
    /// nothing to do when it is up to date.
    public func prepare() {
        _ = ReferenceIndex.of(state).completions(prefix: "\u{10FFFF}", limit: 0)
        // A completion resolves as Enter does, exact names first: their index too.
        state.indexNames()
    }

    /// One token of the command being typed.
    struct Word {
        var text: String
        var quoted = false
        /// The quote is still open (only the last word).
        var open = false
        var isKeyValue: Bool { !quoted && text.utf8.dropFirst().contains(61) }
        var isTag: Bool { !quoted && text.utf8.first == 35 }
        var endsText: Bool { !quoted && text.utf8.last == 58 && text.utf8.first != 64 }
    }

    /// Completes `before`, the text of the command line before the cursor (earlier continuation
    /// lines included, joined with newlines).
    public func complete(_ before: String) -> Completion {
        guard var words = Completer.words(before) else { return Completion() }
        if let f = words.first, !f.quoted, f.text.utf8.first == 64, words.count > 1 { words.removeFirst() }
        let cur = words.removeLast()
        if words.contains(where: { $0.endsText }) { return Completion(replacing: cur.text) }
        // A joint statement's holders, `gabon,ke`: the part after the last comma is an actor.
        if !cur.quoted, let comma = cur.text.lastIndex(of: ","),
           words.isEmpty || (words.count == 1 && command(words[0].text) == "stance") {
            let part = String(cur.text[cur.text.index(after: comma)...])
            return finish(part, part.isEmpty ? ([], false) : entities(part, only: .actor))
        }
        if words.isEmpty {
            if cur.quoted { return Completion(replacing: cur.text) }
            var c = match(Vocabulary.commands, cur.text)
            if c.isEmpty && !cur.text.isEmpty { return finish(cur.text, entities(cur.text, only: .actor)) }
            c += Position.allCases.map(\.sign).filter { $0.hasPrefix(cur.text) && !cur.text.isEmpty }
            return finish(cur.text, (c, false))
        }
        let first = words[0]
        let args = words.dropFirst().filter { !$0.isKeyValue && !$0.isTag }
        let n = args.count
        if cur.quoted {
            return path(cur, command: first.text.lowercased(), index: n)
        }
        if cur.isTag { return finish(cur.text, tags(cur.text, of: first.text == "untag" && n > 0 ? args[0].text : nil)) }
        if cur.isKeyValue { return value(cur.text, command: command(first.text) ?? "") }
        let p = cur.text
        // Shorthands: `+ TARGET …` and `HOLDER + TARGET …`.
        if !first.quoted, Position(sign: first.text) != nil {
            return n == 0 ? finish(p, entities(p)) : Completion(replacing: p)
        }
        guard let cmd = command(first.text) else {
            if n == 0 { return finish(p, (signs(p), false)) }
            if n == 1, Position(sign: args[0].text) != nil { return finish(p, entities(p)) }
            return Completion(replacing: p)
        }
        switch cmd {
        case "stance":
            let lead = n > 0 && Position(sign: args[0].text) != nil
            let slot = lead ? n + 1 : n
            if slot == 0 { return finish(p, entities(p, only: .actor)) }
            if slot == 1 { return finish(p, (positions(p), false)) }
            if slot == 2 { return finish(p, entities(p)) }
            return finish(p, (match(["by="], p), false))
        case "link":
            if n == 1 { return finish(p, (match(relations(), p), false)) }
            return n <= 2 ? finish(p, entities(p)) : Completion(replacing: p)
        case "speaker":
            return n == 0 ? finish(p, (p.isEmpty || p == "-" ? ["-"] : [], false), more: entities(p, only: .actor)) : Completion(replacing: p)
        case "note", "show", "rename", "remove", "tag", "untag", "conflicts", "shifts", "timeline":
            return n == 0 ? finish(p, entities(p)) : Completion(replacing: p)
        case "set":
            if n == 0 { return finish(p, entities(p)) }
            if Identifier.isReserved(Array(args[0].text.utf8)) { return finish(p, (match(["text=", "at=", "position="], p), false)) }
            return finish(p, (match(keys(of: args[0].text, extra: ["name", "kind", "parent"]).map { $0 + "=" }, p), false))
        case "unset":
            if n == 0 { return finish(p, entities(p)) }
            return finish(p, (match(keys(of: args[0].text, extra: []), p), false))
        case "actor", "concern":
            guard n >= 1 else { return Completion(replacing: p) }
            let extra = cmd == "actor" ? ["kind"] : ["parent"]
            return finish(p, (match(keys(of: nil, extra: extra).map { $0 + "=" }, p), false))
        case "event":
            return finish(p, (match(["date=", "location="], p), false))
        case "who":
            if n == 0 { return finish(p, (positions(p), false)) }
            return n == 1 ? finish(p, entities(p)) : Completion(replacing: p)
        case "agree":
            return n <= 1 ? finish(p, entities(p, only: .actor)) : Completion(replacing: p)
        case "list":
            return n == 0 ? finish(p, (match(Vocabulary.listKinds, p), false)) : Completion(replacing: p)
        case "export":
            if n == 0 { return finish(p, (match(Vocabulary.exportFormats, p), false)) }
            // The options the format takes (`networks=`, `qualifier=`…), else a file.
            let format = args[0].text.lowercased()
            let options = ExportOptions.table.filter { $0.formats.contains(format) }.map { $0.key + "=" }
            let keys = p.isEmpty ? [] : match(options, p)
            if !keys.isEmpty { return finish(p, (keys, false)) }
            return n == 1 ? path(cur, command: cmd, index: n) : Completion(replacing: p)
        case "include", "source":
            return n == 0 ? path(cur, command: cmd, index: n) : Completion(replacing: p)
        case "help":
            let topics = Vocabulary.commands + Help.topics.map(\.topic) + Position.allCases.map(\.sign)
            return n == 0 ? finish(p, (match(topics, p), false)) : Completion(replacing: p)
        default:
            return Completion(replacing: p)
        }
    }

    // MARK: Candidates

    /// The command a first word names: exactly, or by a unique prefix of two letters or more.
    func command(_ w: String) -> String? {
        let l = w.lowercased()
        if Vocabulary.commands.contains(l) { return l }
        guard l.utf8.count >= 2 else { return nil }
        let m = Vocabulary.commands.filter { $0.hasPrefix(l) }
        return m.count == 1 ? m[0] : nil
    }

    func match(_ words: [String], _ p: String) -> [String] {
        let l = p.lowercased()
        return words.filter { $0.hasPrefix(l) }
    }

    func signs(_ p: String) -> [String] { Position.allCases.map(\.sign).filter { $0.hasPrefix(p) } }

    func positions(_ p: String) -> [String] {
        match(Position.allCases.map(\.word), p) + signs(p)
    }

    /// The ids Tab offers for `p`: exactly what Enter would resolve (`State.resolution`): the one
    /// entity it finds, or the candidates of its ambiguity; every id when nothing is typed.
    func entities(_ p: String, only: Entity.Kind? = nil) -> (ids: [String], truncated: Bool) {
        var out: [String] = []
        if p.isEmpty {
            for e in state.entities where !e.removed && (only == nil || e.type == only) {
                if out.count == limit { return (out.sorted(), true) }
                out.append(e.id)
            }
            return (out.sorted(), false)
        }
        let kind: RefKind = only == .actor ? .actor : only == .concern ? .concern : .any
        switch state.resolution(p, kind, limit: limit) {
        case .found(let i):
            return ([state.entities[Int(i)].id], false)
        case .ambiguous(let c, _, let more):
            // Ids that start with what was typed first, so that their common prefix completes.
            let f = Fold.key(p)
            let ids = c.map { state.entities[Int($0)].id }
            return (ids.filter { $0.hasPrefix(f) }.sorted() + ids.filter { !$0.hasPrefix(f) }.sorted(), more)
        case .none:
            return ([], false)
        }
    }

    /// The known relations and those in use.
    func relations() -> [String] {
        var all = Link.knownRelations
        var seen = Set(all)
        for l in state.links.suffix(20_000) where !l.removed && seen.insert(l.relation).inserted { all.append(l.relation) }
        return all
    }

    /// Attribute keys: of the entity `ref` names (when it does), then the fixed ones, then those in use.
    func keys(of ref: String?, extra: [String]) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        if let ref, let i = state.entity(id: ref) ?? ReferenceIndex.of(state).matches(prefix: Fold.key(ref), limit: 2, where: { _ in true }).first {
            for a in state.entities[Int(i)].attributes where seen.insert(a.key).inserted { out.append(a.key) }
            if extra.isEmpty {
                if state.entities[Int(i)].kind != nil { out.append("kind") }
                if state.entities[Int(i)].parent != nil { out.append("parent") }
                return out
            }
        }
        for k in extra where seen.insert(k).inserted { out.append(k) }
        var used: [String] = []
        for e in state.entities.suffix(20_000) where !e.removed {
            for a in e.attributes where seen.insert(a.key).inserted { used.append(a.key) }
        }
        return out + used.sorted()
    }

    /// Tags in use (`#` included); for `untag REF`, the entity's own.
    func tags(_ p: String, of ref: String?) -> ([String], Bool) {
        var all: [String] = []
        var seen = Set<String>()
        if let ref, let i = state.entity(id: ref) {
            all = state.entities[Int(i)].tags
        } else {
            for e in state.entities.suffix(20_000) where !e.removed {
                for t in e.tags where seen.insert(t).inserted { all.append(t) }
            }
            for s in state.stances.suffix(20_000) where !s.removed {
                for t in s.tags where seen.insert(t).inserted { all.append(t) }
            }
            all.sort()
        }
        return (match(all.map { "#" + $0 }, p), false)
    }

    /// Values after `kind=`, `parent=` and `by=`.
    func value(_ word: String, command: String) -> Completion {
        let b = Array(word.utf8)
        let eq = b.firstIndex(of: 61)!
        let key = String(decoding: b[..<eq], as: UTF8.self).lowercased()
        let p = String(decoding: b[(eq + 1)...], as: UTF8.self)
        switch key {
        case "kind":
            var kinds = Vocabulary.actorKinds
            var seen = Set(kinds)
            for e in state.entities.suffix(20_000) { if let k = e.kind, seen.insert(k).inserted { kinds.append(k) } }
            return finish(p, (match(kinds, p), false))
        case "parent":
            return finish(p, entities(p, only: .concern))
        case "by":
            return finish(p, entities(p, only: .actor))
        case _ where command == "export":
            let row = ExportOptions.table.first { $0.key.lowercased() == key }
            return finish(p, (match(row?.values ?? [], p), false))
        default:
            return Completion(replacing: p)
        }
    }

    /// File paths, for `include`, `source` and `export FORMAT`; a word stays bare unless it needs quotes.
    func path(_ w: Word, command: String, index: Int) -> Completion {
        guard ((command == "include" || command == "source") && index == 0) || (command == "export" && index == 1) || (command.hasPrefix("inc") && index == 0),
              let list = listDirectory else { return Completion(replacing: w.text) }
        let b = Array(w.text.utf8)
        let slash = b.lastIndex(of: 47)
        let dir = slash.map { String(decoding: b[...$0], as: UTF8.self) } ?? ""
        let base = slash.map { String(decoding: b[($0 + 1)...], as: UTF8.self) } ?? w.text
        var names: [(String, Bool)] = []
        for entry in list(dir.isEmpty ? "." : dir) where entry.name.hasPrefix(base) && entry.name != "." && entry.name != ".." {
            if entry.name.hasPrefix(".") && !base.hasPrefix(".") { continue }
            names.append((dir + entry.name + (entry.isDirectory ? "/" : ""), entry.isDirectory))
        }
        names.sort { $0.0 < $1.0 }
        let truncated = names.count > limit
        let cands = names.prefix(limit).map(\.0)
        var c = Completion(replacing: w.text, candidates: Array(cands), truncated: truncated)
        let needsQuote = !w.quoted && cands.contains { $0.utf8.contains { $0 == 32 || $0 == 34 || $0 == 59 || $0 == 35 || $0 == 92 } }
        let open = needsQuote ? "\"" : ""
        if cands.count == 1 {
            let isDir = names[0].1
            let close = isDir ? "" : (w.quoted || needsQuote ? "\" " : " ")
            c.insertion = open + cands[0] + close
        } else if let l = Completer.commonPrefix(cands), l.utf8.count > w.text.utf8.count {
            c.insertion = open + l
        }
        return c
    }

    /// The result for candidates that replace `p`: one is inserted with a space (none after `=`),
    /// several insert their common prefix when it extends what was typed.
    func finish(_ p: String, _ found: (ids: [String], truncated: Bool), more: (ids: [String], truncated: Bool) = ([], false)) -> Completion {
        let all = found.ids + more.ids
        var c = Completion(replacing: p, candidates: all, truncated: found.truncated || more.truncated)
        if all.count == 1 {
            c.insertion = all[0] + (all[0].hasSuffix("=") ? "" : " ")
        } else if let l = Completer.commonPrefix(all), l.utf8.count > p.utf8.count, l.hasPrefix(p) || l.hasPrefix(p.lowercased()) {
            c.insertion = l
        }
        return c
    }

    static func commonPrefix(_ s: [String]) -> String? {
        guard var l = s.first.map({ Array($0.unicodeScalars) }) else { return nil }
        for x in s.dropFirst() {
            var n = 0
            for (a, b) in zip(l, x.unicodeScalars) { if a != b { break }; n += 1 }
            l.removeLast(l.count - n)
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: l)
        return String(out)
    }

    // MARK: Words

    /// Splits the text before the cursor into the words of the command being typed (after the last
    /// `;`); the last word is the one being completed (empty after a blank). Nil inside a comment.
    static func words(_ s: String) -> [Word]? {
        var words: [Word] = []
        var cur: [UInt8] = []
        var inWord = false, quoted = false, inString = false, inner = false, escape = false, comment = false
        for c in s.utf8 {
            if comment { if c == 10 { comment = false }; continue }
            if inString {
                if escape { escape = false; cur.append(c); continue }
                if c == 92 { escape = true; cur.append(c); continue }
                if c == 34 { inString = false; if inner { cur.append(c) }; continue }
                cur.append(c)
                continue
            }
            switch c {
            case 32, 9, 10, 13:
                if inWord && !quoted && cur == [35] { cur = []; inWord = false; comment = c != 10; continue }
                if inWord { words.append(Word(text: String(decoding: cur, as: UTF8.self), quoted: quoted)) }
                cur = []; inWord = false; quoted = false
            case 92 where !inWord:
                continue // a `\` continuation
            case 59:
                cur = []; inWord = false; quoted = false; words.removeAll()
            case 34:
                inString = true
                inner = inWord // key="value": the quotes stay in the word
                if inWord { cur.append(c) } else { inWord = true; quoted = true }
            default:
                inWord = true; cur.append(c)
            }
        }
        if comment { return nil }
        words.append(Word(text: String(decoding: cur, as: UTF8.self), quoted: quoted, open: inString && !inner))
        return words
    }
}
