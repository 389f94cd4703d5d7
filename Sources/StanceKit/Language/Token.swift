/// A token of the command language: byte ranges into its logical line, no text of its own, so
/// that lexing makes no `String`. `Lexer.text` makes one of a value the parser keeps.
public struct Token: Sendable {
    public enum Kind: UInt8, Sendable {
        case word       // a bare word: ids, command words, signs, times (`@…`)
        case string     // "…"
        case keyValue   // key=value or key="value"
        case tag        // #tag
        case colon      // a lone `:`: the rest of the line is text
        case semicolon  // separates commands
        case end
    }

    public var kind: Kind
    public var start: Int
    public var end: Int
    /// The value's bytes: the word, the string between its quotes, the tag's name after `#`, or
    /// the value of key=value (between its quotes when quoted); never a final `:`.
    public var valueStart: Int
    public var valueEnd: Int
    /// key=value: where the key ends (at the `=`).
    public var keyEnd: Int = 0
    /// The value was a quoted string (a string, or key="value").
    public var quoted = false
    /// The quoted value holds escapes, which `Lexer.text` decodes.
    public var escaped = false
    /// The word (or key=value, or tag) ended in `:`, not part of the value: the rest of the line is text.
    public var colon = false

    public init(kind: Kind, start: Int, end: Int, valueStart: Int? = nil, valueEnd: Int? = nil) {
        self.kind = kind
        self.start = start
        self.end = end
        self.valueStart = valueStart ?? start
        self.valueEnd = valueEnd ?? end
    }

    public var range: Range<Int> { start..<end }
    /// The range of a word without its final `:`.
    public var wordRange: Range<Int> { colon ? start..<end - 1 : start..<end }
}

/// A lexing or parsing failure at a byte range of the logical line.
public struct SyntaxError: Error, Sendable {
    public var message: String
    public var range: Range<Int>
    /// The input ended inside a string or after a trailing `\`: more lines complete it.
    public var incomplete: Bool

    public init(_ message: String, _ range: Range<Int>, incomplete: Bool = false) {
        self.message = message
        self.range = range
        self.incomplete = incomplete
    }
}
