/// The hand-written parser of the command language: one logical line in, statements out.
/// References stay as typed; the engine resolves them.
public struct Parser {
    var lexer: Lexer
    var token: Token
    /// The `@TIME` word that starts the command being parsed, read in place (`Lexer.time`); the
    /// command it stands before is parsed next, even if it is missing.
    var time: Range<Int>?

    /// Parses every `;`-separated command of a logical line.
    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> [Statement] {
        var p = try Parser(bytes)
        var out: [Statement] = []
        while let st = try p.nextStatement() { out.append(st) }
        return out
    }

    /// Parses a journal line, which holds exactly one command: `parse` without building an array
    /// per line (replay calls this once per entry). The same statements are parsed, so the same
    /// syntax errors come first; then a line with no command, or with more than one, is refused.
    public static func parseOne(_ bytes: [UInt8]) throws(SyntaxError) -> Statement {
        var p = try Parser(bytes)
        guard let first = try p.nextStatement() else { throw SyntaxError("a journal line holds one command", 0..<bytes.count) }
        if let second = try p.nextStatement() {
            while try p.nextStatement() != nil {}
            throw SyntaxError("a journal line holds one command", second.range)
        }
        return first
    }

    /// The next command of the line, past any `;` with none before it; nil at the end of the line
    /// (a time alone is a command).
    mutating func nextStatement() throws(SyntaxError) -> Statement? {
        while token.kind == .semicolon && time == nil { try begin() }
        if token.kind == .end && time == nil { return nil }
        return try statement()
    }

    init(_ bytes: [UInt8]) throws(SyntaxError) {
        lexer = Lexer(bytes)
        token = Token(kind: .end, start: 0, end: 0)
        try begin()
    }

    mutating func advance() throws(SyntaxError) { token = try lexer.next() }

    /// Moves to the start of a command: its `@TIME`, if any, then its first token.
    mutating func begin() throws(SyntaxError) {
        time = try lexer.time()
        token = try lexer.next()
    }

    var atEndOfCommand: Bool { token.kind == .end || token.kind == .semicolon }

    // MARK: Statements

    mutating func statement() throws(SyntaxError) -> Statement {
        var start = token.start
        var time: Syntax<TimeSpec>?
        if let range = self.time {
            self.time = nil
            start = range.lowerBound
            time = try Parser.time(range, lexer.bytes[range.lowerBound + 1..<range.upperBound])
            if atEndOfCommand {
                // A time alone sets the session clock (a date alone, the session's day).
                let end = token.kind == .end ? lexer.bytes.count : token.start
                return Statement(time: time, command: .clock, range: start..<max(range.upperBound, end), wordRange: range)
            }
            if case .date? = time?.value {
                throw SyntaxError("a date alone on a line changes the session's day; before a command, give a time (@HH:MM, or RFC 3339 with an offset)", range)
            }
        }
        let word = token.range
        let command = try self.command()
        let end = token.kind == .end ? lexer.bytes.count : token.start
        return Statement(time: time, command: command, range: start..<max(start, end), wordRange: word)
    }

    /// `@HH:MM[:SS]` or RFC 3339 at `range`; `b` is its bytes after the `@`.
    static func time(_ range: Range<Int>, _ b: ArraySlice<UInt8>) throws(SyntaxError) -> Syntax<TimeSpec> {
        @inline(__always) func twoDigits(_ i: Int) -> Int? {
            let a = b[i], c = b[i + 1]
            guard a >= 48 && a <= 57 && c >= 48 && c <= 57 else { return nil }
            return Int(a - 48) * 10 + Int(c - 48)
        }
        let s = b.startIndex
        if (b.count == 5 || b.count == 8) && b[s + 2] == 58 && (b.count == 5 || b[s + 5] == 58),
           let h = twoDigits(s), let m = twoDigits(s + 3), h < 24, m < 60 {
            let sec = b.count == 8 ? twoDigits(s + 6) : 0
            if let sec, sec < 60 { return Syntax(.clock(hour: h, minute: m, second: sec), range) }
        }
        if let ts = Timestamp.parse(b) { return Syntax(.absolute(ts), range) }
        if b.count == 10, let d = Timestamp.parse((Array(b) + Array("T00:00:00Z".utf8))[...]) {
            let c = d.civil
            return Syntax(.date(year: c.year, month: c.month, day: c.day), range)
        }
        let text = "@" + String(decoding: b, as: UTF8.self)
        // The seconds of `HH:MM:SS` or of RFC 3339's `…THH:MM:SS`.
        for at in [6, 17] where b.count >= at + 2 && b[s + at - 1] == 58 && twoDigits(s + at) == 60 && (at == 6 ? b.count == 8 : true) {
            throw SyntaxError("a second is 00 to 59: a leap second (60) cannot be told from the next minute's first; write :59", range)
        }
        if b.count == 19 || b.count == 16, Timestamp.parse((Array(b) + Array("Z".utf8))[...]) != nil {
            throw SyntaxError("the time '\(text)' has no UTC offset: add one, as in \(text)-04:00", range)
        }
        throw SyntaxError("'\(Display.escapeControls(text))' is not a time: write @HH:MM, @HH:MM:SS, RFC 3339 with an offset (@2018-04-25T17:42:10-04:00), or a date alone (@2018-04-26) to change the day", range)
    }

    mutating func command() throws(SyntaxError) -> Command {
        let first = token
        guard first.kind == .word || first.kind == .colon else {
            throw SyntaxError("a command starts with a command word, a sign (+ - ~ = !) or a holder", first.range)
        }
        let value = lexer.text(first)
        // `+ target …`: the speaker's stance.
        if first.kind == .word, !first.colon, let p = Position(sign: value) {
            try advance()
            return try stanceRest(holder: nil, position: Syntax(p, first.range), shorthand: true)
        }
        // Command words are almost always in lower case: lowercased only when needed.
        let word = Parser.isLowerASCII(value) ? value : value.lowercased()
        if first.kind == .word, !first.colon, let verb = Verb(rawValue: word) {
            return try parse(verb, first)
        }
        try advance()
        // `holder + target …`
        if first.kind == .word, !first.colon, token.kind == .word, !token.colon, let p = Position(sign: lexer.text(token)) {
            let pos = Syntax(p, token.range)
            try advance()
            return try stanceRest(holder: Syntax(value, first.range), position: pos, shorthand: true)
        }
        if first.kind == .word, let verb = Parser.uniqueCommand(prefix: word) {
            lexer = Lexer(lexer.bytes, offset: first.start)
            token = try lexer.next()
            return try parse(verb, first)
        }
        let range = first.colon ? first.start..<first.end - 1 : first.range
        if first.kind == .word, case let m = Parser.commands(prefix: first.colon ? String(word.dropLast()) : word), m.count > 1 {
            throw SyntaxError("'\(Display.escapeControls(value))' is ambiguous: \(m.joined(separator: ", ")); type more of the command", range)
        }
        if first.kind == .word && first.colon {
            throw SyntaxError("unknown command '\(Display.escapeControls(value))'; 'help' lists the commands", first.start..<first.end - 1)
        }
        throw SyntaxError("unknown command '\(Display.escapeControls(value))'; 'help' lists the commands", first.range)
    }

    @inline(__always) static func isLowerASCII(_ s: String) -> Bool {
        for c in s.utf8 where c >= 0x80 || (c >= 65 && c <= 90) { return false }
        return true
    }

    /// The command words, `begin` and `end` included.
    enum Verb: String, CaseIterable {
        case stance, set, actor, concern, link, note, speaker, event, unset, tag, untag, rename, remove, undo, redo,
             include, show, list, find, who, matrix, agree, conflicts, shifts, timeline, report, export, log, source,
             help, quit, exit, begin, end
    }

    static func uniqueCommand(prefix: String) -> Verb? {
        let m = commands(prefix: prefix)
        return m.count == 1 ? Verb(rawValue: m[0]) : nil
    }

    /// The command words a prefix of two letters or more may stand for.
    static func commands(prefix: String) -> [String] {
        guard prefix.utf8.count >= 2 else { return [] }
        return Vocabulary.commands.filter { $0.hasPrefix(prefix) }
    }

    // MARK: The parts of a command

    enum Arg {
        case word(Syntax<String>)
        case string(Syntax<String>)
        var syntax: Syntax<String> {
            switch self {
            case .word(let s), .string(let s): s
            }
        }
        var isWord: Bool { if case .word = self { true } else { false } }
    }

    struct Parts {
        var args: [Arg] = []
        var attributes: [Attribute] = []
        var tags: [Syntax<String>] = []
        var text: Syntax<String>?
    }

    /// Reads the rest of a command: positional words and strings, key=value, #tags, and a `:` text.
    /// With `wordStartsText`, the first bare word after `positional` arguments starts the text.
    mutating func parts(wordStartsTextAfter positional: Int? = nil) throws(SyntaxError) -> Parts {
        var parts = Parts()
        while !atEndOfCommand {
            let t = token
            switch t.kind {
            case .word:
                if let n = positional, parts.args.count >= n {
                    parts.text = takeRest(from: t.start)
                    return parts
                }
                parts.args.append(.word(Syntax(lexer.text(t), t.wordRange)))
            case .string:
                parts.args.append(.string(Syntax(lexer.text(t), t.range)))
            case .keyValue:
                parts.attributes.append(Attribute(key: Syntax(lexer.key(t), t.start..<t.keyEnd),
                                                  value: Syntax(lexer.text(t), t.keyEnd + 1..<t.end)))
            case .tag:
                if t.valueEnd == t.valueStart { throw SyntaxError("a tag needs a name after '#'", t.range) }
                parts.tags.append(Syntax(lexer.text(t), t.range))
            case .colon:
                break
            case .semicolon, .end:
                return parts
            }
            if t.colon || t.kind == .colon {
                parts.text = takeRest(from: t.end)
                return parts
            }
            try advance()
        }
        return parts
    }

    /// The rest of the line from `from` as text (`: TEXT`), consumed.
    mutating func takeRest(from: Int) -> Syntax<String> {
        let text = Syntax(lexer.rest(from: from), from..<lexer.bytes.count)
        lexer.finish()
        token = Token(kind: .end, start: lexer.bytes.count, end: lexer.bytes.count)
        return text
    }

    func noAttributes(_ p: Parts, _ cmd: String) throws(SyntaxError) {
        if let a = p.attributes.first { throw SyntaxError("'\(cmd)' takes no key=value", a.key.range.lowerBound..<a.value.range.upperBound) }
    }

    func noTags(_ p: Parts, _ cmd: String) throws(SyntaxError) {
        if let t = p.tags.first { throw SyntaxError("'\(cmd)' takes no tags", t.range) }
    }

    func noText(_ p: Parts, _ cmd: String) throws(SyntaxError) {
        if let t = p.text { throw SyntaxError("'\(cmd)' takes no text", t.range) }
    }

    func tooMany(_ p: Parts, _ max: Int, _ usage: String) throws(SyntaxError) {
        if p.args.count > max {
            throw SyntaxError("too many words: \(usage)", p.args[max].syntax.range)
        }
    }

    func word(_ a: Arg, _ what: String) throws(SyntaxError) -> Syntax<String> {
        guard case .word(let s) = a else { throw SyntaxError("\(what) is a word, not a quoted string", a.syntax.range) }
        return s
    }

    func nonEmpty(_ s: Syntax<String>, _ what: String) throws(SyntaxError) -> Syntax<String> {
        if s.value.isEmpty { throw SyntaxError("\(what) is empty", s.range) }
        return s
    }

    var here: Range<Int> { token.start..<max(token.end, token.start + 1) }
}
