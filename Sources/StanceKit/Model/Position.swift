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
        guard sign.utf8.count == 1, let c = sign.utf8.first else { return nil }
        switch c {
        case 43: self = .supports // +
        case 45: self = .opposes  // -
        case 126: self = .mixed   // ~
        case 61: self = .neutral  // =
        case 33: self = .raises   // !
        default: return nil
        }
    }

    /// A full word, in any case.
    public init?(fullWord word: String) {
        guard (5...8).contains(word.utf8.count) else { return nil }
        switch word.utf8.first {
        case 115 where word == "supports": self = .supports
        case 111 where word == "opposes": self = .opposes
        case 109 where word == "mixed": self = .mixed
        case 110 where word == "neutral": self = .neutral
        case 114 where word == "raises": self = .raises
        default:
            // Only a word with capitals can be another case of one of the five.
            guard word.utf8.contains(where: { $0 >= 65 && $0 <= 90 }), case let w = word.lowercased(), w != word,
                  let p = Position(fullWord: w) else { return nil }
            self = p
        }
    }

    /// The error for a word that is no position.
    public static func notOne(_ word: String) -> String {
        "'\(Display.escapeControls(word))' is not a position: supports (+), opposes (-), mixed (~), neutral (=), raises (!)"
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
