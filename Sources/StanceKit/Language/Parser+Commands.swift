extension Parser {
    /// Parses the command named by `verb`; `token` is its command word.
    mutating func parse(_ verb: Verb, _ first: Token) throws(SyntaxError) -> Command {
        let cmd = verb.rawValue
        let wordRange = first.wordRange
        // A command word written `note:` hands the rest of the line to the text.
        if first.colon {
            let text = takeRest(from: first.end)
            switch verb {
            case .note: return .note(on: nil, text: try nonEmpty(text, "the note"))
            case .event: return .event(title: try nonEmpty(text, "the title"), attributes: [])
            case .actor: return .actor(id: nil, name: try nonEmpty(text, "the name"), attributes: [], tags: [])
            case .concern: return .concern(id: nil, name: try nonEmpty(text, "the name"), attributes: [], tags: [])
            default: throw SyntaxError("'\(cmd)' takes no ':' text", wordRange)
            }
        }
        try advance()
        switch verb {
        case .actor, .concern:
            let p = try parts()
            try noTextUnlessName(p)
            try tooMany(p, 2, "\(cmd) [ID] \"NAME\" [KEY=VALUE]... [#TAG]... (quote a name with spaces)")
            var id: Syntax<String>?
            var name: Syntax<String>
            if p.args.count == 2 {
                id = try word(p.args[0], "an id")
                name = p.args[1].syntax
            } else if p.args.count == 1 {
                name = p.args[0].syntax
                if let t = p.text { id = try word(p.args[0], "an id"); name = t }
            } else if let t = p.text {
                name = t
            } else {
                throw SyntaxError("'\(cmd)' needs a name: \(cmd) [ID] \"NAME\"", wordRange)
            }
            name = try nonEmpty(name, "the name")
            return verb == .actor
                ? .actor(id: id, name: name, attributes: p.attributes, tags: p.tags)
                : .concern(id: id, name: name, attributes: p.attributes, tags: p.tags)

        case .stance:
            guard !atEndOfCommand else { throw SyntaxError("usage: stance HOLDER POSITION TARGET [\"TEXT\" | : TEXT]", wordRange) }
            let h = token
            let holder = lexer.text(h)
            try advance()
            if h.kind == .word, !h.colon, Position(sign: holder) != nil || Parser.isPositionWord(holder),
               !isPositionNext, let pos = Position(word: holder) {
                return try stanceRest(holder: nil, position: Syntax(pos, h.range), shorthand: false)
            }
            guard h.kind == .word, !h.colon else { throw SyntaxError("the holder is an actor's id or name", h.range) }
            guard token.kind == .word, !token.colon, let pos = Position(word: lexer.text(token)) else {
                throw SyntaxError("a position comes here: supports (+), opposes (-), mixed (~), neutral (=) or raises (!)",
                                  atEndOfCommand ? h.end..<h.end + 1 : token.range)
            }
            let ps = Syntax(pos, token.range)
            try advance()
            return try stanceRest(holder: Syntax(holder, h.range), position: ps, shorthand: false)

        case .link:
            let p = try parts()
            try noAttributes(p, cmd); try noTags(p, cmd)
            let usage = "link FROM RELATION TO [\"TEXT\" | : TEXT]"
            guard p.args.count >= 3 else { throw SyntaxError("usage: \(usage)", p.args.last?.syntax.range ?? wordRange) }
            try tooMany(p, 4, usage)
            var text = p.text
            if p.args.count == 4 {
                guard case .string(let s) = p.args[3] else { throw SyntaxError("quote the text, or write ': TEXT'", p.args[3].syntax.range) }
                text = s
            }
            let rel = try word(p.args[1], "a relation")
            return .link(from: try word(p.args[0], "an entity"), relation: rel, to: try word(p.args[2], "an entity"), text: text)

        case .note:
            let p = try parts()
            try noAttributes(p, cmd); try noTags(p, cmd)
            try tooMany(p, 2, "note [REF] (\"TEXT\" | : TEXT)")
            var on: Ref?
            var text = p.text
            var quoted = false
            for a in p.args {
                switch a {
                case .word(let w): if on == nil && !quoted { on = w } else { throw SyntaxError("quote the text, or write ': TEXT'", w.range) }
                case .string(let s): if text == nil { text = s; quoted = true } else { throw SyntaxError("one text a note", s.range) }
                }
            }
            guard let t = text else { throw SyntaxError("a note needs a text: note [REF] \"TEXT\" or note [REF]: TEXT", wordRange) }
            return .note(on: on, text: try nonEmpty(t, "the note"))

        case .speaker:
            let p = try parts()
            try noAttributes(p, cmd); try noTags(p, cmd); try noText(p, cmd)
            try tooMany(p, 1, "speaker ACTOR | speaker -")
            guard let a = p.args.first else { throw SyntaxError("usage: speaker ACTOR, or speaker - when nobody speaks", wordRange) }
            let w = try word(a, "the speaker")
            return .speaker(w.value == "-" ? nil : w)

        case .event:
            let p = try parts()
            try noTags(p, cmd)
            try tooMany(p, 1, "event \"TITLE\" [date=YYYY-MM-DD] [location=\"…\"] [KEY=VALUE]...")
            var title = p.args.first?.syntax ?? p.text
            if p.args.count == 1, p.text != nil { throw SyntaxError("one title an event", p.text!.range) }
            if title != nil { title = try nonEmpty(title!, "the title") }
            if title == nil && p.attributes.isEmpty { throw SyntaxError("usage: event \"TITLE\" [date=YYYY-MM-DD] [location=\"…\"]", wordRange) }
            return .event(title: title, attributes: p.attributes)

        case .set, .unset, .tag, .untag, .rename, .remove, .show:
            let p = try parts()
            try noText(p, cmd)
            guard let first = p.args.first else { throw SyntaxError("'\(cmd)' needs a reference to what it \(verb == .show ? "shows" : "changes")", wordRange) }
            let ref = try word(first, "a reference")
            switch verb {
            case .set:
                try noTags(p, cmd); try tooMany(p, 1, "set REF KEY=VALUE...")
                guard !p.attributes.isEmpty else { throw SyntaxError("usage: set REF KEY=VALUE...", ref.range) }
                return .set(ref, p.attributes)
            case .unset:
                try noTags(p, cmd); try noAttributes(p, cmd)
                guard p.args.count > 1 else { throw SyntaxError("usage: unset REF KEY...", ref.range) }
                var keys: [Syntax<String>] = []
                for a in p.args.dropFirst() { keys.append(try word(a, "a key")) }
                return .unset(ref, keys)
            case .tag, .untag:
                try noAttributes(p, cmd); try tooMany(p, 1, "\(cmd) REF #TAG...")
                guard !p.tags.isEmpty else { throw SyntaxError("usage: \(cmd) REF #TAG...", ref.range) }
                return verb == .tag ? .tag(ref, p.tags) : .untag(ref, p.tags)
            case .rename:
                try noAttributes(p, cmd); try noTags(p, cmd); try tooMany(p, 2, "rename REF NEW-ID")
                guard p.args.count == 2 else { throw SyntaxError("usage: rename REF NEW-ID", ref.range) }
                return .rename(ref, try word(p.args[1], "the new id"))
            case .remove:
                try noAttributes(p, cmd); try noTags(p, cmd); try tooMany(p, 1, "remove REF")
                return .remove(ref)
            default:
                try noAttributes(p, cmd); try noTags(p, cmd); try tooMany(p, 1, "show REF")
                return .show(ref)
            }

        case .undo, .redo:
            let p = try parts()
            try noAttributes(p, cmd); try noTags(p, cmd); try noText(p, cmd)
            if p.args.count == 1, case .word(let w) = p.args[0], let v = Int(w.value) {
                guard v > 0, v <= 1_000_000 else { throw SyntaxError("'\(cmd)' takes a count: a whole number from 1", w.range) }
                return verb == .undo ? .undo(.count(v)) : .redo(.count(v))
            }
            if p.args.isEmpty { return verb == .undo ? .undo(.count(1)) : .redo(.count(1)) }
            var labels: [Syntax<String>] = []
            for a in p.args {
                // A label that is a number (an entity id `2021`) is quoted, not to be read as a count.
                let w = a.syntax
                guard Parser.isUndoLabel(w.value) else {
                    throw SyntaxError("'\(cmd)' takes a count, or the ids of what it takes back (s12, s12-s14, l3, an entity's id)", w.range)
                }
                labels.append(w)
            }
            return verb == .undo ? .undo(.labels(labels)) : .redo(.labels(labels))

        case .log:
            let p = try parts()
            try noAttributes(p, cmd); try noTags(p, cmd); try noText(p, cmd); try tooMany(p, 1, "log [N]")
            var n: Int?
            if let a = p.args.first {
                guard case .word(let w) = a, let v = Int(w.value), v > 0, v <= 1_000_000 else {
                    throw SyntaxError("'log' takes a count: a whole number from 1", a.syntax.range)
                }
                n = v
            }
            return .log(n)

        case .include, .source:
            let p = try parts()
            try noAttributes(p, cmd); try noTags(p, cmd); try noText(p, cmd); try tooMany(p, 1, "\(cmd) \"PATH\"")
            guard let a = p.args.first else { throw SyntaxError("usage: \(cmd) \"PATH\"", wordRange) }
            let path = try nonEmpty(a.syntax, "the path")
            return verb == .include ? .include(path) : .source(path)

        case .list:
            let p = try parts()
            try noText(p, cmd); try tooMany(p, 1, "list [actors|concerns|stances|links|notes] [#TAG] [KEY=VALUE]")
            if p.tags.count > 1 { throw SyntaxError("one tag a list", p.tags[1].range) }
            if p.attributes.count > 1 {
                throw SyntaxError("one key=value a list", p.attributes[1].key.range)
            }
            var what: Syntax<String>?
            if let a = p.args.first {
                let w = try word(a, "what to list")
                let m = Vocabulary.listKinds.filter { $0.hasPrefix(w.value.lowercased()) }
                guard m.count == 1 else { throw SyntaxError("list what? actors, concerns, stances, links or notes", w.range) }
                what = Syntax(m[0], w.range)
            }
            return .list(what: what, tag: p.tags.first, filter: p.attributes.first)

        case .find:
            // The text as typed: one string, or the words to the end of the command.
            let p = try parts()
            try noAttributes(p, cmd); try noTags(p, cmd)
            let pieces = p.args.map(\.syntax) + (p.text.map { [$0] } ?? [])
            let text = pieces.map(\.value).joined(separator: " ")
            guard let first = pieces.first, let last = pieces.last, !text.isEmpty else {
                throw SyntaxError("usage: find TEXT (in stances', links' and notes' texts and their entities' names)", wordRange)
            }
            return .find(Syntax(text, first.range.lowerBound..<last.range.upperBound))

        case .who:
            let p = try parts()
            try noAttributes(p, cmd); try noTags(p, cmd); try noText(p, cmd); try tooMany(p, 2, "who POSITION TARGET")
            guard p.args.count == 2 else { throw SyntaxError("usage: who POSITION TARGET", p.args.first?.syntax.range ?? wordRange) }
            let pw = try word(p.args[0], "a position")
            guard let pos = Position(word: pw.value) else {
                throw SyntaxError(Position.notOne(pw.value), pw.range)
            }
            return .who(Syntax(pos, pw.range), try word(p.args[1], "the target"))

        case .matrix:
            let p = try parts()
            try noAttributes(p, cmd); try noText(p, cmd); try tooMany(p, 0, "matrix [#TAG]")
            if p.tags.count > 1 { throw SyntaxError("one tag a matrix", p.tags[1].range) }
            return .matrix(tag: p.tags.first)

        case .agree:
            let p = try parts()
            try noAttributes(p, cmd); try noTags(p, cmd); try noText(p, cmd); try tooMany(p, 2, "agree A B")
            guard p.args.count == 2 else { throw SyntaxError("usage: agree A B", p.args.first?.syntax.range ?? wordRange) }
            return .agree(try word(p.args[0], "an actor"), try word(p.args[1], "an actor"))

        case .conflicts, .shifts, .timeline:
            let p = try parts()
            try noAttributes(p, cmd); try noTags(p, cmd); try noText(p, cmd); try tooMany(p, 1, "\(cmd) [REF]")
            let ref: Ref? = try p.args.first.map { a throws(SyntaxError) in try word(a, "a reference") }
            switch verb {
            case .conflicts: return .conflicts(ref)
            case .shifts: return .shifts(ref)
            default: return .timeline(ref)
            }

        case .begin, .end:
            let p = try parts()
            try noTags(p, cmd); try noText(p, cmd); try tooMany(p, 0, cmd)
            if verb == .end { try noAttributes(p, cmd); return .end }
            for a in p.attributes where a.key.value != "version" {
                throw SyntaxError("'begin' takes version= only", a.key.range)
            }
            return .begin(version: p.attributes.first?.value.value)

        case .report, .quit, .exit:
            let p = try parts()
            try noAttributes(p, cmd); try noTags(p, cmd); try noText(p, cmd); try tooMany(p, 0, cmd)
            return verb == .report ? .report : .quit

        case .export:
            let p = try parts()
            try noTags(p, cmd); try noText(p, cmd); try tooMany(p, 2, "export FORMAT [FILE]")
            guard let f = p.args.first else { throw SyntaxError("usage: export json|csv|dna|dot|graphml|md|svg|png [FILE]", wordRange) }
            let fw = try word(f, "the format")
            let format = fw.value.lowercased()
            guard Vocabulary.exportFormats.contains(format) else {
                throw SyntaxError("unknown format '\(fw.value)': json, csv, dna, dot, graphml, md, svg or png", fw.range)
            }
            let options = try ExportOptions.parse(format, p.attributes)
            return .export(format: Syntax(format, fw.range), file: p.args.count > 1 ? p.args[1].syntax : nil, options: options)

        case .help:
            let p = try parts()
            try noAttributes(p, cmd); try noTags(p, cmd); try noText(p, cmd); try tooMany(p, 1, "help [COMMAND]")
            return .help(p.args.first?.syntax)

        }
    }

    /// A label of what undo takes back: an entity id, or `s12-s14`.
    static func isUndoLabel(_ w: String) -> Bool {
        let b = Array(w.utf8)
        guard let f = b.first, Identifier.isLowerAlnum(f), b.count <= Identifier.maxLength else { return false }
        return b.allSatisfy(Identifier.isIdByte)
    }

    func noTextUnlessName(_ p: Parts) throws(SyntaxError) {
        if let t = p.text, p.args.count > 1 { throw SyntaxError("the name is given twice", t.range) }
    }

    var isPositionNext: Bool { token.kind == .word && Position(word: lexer.text(token)) != nil }

    static func isPositionWord(_ w: String) -> Bool { Position(fullWord: w) != nil }

    /// After HOLDER POSITION (or a lone sign): TARGET, then text, `by=`, tags.
    mutating func stanceRest(holder: Ref?, position: Syntax<Position>, shorthand: Bool) throws(SyntaxError) -> Command {
        guard !atEndOfCommand, token.kind == .word else {
            throw SyntaxError("a target comes here: a concern or an actor", atEndOfCommand ? position.range.upperBound..<position.range.upperBound + 1 : token.range)
        }
        let t = token
        let target = Syntax(lexer.text(t), t.wordRange)
        var p = Parts()
        if t.colon {
            p.text = takeRest(from: t.end)
        } else {
            try advance()
            p = try parts(wordStartsTextAfter: shorthand ? 0 : nil)
        }
        var text = p.text
        for a in p.args {
            switch a {
            case .string(let s):
                if text != nil { throw SyntaxError("one text a stance", s.range) }
                text = s
            case .word(let w):
                throw SyntaxError("quote the text, or write ': TEXT'", w.range)
            }
        }
        var by: Ref?
        for a in p.attributes {
            guard a.key.value == "by" else {
                throw SyntaxError("a stance takes by=ACTOR and #tags, not '\(a.key.value)='", a.key.range)
            }
            guard by == nil else { throw SyntaxError("by= is given twice", a.key.range) }
            by = a.value
        }
        if let s = text, s.value.isEmpty { text = nil }
        return .stance(holder: holder, position: position, target: target, text: text, by: by, tags: p.tags)
    }
}
