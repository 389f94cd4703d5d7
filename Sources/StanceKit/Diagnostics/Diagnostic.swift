/// A position in a source: 1-based line and column (columns count Unicode scalars).
public struct SourcePosition: Hashable, Sendable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
}

/// The one error value of stance: a message at a 1-based line:column range in a source.
public struct Diagnostic: Error, Hashable, Sendable {
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var message: String
    /// The source's name: a file path, `<stdin>`, `-c`; empty for the REPL.
    public var source: String
    public var start: SourcePosition
    /// Exclusive end on the same line as `start` (a caret range); equal to start for a point.
    public var endColumn: Int
    /// The text of the physical line the diagnostic points into, if known.
    public var lineText: String?

    public init(_ severity: Severity = .error, _ message: String, source: String = "",
                line: Int = 1, column: Int = 1, endColumn: Int? = nil, lineText: String? = nil) {
        self.severity = severity
        self.message = message
        self.source = source
        self.start = SourcePosition(line: line, column: column)
        self.endColumn = max(endColumn ?? column + 1, column + 1)
        self.lineText = lineText
    }

    public static func error(_ message: String) -> Diagnostic { Diagnostic(.error, message) }
}
