/// A token of the command language, with its byte range in the logical line.
public struct Token: Sendable {
    public enum Kind: UInt8, Sendable {
        case word       // a bare word: ids, command words, signs, times (`@…`)
        case string     // "…" with escapes decoded
        case keyValue   // key=value or key="value"
        case tag        // #tag (value without the #)
        case colon      // a lone `:`: the rest of the line is text
        case semicolon  // separates commands
        case end
    }

    public var kind: Kind
    public var start: Int
    public var end: Int
    /// The word, the decoded string, the tag name, or the value of key=value.
    public var value: String
    /// The key of key=value.
    public var key: String = ""
    /// The value of key=value was a quoted string.
    public var quoted: Bool = false
    /// The word (or key=value, or tag) ended in `:`, stripped from `value`: the rest of the line is text.
    public var colon: Bool = false
    /// Byte offset where the value of key=value starts.
    public var valueStart: Int = 0

    public var range: Range<Int> { start..<end }
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
