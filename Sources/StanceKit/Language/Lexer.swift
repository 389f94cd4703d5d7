/// Splits a logical line (bytes, possibly holding newlines from continuations) into tokens.
/// The parser pulls tokens one at a time, and can take the raw rest of the line as text.
public struct Lexer {
    public let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
    /// A byte that ends a bare word.
    @inline(__always) static func isDelimiter(_ c: UInt8) -> Bool { isSpace(c) || c == 34 || c == 59 }

    /// Skips blanks, `\` + newline continuations and comments.
    mutating func skipTrivia() throws(SyntaxError) {
        while offset < bytes.count {
            let c = bytes[offset]
            if Lexer.isSpace(c) {
                offset += 1
            } else if c == 92 { // backslash
                if offset + 1 == bytes.count {
                    throw SyntaxError("the line ends in '\\': it continues on the next line", offset..<offset + 1,
                                      incomplete: true)
                }
                if bytes[offset + 1] == 10 { offset += 2; continue }
                if bytes[offset + 1] == 13, offset + 2 < bytes.count, bytes[offset + 2] == 10 { offset += 3; continue }
                return
            } else if c == 35, offset + 1 == bytes.count || Lexer.isSpace(bytes[offset + 1]) {
                // `# ` starts a comment to the end of the physical line.
                while offset < bytes.count && bytes[offset] != 10 { offset += 1 }
            } else {
                return
            }
        }
    }

    /// The range of a bare word starting with `@` (a time, for the parser) at the current
    /// position, consumed; nil, with nothing consumed, for anything else. Its bytes are read in
    /// place: every journal line starts with a time, and no `String` is made of it.
    mutating func time() throws(SyntaxError) -> Range<Int>? {
        try skipTrivia()
        guard offset < bytes.count, bytes[offset] == 64 else { return nil }
        var end = offset + 1
        while end < bytes.count && !Lexer.isDelimiter(bytes[end]) {
            if bytes[end] == 61 { return nil } // key=value
            end += 1
        }
        if end < bytes.count && bytes[end] == 34 { return nil } // a quote inside a word: `next` says so
        defer { offset = end }
        return offset..<end
    }

    public mutating func next() throws(SyntaxError) -> Token {
        try skipTrivia()
        guard offset < bytes.count else { return Token(kind: .end, start: offset, end: offset) }
        let start = offset
        let c = bytes[offset]
        if c == 59 {
            offset += 1
            return Token(kind: .semicolon, start: start, end: offset)
        }
        if c == 34 {
            var tok = Token(kind: .string, start: start, end: start)
            tok.escaped = try string()
            tok.quoted = true
            tok.valueStart = start + 1
            tok.valueEnd = offset - 1
            try expectDelimiter(after: "string")
            tok.end = offset
            return tok
        }
        // A bare word, a tag, or key=value.
        var eq = -1
        while offset < bytes.count && !Lexer.isDelimiter(bytes[offset]) {
            if bytes[offset] == 61 && eq < 0 && offset > start { eq = offset }
            offset += 1
        }
        var end = offset
        if c == 35 { // #tag
            var tok = Token(kind: .tag, start: start, end: end)
            if bytes[end - 1] == 58 && end - start > 2 { tok.colon = true; end -= 1 }
            tok.valueStart = start + 1
            tok.valueEnd = end
            if offset < bytes.count && bytes[offset] == 34 {
                throw SyntaxError("a quote cannot follow a tag", offset..<offset + 1)
            }
            return tok
        }
        if eq > 0 {
            var tok = Token(kind: .keyValue, start: start, end: offset, valueStart: eq + 1)
            tok.keyEnd = eq
            if eq + 1 == offset && offset < bytes.count && bytes[offset] == 34 {
                tok.escaped = try string()
                tok.quoted = true
                tok.valueStart = eq + 2
                tok.valueEnd = offset - 1
                try expectDelimiter(after: "string")
                tok.end = offset
                return tok
            }
            if bytes[end - 1] == 58 && end - 1 > eq + 1 { tok.colon = true; end -= 1 }
            tok.valueEnd = end
            return tok
        }
        if offset < bytes.count && bytes[offset] == 34 {
            throw SyntaxError("a quote inside a word: put a space before it", offset..<offset + 1)
        }
        if end - start == 1 && c == 58 {
            return Token(kind: .colon, start: start, end: end)
        }
        var tok = Token(kind: .word, start: start, end: end)
        if c != 64 && bytes[end - 1] == 58 { tok.colon = true; tok.valueEnd = end - 1 }
        return tok
    }

    /// The value of a token as text (escapes decoded).
    public func text(_ t: Token) -> String {
        let b = bytes[t.valueStart..<t.valueEnd]
        return t.escaped ? Lexer.unescape(b) : String(decoding: b, as: UTF8.self)
    }

    /// The key of key=value.
    public func key(_ t: Token) -> String { String(decoding: bytes[t.start..<t.keyEnd], as: UTF8.self) }

    func expectDelimiter(after what: String) throws(SyntaxError) {
        if offset < bytes.count && !Lexer.isDelimiter(bytes[offset]) && bytes[offset] != 35 {
            throw SyntaxError("put a space after the closing quote", offset..<offset + 1)
        }
    }

    /// Moves past a quoted string that starts at `offset`, checking its escapes; whether it has any.
    mutating func string() throws(SyntaxError) -> Bool {
        let open = offset
        offset += 1
        var escaped = false
        while offset < bytes.count {
            let c = bytes[offset]
            if c == 34 {
                offset += 1
                return escaped
            }
            if c == 92 {
                guard offset + 1 < bytes.count else {
                    throw SyntaxError("the string is not closed", open..<bytes.count, incomplete: true)
                }
                switch bytes[offset + 1] {
                case 34, 92, 110, 116, 10: // \" \\ \n \t, and a backslash before a line break, which joins the lines
                    escaped = true
                default:
                    throw SyntaxError("unknown escape '\\\(Character(Unicode.Scalar(bytes[offset + 1])))': use \\\", \\\\, \\n or \\t",
                                      offset..<offset + 2)
                }
                offset += 2
                continue
            }
            offset += 1
        }
        throw SyntaxError("the string is not closed", open..<bytes.count, incomplete: true)
    }

    /// A string's contents with its escapes (checked by `string`) decoded.
    static func unescape(_ b: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = b.startIndex
        while i < b.endIndex {
            let c = b[i]
            guard c == 92, i + 1 < b.endIndex else { out.append(c); i += 1; continue }
            switch b[i + 1] {
            case 110: out.append(10)
            case 116: out.append(9)
            case 10: break
            case let other: out.append(other) // \" and \\
            }
            i += 2
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The raw rest of the logical line from `from`, trimmed, with `\` + newline continuations
    /// read as a space. Used by the `:` text shorthand.
    public func rest(from: Int) -> String {
        var s = from
        var e = bytes.count
        while s < e && Lexer.isSpace(bytes[s]) { s += 1 }
        while e > s && Lexer.isSpace(bytes[e - 1]) { e -= 1 }
        var out: [UInt8] = []
        out.reserveCapacity(e - s)
        var i = s
        while i < e {
            if bytes[i] == 92, i + 1 < e, bytes[i + 1] == 10 { out.append(32); i += 2; continue }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Moves to the end of the line (after taking the rest as text).
    public mutating func finish() { offset = bytes.count }
}
