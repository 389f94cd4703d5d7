#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How queries answer.
public struct QueryOptions: Sendable {
    public var json: Bool
    /// The width tables are cut to; nil: not cut (output that is not a terminal).
    public var width: Int?
    /// `--quiet`: no line saying where an export went.
    public var quiet: Bool
    public init(json: Bool = false, width: Int? = 80, quiet: Bool = false) {
        self.json = json
        self.width = width
        self.quiet = quiet
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
    /// The session clock and day of typed input (never of a journal's lines).
    public internal(set) var clock = SessionClock()
    /// Warnings about the command just executed (an odd time), for the caller to show once.
    public internal(set) var warnings: [SyntaxError] = []
    /// Set for a replay that skips entries: an `undo` or `redo` of something skipped is passed over.
    public var lenientUndo = false
    /// The journal lines written by this session, for `log`.
    public internal(set) var sessionLog: [String] = []
    /// The folder of the journal being written, so that `include` records paths relative to it.
    public var journalDirectory: String?
    /// The path of the journal being written, if it has one yet, so that `export` never replaces it.
    public var journalPath: () -> String? = { nil }
    public var options = QueryOptions()
    /// Warnings from journals `include` replayed (a torn last line dropped, a session that never
    /// ended), at their own FILE:LINE; whoever runs the engine takes and shows them.
    var includeWarnings: [Diagnostic] = []
    /// How many journals `include` replayed had a torn last line, dropped.
    var tornIncludes = 0
    /// Journals given to replay or write (`enterFile`), by device and inode: never included. The
    /// journals included are `state.included`, which undo and redo move like any change.
    var entered: Set<FileIdentity> = []
    /// Journals being replayed, innermost last: including one is a cycle.
    var loading: [FileIdentity] = []

    public init() {}

    /// Marks a file as the journal being replayed or written, so that including it is a cycle.
    public func enterFile(_ id: FileIdentity) { loading.append(id); entered.insert(id) }
    public func leaveFile() { _ = loading.popLast() }

    /// Starts a new session: undo and redo reach back no further than this.
    public func beginSession() {
        undoStack.removeAll()
        redoStack.removeAll()
    }

    /// The warnings since the last call, oldest first, and how many included journals were torn.
    public func takeIncludeWarnings() -> (warnings: [Diagnostic], torn: Int) {
        defer { includeWarnings.removeAll(); tornIncludes = 0 }
        return (includeWarnings, tornIncludes)
    }

    /// Takes back the change just made, as `undo` would, without a trace: neither journaled nor
    /// redoable (`replay --until TIME` for a change after that time).
    public func takeBack() {
        guard let txn = undoStack.pop() else { return }
        _ = state.revert(txn)
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
        warnings.removeAll()
        if mode == .journal {
            if case .clock = st.command {
                throw SyntaxError("a time alone sets the clock of a typed session; a journal line holds a change", st.range)
            }
            guard st.command.isJournalLine else {
                throw SyntaxError("'\(st.command.word)' is a query: a journal holds only changes", st.wordRange)
            }
            guard case .absolute? = st.time?.value else {
                throw SyntaxError("a journal line starts with its time, @YYYY-MM-DDTHH:MM:SS±HH:MM", st.range.lowerBound..<st.range.lowerBound + 1)
            }
        }
        // One switch over the command, which is large: matching it again would copy it.
        switch st.command {
        case .begin:
            beginSession()
            return .nothing
        case .end:
            return .nothing
        case .quit:
            return .quit
        case .clock:
            return try setClock(st.time!)
        case .source(let path):
            // A session runs it line by line (`Session.source`); nothing else can.
            throw SyntaxError("'source' runs a script in a session, not here", path.range)
        case .show, .list, .find, .who, .matrix, .agree, .conflicts, .shifts, .timeline, .report, .export, .log, .help:
            return .output(try query(st.command, base: base))
        case .include(let path):
            if alreadyIncluded(path.value, base: base) {
                return .output("include: '\(Display.escapeControls(path.value))' is included already\n")
            }
        case .undo(let n):
            return try undoRedo(n, undo: true, time: try resolveTime(st.time), mode: mode, persist: persist, spec: st)
        case .redo(let n):
            return try undoRedo(n, undo: false, time: try resolveTime(st.time), mode: mode, persist: persist, spec: st)
        default:
            break
        }
        let time = try resolveTime(st.time)
        let exact = mode == .journal
        var answer = ""
        var line = ""
        let txn = try state.transaction { () throws(SyntaxError) in
            let said = try change(st.command, at: time, exact: exact, base: base, describe: describe)
            guard describe else { return }
            line = "@\(time.rfc3339) \(said.canonical)"
            answer = said.answer
            try persist(line)
        }
        if !txn.isEmpty {
            undoStack.push(txn)
            redoStack.removeAll()
        }
        if mode == .input { noteTime(st.time, time) }
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


    /// `undo` / `redo`: by a count (typed, and journals written before labels), or by the labels
    /// of what they take back (`Engine.label`), each of which must be the top of its stack. The
    /// journal records the labels. With `lenientUndo` (a replay that skips entries, `replay
    /// --until TIME`), a label that is not on top is passed over: what it took back was skipped.
    func undoRedo(_ target: UndoTarget, undo: Bool, time: Timestamp, mode: Mode, persist: (String) throws(SyntaxError) -> Void,
                  spec st: Statement) throws(SyntaxError) -> Outcome {
        let what = undo ? "undo" : "redo"
        var stack: ChangeStack { undo ? undoStack : redoStack }
        let steps: Int
        var wanted: [Syntax<String>] = []
        switch target {
        case .count(let n):
            let available = stack.count
            guard available >= n else {
                let msg = available == 0 ? "nothing to \(what) in this session"
                    : "only \(Display.plural(available, "change")) to \(what) in this session"
                throw SyntaxError(msg, st.range)
            }
            steps = n
        case .labels(let ls):
            wanted = ls
            steps = ls.count
        }
        var popped: [[Change]] = []
        var described: [String] = []
        var labels: [String] = []
        var inverses: [[Change]] = []
        var line = ""
        do {
            _ = try state.transaction { () throws(SyntaxError) in
                for k in 0..<steps {
                    guard let top = stack.peek() else {
                        if lenientUndo { continue }
                        throw SyntaxError("nothing to \(what) in this session", wanted.isEmpty ? st.range : wanted[k].range)
                    }
                    let l = label(top[...])
                    if !wanted.isEmpty && wanted[k].value != l {
                        if lenientUndo { continue }
                        throw SyntaxError("the last change to \(what) is \(l), not \(Display.escapeControls(wanted[k].value))", wanted[k].range)
                    }
                    let txn = undo ? undoStack.pop()! : redoStack.pop()!
                    popped.append(txn)
                    labels.append(l)
                    described.append(self.describe(txn[...]))
                    inverses.append(state.revert(txn))
                }
                guard !labels.isEmpty else { return }
                line = "@\(time.rfc3339) \(what) " + labels.map { Int($0) != nil ? Canonical.quote($0) : $0 }.joined(separator: " ")
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
        if mode == .input { noteTime(st.time, time) }
        guard !labels.isEmpty else { return .nothing }
        sessionLog.append(line)
        return .change(answer: "\(what): " + described.joined(separator: "; "), line: line)
    }
}
