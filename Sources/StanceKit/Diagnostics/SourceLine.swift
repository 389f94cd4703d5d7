/// A logical line of input: its bytes (possibly several physical lines joined by continuations),
/// where it came from, and the number of its first physical line. Turns byte ranges into diagnostics.
public struct SourceLine: Sendable {
    public var source: String
    public var firstLine: Int
    public var bytes: [UInt8]

    public init(source: String, firstLine: Int, bytes: [UInt8]) {
        self.source = source
        self.firstLine = firstLine
        self.bytes = bytes
    }

    /// A diagnostic for a byte range of this line: physical line, 1-based column, the line's text.
    public func diagnostic(_ message: String, _ range: Range<Int>, _ severity: Diagnostic.Severity = .error) -> Diagnostic {
        let lower = max(0, min(range.lowerBound, bytes.count))
        var lineStart = 0
        var line = firstLine
        var i = 0
        while i < lower {
            if bytes[i] == 10 { line += 1; lineStart = i + 1 }
            i += 1
        }
        var lineEnd = lineStart
        while lineEnd < bytes.count && bytes[lineEnd] != 10 { lineEnd += 1 }
        if lineEnd > lineStart && bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
        let column = SourceLine.scalars(bytes, lineStart, lower) + 1
        let upper = max(lower, min(range.upperBound, lineEnd))
        let width = max(1, SourceLine.scalars(bytes, lower, upper))
        let text = String(decoding: bytes[lineStart..<max(lineStart, lineEnd)], as: UTF8.self)
        return Diagnostic(severity, message, source: source, line: line, column: column,
                          endColumn: column + width, lineText: text)
    }

    public func diagnostic(_ e: SyntaxError) -> Diagnostic { diagnostic(e.message, e.range) }

    /// Counts characters (bytes that do not continue a UTF-8 sequence) in a range.
    static func scalars(_ b: [UInt8], _ from: Int, _ to: Int) -> Int {
        var n = 0
        var i = from
        while i < to { if b[i] & 0xC0 != 0x80 { n += 1 }; i += 1 }
        return n
    }
}

/// Input checks that come before lexing.
public enum InputCheck {
    /// The offset and a description of the first NUL byte or invalid UTF-8 sequence, if any.
    public static func firstProblem<C: RandomAccessCollection<UInt8>>(_ b: C) -> (offset: Int, message: String)? {
        if let found = b.withContiguousStorageIfAvailable(firstProblem) { return found }
        return Array(b).withUnsafeBufferPointer(firstProblem)
    }

    static func firstProblem(_ b: UnsafeBufferPointer<UInt8>) -> (offset: Int, message: String)? {
        guard let base = b.baseAddress else { return nil }
        var i = 0
        let end = b.count
        while i < end {
            // Eight bytes at a time while they are ASCII and not NUL: most input is.
            while end - i >= 8 {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080
                if (w | ((w &- 0x0101_0101_0101_0101) & ~w)) & high != 0 { break }
                i += 8
            }
            guard i < end else { break }
            let c = b[i]
            if c < 0x80 {
                if c == 0 { return (i, "a NUL byte: the input must be text") }
                i += 1
                continue
            }
            var need = 0
            var minValue: UInt32 = 0
            var v: UInt32 = 0
            switch c {
            case 0xC2...0xDF: need = 1; v = UInt32(c & 0x1F); minValue = 0x80
            case 0xE0...0xEF: need = 2; v = UInt32(c & 0x0F); minValue = 0x800
            case 0xF0...0xF4: need = 3; v = UInt32(c & 0x07); minValue = 0x10000
            default: return (i, "invalid UTF-8 (byte 0x\(Display.hex(UInt32(c))))")
            }
            guard end - i > need else { return (i, "invalid UTF-8 (a sequence cut short)") }
            for k in 1...need {
                let cc = b[i + k]
                guard cc & 0xC0 == 0x80 else { return (i, "invalid UTF-8 (byte 0x\(Display.hex(UInt32(c))) then 0x\(Display.hex(UInt32(cc))))") }
                v = v << 6 | UInt32(cc & 0x3F)
            }
            if v < minValue || v > 0x10FFFF || (0xD800...0xDFFF).contains(v) {
                return (i, "invalid UTF-8 (an overlong or surrogate sequence)")
            }
            i += need + 1
        }
        return nil
    }
}
