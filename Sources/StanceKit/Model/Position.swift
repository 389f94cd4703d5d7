/// What a holder takes on a target.
public enum Position: UInt8, CaseIterable, Sendable, Hashable {
    case supports, opposes, mixed, neutral, raises

    public var word: String {
        switch self {
        case .supports: "supports"
        case .opposes: "opposes"
        case .mixed: "mixed"
        case .neutral: "neutral"
        case .raises: "raises"
        }
    }

    public var sign: String {
        switch self {
        case .supports: "+"
        case .opposes: "-"
        case .mixed: "~"
        case .neutral: "="
        case .raises: "!"
        }
    }

    /// Positions that are each other's opposite, for conflicts.
    public func isOpposite(of other: Position) -> Bool {
        (self == .supports && other == .opposes) || (self == .opposes && other == .supports)
    }

    public init?(sign: String) {
        switch sign {
        case "+": self = .supports
        case "-": self = .opposes
        case "~": self = .mixed
        case "=": self = .neutral
        case "!": self = .raises
        default: return nil
        }
    }

    /// A full word, in any case.
    public init?(fullWord word: String) {
        switch word.utf8.first {
        case 115 where word == "supports": self = .supports
        case 111 where word == "opposes": self = .opposes
        case 109 where word == "mixed": self = .mixed
        case 110 where word == "neutral": self = .neutral
        case 114 where word == "raises": self = .raises
        default:
            let w = word.lowercased()
            guard w != word, let p = Position(fullWord: w) else { return nil }
            self = p
        }
    }

    /// A sign, a full word, or an unambiguous prefix of a word of at least two letters (`sup`, `opp`).
    public init?(word: String) {
        if let p = Position(sign: word) ?? Position(fullWord: word) { self = p; return }
        let w = word.lowercased()
        guard w.utf8.count >= 2 else { return nil }
        let matches = Position.allCases.filter { $0.word.hasPrefix(w) }
        guard matches.count == 1 else { return nil }
        self = matches[0]
    }
}
