/// A value with the byte range of the logical line it came from.
public struct Syntax<Value: Sendable>: Sendable {
    public var value: Value
    public var range: Range<Int>
    public init(_ value: Value, _ range: Range<Int>) {
        self.value = value
        self.range = range
    }
}

public typealias Ref = Syntax<String>

/// `key=value` as written.
public struct Attribute: Sendable {
    public var key: Syntax<String>
    public var value: Syntax<String>
    public init(key: Syntax<String>, value: Syntax<String>) {
        self.key = key
        self.value = value
    }
}

/// `@TIME` before a command.
public enum TimeSpec: Sendable {
    /// RFC 3339 with an offset.
    case absolute(Timestamp)
    /// `@HH:MM[:SS]`: on the session's day, with its offset (the next day when it is more than
    /// twelve hours before the session clock).
    case clock(hour: Int, minute: Int, second: Int)
    /// `@YYYY-MM-DD` alone on a line: changes the session's day.
    case date(year: Int, month: Int, day: Int)
}

/// What `undo` and `redo` take back: the last N changes (typed, and old journals), or the
/// changes named by what they take back (`undo s12-s14 corey-levine`, as journals record it).
public enum UndoTarget: Sendable {
    case count(Int)
    case labels([Syntax<String>])
}

/// One command of the language, as parsed: references are still as typed.
public enum Command: Sendable {
    // Changes (journaled).
    case actor(id: Syntax<String>?, name: Syntax<String>, attributes: [Attribute], tags: [Syntax<String>])
    case concern(id: Syntax<String>?, name: Syntax<String>, attributes: [Attribute], tags: [Syntax<String>])
    case stance(holder: Ref?, position: Syntax<Position>, target: Ref, text: Syntax<String>?, by: Ref?,
                tags: [Syntax<String>])
    case link(from: Ref, relation: Syntax<String>, to: Ref, text: Syntax<String>?)
    case note(on: Ref?, text: Syntax<String>)
    case speaker(Ref?)
    case event(title: Syntax<String>?, attributes: [Attribute])
    case set(Ref, [Attribute])
    case unset(Ref, [Syntax<String>])
    case tag(Ref, [Syntax<String>])
    case untag(Ref, [Syntax<String>])
    case rename(Ref, Syntax<String>)
    case remove(Ref)
    case undo(UndoTarget)
    case redo(UndoTarget)
    case include(Syntax<String>)
    /// `source "PATH"`: a typed script run as if its lines were typed (by `Session`); not journaled.
    case source(Syntax<String>)
    // Journal brackets.
    case begin(version: String?)
    case end
    // Queries (never journaled).
    case show(Ref)
    case list(what: Syntax<String>?, tag: Syntax<String>?, filter: Attribute?)
    case who(Syntax<Position>, Ref)
    /// `find TEXT`: stances, links and notes whose text or entities' names hold TEXT.
    case find(Syntax<String>)
    case matrix(tag: Syntax<String>?)
    case agree(Ref, Ref)
    case conflicts(Ref?)
    case shifts(Ref?)
    case timeline(Ref?)
    case report
    /// `export FORMAT [KEY=VALUE]... [FILE]`; the options each format takes are in `ExportOptions`.
    case export(format: Syntax<String>, file: Syntax<String>?, options: ExportOptions = ExportOptions())
    case log(Int?)
    case help(Syntax<String>?)
    case quit
    /// A time alone (`@10:54`, `@2021-01-14`): sets the session clock or day; records nothing.
    case clock

    /// The command word, as in `help`.
    public var word: String {
        switch self {
        case .actor: "actor"
        case .concern: "concern"
        case .stance: "stance"
        case .link: "link"
        case .note: "note"
        case .speaker: "speaker"
        case .event: "event"
        case .set: "set"
        case .unset: "unset"
        case .tag: "tag"
        case .untag: "untag"
        case .rename: "rename"
        case .remove: "remove"
        case .undo: "undo"
        case .redo: "redo"
        case .include: "include"
        case .source: "source"
        case .begin: "begin"
        case .end: "end"
        case .show: "show"
        case .list: "list"
        case .who: "who"
        case .find: "find"
        case .matrix: "matrix"
        case .agree: "agree"
        case .conflicts: "conflicts"
        case .shifts: "shifts"
        case .timeline: "timeline"
        case .report: "report"
        case .export: "export"
        case .log: "log"
        case .help: "help"
        case .quit: "quit"
        case .clock: "@"
        }
    }

    /// Whether the command may stand in a journal: changes, `include`, `speaker`, `undo`/`redo`, brackets.
    public var isJournalLine: Bool {
        switch self {
        case .actor, .concern, .stance, .link, .note, .speaker, .event, .set, .unset, .tag, .untag,
             .rename, .remove, .undo, .redo, .include, .begin, .end:
            true
        default:
            false
        }
    }
}

/// A command with its optional time and its byte range in the logical line.
public struct Statement: Sendable {
    public var time: Syntax<TimeSpec>?
    public var command: Command
    public var range: Range<Int>
    /// The first word after the time (the command word, or a shorthand's first word), for errors
    /// about the command as a whole.
    public var wordRange: Range<Int>
    public init(time: Syntax<TimeSpec>?, command: Command, range: Range<Int>, wordRange: Range<Int>? = nil) {
        self.time = time
        self.command = command
        self.range = range
        self.wordRange = wordRange ?? range
    }
}

/// The words of the language, for completion and help.
public enum Vocabulary {
    public static let changeCommands = [
        "actor", "concern", "stance", "link", "note", "speaker", "event", "set", "unset", "tag", "untag",
        "rename", "remove", "undo", "redo", "include",
    ]
    public static let queryCommands = [
        "show", "list", "find", "who", "matrix", "agree", "conflicts", "shifts", "timeline", "report", "export",
        "log", "source", "help", "quit", "exit",
    ]
    public static var commands: [String] { changeCommands + queryCommands }
    public static let listKinds = ["actors", "concerns", "stances", "links", "notes"]
    public static let exportFormats = ["json", "csv", "dna", "dot", "graphml", "md", "svg", "png"]
    public static let actorKinds = ["person", "org", "state", "group"]
}
