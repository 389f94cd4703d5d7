#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How queries answer.
public struct QueryOptions: Sendable {
    public var json: Bool
    /// Terminal width for tables.
    public var width: Int
    public init(json: Bool = false, width: Int = 80) {
        self.json = json
        self.width = width
    }
}

/// The one apply step. The REPL, pipes, `-c`, `include` and replay all hand statements to
/// `execute`, which resolves references, validates, applies the change as one transaction,
/// hands its canonical journal line to `persist`, and answers. A command that fails changes nothing.
public final class Engine {
    public enum Mode: Sendable {
        /// Typed or scripted input: every command, references by prefix, times relative or now.
        case input
        /// A journal: only journal lines, exact ids, absolute times.
        case journal
    }

    public enum Outcome {
        /// A change: its answer line and its journal line (`@TIME COMMAND`).
        case change(answer: String, line: String)
        /// A query's output (ends in a newline, or is empty).
        case output(String)
        case quit
        /// Nothing to say (`begin`, `end`, an include already done).
        case nothing
    }

    public static let version = "0.1.0"

    public let state = State()
    /// Who is talking now: the default holder, and `by=` for what they report of others.
    public var speaker: Int32? { state.speaker }
    var undoStack = ChangeStack()
    var redoStack = ChangeStack()
    /// The last time given with `@`, for `@HH:MM`.
    public internal(set) var lastTime: Timestamp?
    /// The journal lines written by this session, for `log`.
    public internal(set) var sessionLog: [String] = []
    /// The folder of the journal being written, so that `include` records paths relative to it.
    public var journalDirectory: String?
    /// The path of the journal being written, if it has one yet, so that `export` never replaces it.
    public var journalPath: () -> String? = { nil }
    public var options = QueryOptions()
    /// Warnings from journals `include` replayed (a torn last line dropped, a session that never
    /// ended), at their own FILE:LINE; whoever runs the engine takes and shows them.
    var warnings: [Diagnostic] = []
    /// How many journals `include` replayed had a torn last line, dropped.
    var tornIncludes = 0
    /// Files included or being replayed (device and inode), for "each file once" and cycles.
    var included: Set<FileIdentity> = []
    var loading: [FileIdentity] = []

    public init() {}

    /// Marks a file as the journal being replayed or written, so that including it is a cycle.
    public func enterFile(_ id: FileIdentity) { loading.append(id); included.insert(id) }
    public func leaveFile() { _ = loading.popLast() }

    /// Starts a new session: undo and redo reach back no further than this.
    public func beginSession() {
        undoStack.removeAll()
        redoStack.removeAll()
    }

    /// The warnings since the last call, oldest first, and how many included journals were torn.
    public func takeWarnings() -> (warnings: [Diagnostic], torn: Int) {
        defer { warnings.removeAll(); tornIncludes = 0 }
        return (warnings, tornIncludes)
    }

    public var canUndo: Int { undoStack.count }
    public var canRedo: Int { redoStack.count }

    /// A no-op persistence, for `--no-journal` and tests.
    public static func discard(_ line: String) throws(SyntaxError) {}

    /// Executes one statement. With `describe: false` (a journal replayed that nobody watches
    /// line by line), a change answers `.change(answer: "", line: "")`, formats neither, and is not
    /// added to `sessionLog`; `persist` then is never called. The state reached, the errors and
    /// the undo stack are the same either way.
    public func execute(_ st: Statement, mode: Mode = .input, base: String = ".", describe: Bool = true,
                        persist: (String) throws(SyntaxError) -> Void = Engine.discard) throws(SyntaxError) -> Outcome {
        if mode == .journal {
            guard st.command.isJournalLine else {
                throw SyntaxError("'\(st.command.word)' is a query: a journal holds only changes", st.wordRange)
            }
            guard case .absolute? = st.time?.value else {
                throw SyntaxError("a journal line starts with its time, @YYYY-MM-DDTHH:MM:SS±HH:MM", st.range.lowerBound..<st.range.lowerBound + 1)
            }
        }
        switch st.command {
        case .begin:
            beginSession()
            return .nothing
        case .end:
            return .nothing
        case .quit:
            return .quit
        case .source(let path):
            // A session runs it line by line (`Session.source`); nothing else can.
            throw SyntaxError("'source' runs a script in a session, not here", path.range)
        case .show, .list, .find, .who, .matrix, .agree, .conflicts, .shifts, .timeline, .report, .export, .log, .help:
            return .output(try query(st.command, base: base))
        default:
            break
        }
        if case .include(let path) = st.command, alreadyIncluded(path.value, base: base) {
            return .output("include: '\(Display.escapeControls(path.value))' is included already\n")
        }
        let time = try resolveTime(st.time)
        let exact = mode == .journal
        if case .undo(let n) = st.command { return try undoRedo(n, undo: true, time: time, persist: persist, spec: st) }
        if case .redo(let n) = st.command { return try undoRedo(n, undo: false, time: time, persist: persist, spec: st) }
        var answer = ""
        var line = ""
        let txn = try state.transaction { () throws(SyntaxError) in
            let said = try change(st.command, at: time, exact: exact, base: base, describe: describe)
            guard describe else { return }
            line = "@\(time.rfc3339) \(said.canonical)"
            answer = said.answer
            try persist(line)
        }
        if !txn.isEmpty || isInclude(st.command) {
            undoStack.push(txn)
            redoStack.removeAll()
        }
        noteTime(st.time, time)
        if describe { sessionLog.append(line) }
        return .change(answer: answer, line: line)
    }

    /// The entity `ref` names where an entity of `kind` is expected: an exact id in one dictionary
    /// lookup, anything else (and every error) through `state.resolve`.
    func lookup(_ ref: Ref, _ kind: RefKind, exact: Bool) throws(SyntaxError) -> Int32 {
        if let i = state.entity(id: ref.value) {
            switch kind {
            case .any: return i
            case .actor: if state.entities[Int(i)].type == .actor { return i }
            case .concern: if state.entities[Int(i)].type == .concern { return i }
            }
        }
        return try state.resolve(ref, kind, exactOnly: exact)
    }

    func isInclude(_ c: Command) -> Bool { if case .include = c { true } else { false } }

    func noteTime(_ spec: Syntax<TimeSpec>?, _ t: Timestamp) {
        if spec != nil { lastTime = t }
    }

    /// The time of a command: as given, `@HH:MM` on the date and offset of the previous time
    /// (or of the event's date), or now.
    public func resolveTime(_ spec: Syntax<TimeSpec>?) throws(SyntaxError) -> Timestamp {
        guard let spec else { return Timestamp.now() }
        switch spec.value {
        case .absolute(let t):
            return t
        case .clock(let h, let m, let s):
            let base: Timestamp
            if let last = lastTime {
                base = last
            } else if let d = state.event.attribute("date"), let t = Engine.date(d) {
                base = t
            } else {
                base = Timestamp.now()
            }
            let c = base.civil
            guard let t = Timestamp.from(year: c.year, month: c.month, day: c.day, hour: h, minute: m, second: s,
                                         offset: Int(base.offset)) else {
                throw SyntaxError("that time does not exist", spec.range)
            }
            return t
        }
    }

    /// Midnight of a `YYYY-MM-DD` date in the local offset of that day.
    static func date(_ s: String) -> Timestamp? {
        guard let utc = Timestamp.parse(s + "T12:00:00Z") else { return nil }
        let off = Int(Timestamp.localOffset(at: utc.seconds))
        let c = utc.civil
        return Timestamp.from(year: c.year, month: c.month, day: c.day, hour: 0, minute: 0, second: 0, offset: off)
    }

    func undoRedo(_ n: Int, undo: Bool, time: Timestamp, persist: (String) throws(SyntaxError) -> Void,
                  spec st: Statement) throws(SyntaxError) -> Outcome {
        let available = undo ? undoStack.count : redoStack.count
        guard available >= n else {
            let what = undo ? "undo" : "redo"
            let msg = available == 0 ? "nothing to \(what) in this session"
                : "only \(available) change\(available == 1 ? "" : "s") to \(what) in this session"
            throw SyntaxError(msg, st.range)
        }
        var popped: [[Change]] = []
        var described: [String] = []
        var inverses: [[Change]] = []
        let line = "@\(time.rfc3339) \(undo ? "undo" : "redo") \(n)"
        do {
            _ = try state.transaction { () throws(SyntaxError) in
                for _ in 0..<n {
                    let txn = undo ? undoStack.pop()! : redoStack.pop()!
                    popped.append(txn)
                    described.append(self.describe(txn[...]))
                    inverses.append(state.revert(txn))
                }
                try persist(line)
            }
        } catch {
            for txn in popped.reversed() {
                if undo { undoStack.push(txn) } else { redoStack.push(txn) }
            }
            throw error
        }
        for inv in inverses {
            if undo { redoStack.push(inv) } else { undoStack.push(inv) }
        }
        noteTime(st.time, time)
        sessionLog.append(line)
        return .change(answer: "\(undo ? "undo" : "redo"): " + described.joined(separator: "; "), line: line)
    }
}
