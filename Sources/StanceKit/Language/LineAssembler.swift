/// Joins physical lines into logical ones (a trailing `\`, an unclosed `"`), checks the bytes
/// (UTF-8, no NUL, at most `maxLength`), and parses them. The REPL, pipes, `-c` and `include`
/// all read through it.
public struct LineAssembler {
    public enum Result {
        case statements([Statement], SourceLine)
        /// The line continues: the REPL prompts `...> `.
        case needMore
        case failed(Diagnostic)
    }

    /// The longest logical line: 1 MiB.
    public static let maxLength = 1 << 20

    public var source: String
    private var buffer: [UInt8] = []
    private var firstLine = 0
    public private(set) var isContinuing = false

    public init(source: String) { self.source = source }

    /// Adds one physical line (without its newline), numbered from 1.
    public mutating func add(_ line: ArraySlice<UInt8>, number: Int) -> Result {
        var line = line
        if let last = line.last, last == 13 { line = line.dropLast() }
        if !isContinuing { buffer.removeAll(keepingCapacity: true); firstLine = number }
        if let (off, message) = InputCheck.firstProblem(line) {
            let text = Array(line)
            let d = SourceLine(source: source, firstLine: number, bytes: text).diagnostic(message, off..<off + 1)
            reset()
            return .failed(d)
        }
        // The logical line: the lines before (when continued), a newline joining them, this one.
        if buffer.count + (isContinuing ? 1 : 0) + line.count > LineAssembler.maxLength {
            let d = Diagnostic(.error, "the line is longer than \(LineAssembler.maxLength) bytes (1 MiB)", source: source,
                               line: number, column: 1, lineText: String(decoding: line.prefix(200), as: UTF8.self))
            reset()
            return .failed(d)
        }
        if isContinuing { buffer.append(10) }
        buffer.append(contentsOf: line)
        let src = SourceLine(source: source, firstLine: firstLine, bytes: buffer)
        do {
            let statements = try Parser.parse(buffer)
            if buffer.last == 92 { isContinuing = true; return .needMore }
            isContinuing = false
            return .statements(statements, src)
        } catch {
            if error.incomplete { isContinuing = true; return .needMore }
            isContinuing = false
            return .failed(src.diagnostic(error))
        }
    }

    /// At the end of input: an open string or continuation is an error.
    public mutating func finish() -> Diagnostic? {
        guard isContinuing else { return nil }
        let src = SourceLine(source: source, firstLine: firstLine, bytes: buffer)
        reset()
        do {
            _ = try Parser.parse(src.bytes)
            return src.diagnostic("the input ends after a '\\': the command is not complete", max(0, buffer.count - 1)..<buffer.count)
        } catch {
            return src.diagnostic(error.incomplete ? error.message + " at the end of the input" : error.message, error.range)
        }
    }

    /// Drops a line being continued (Ctrl-C).
    public mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
        isContinuing = false
    }
}
