/// A session: the engine and the journal it appends to. Runs parsed statements, writes each
/// change durably before its answer, and reports what to show. Performs no terminal I/O:
/// the executable prints what `emit` hands it.
public final class Session {
    public enum Event {
        /// One line saying what changed (already on disk).
        case answer(String)
        /// A query's output.
        case output(String)
        case diagnostic(Diagnostic)
        case quit
    }

    public let engine: Engine
    /// nil with `--no-journal`.
    public let journal: JournalWriter?
    /// Where `include` and `export` paths typed in this session are relative to.
    public var base = "."
    /// The time of the last change, for the `end` line.
    public private(set) var lastChange: Timestamp?
    /// Whether anyone reads the answers (not with `--quiet`). With no journal either, changes
    /// are applied without formatting their answers and canonical lines (`log` then has none).
    public var answersRead = true
    /// The terminal's width now, when stdout is a terminal: read before each command, so that a
    /// table follows a resize.
    public var terminalWidth: (() -> Int)?
    /// The scripts `source` is running, outermost first (absolute paths), so none sources itself.
    var sourcing: [String] = []

    public init(engine: Engine = Engine(), journal: JournalWriter?) {
        self.engine = engine
        self.journal = journal
        journal?.nameHint = { [unowned engine] in engine.state.event.title }
        engine.journalDirectory = journal?.directory
        if let journal { engine.journalPath = { [unowned journal] in journal.path } }
    }

    /// Runs the statements of one logical line; stops at the first failure and returns false.
    @discardableResult
    public func run(_ statements: [Statement], _ line: SourceLine, emit: (Event) -> Void) -> Bool {
        if let w = terminalWidth { engine.options.width = w() }
        for st in statements {
            if case .source(let path) = st.command {
                guard source(path, line, emit: emit) else { return false }
                continue
            }
            do throws(SyntaxError) {
                // The time of the change, read once from its journal line (`@TIME COMMAND`).
                var changedAt: Timestamp?
                let outcome = try engine.execute(st, mode: .input, base: base, describe: journal != nil || answersRead) { (text: String) throws(SyntaxError) in
                    changedAt = Timestamp.parse(Array(text.utf8.dropFirst().prefix { $0 != 32 })[...])
                    guard let journal else { return }
                    do throws(FileError) {
                        try journal.append(text, at: changedAt ?? Timestamp.now())
                    } catch {
                        // With its path: "exists and is not a folder" alone did not say which.
                        throw SyntaxError(error.description, st.range)
                    }
                }
                for w in engine.takeIncludeWarnings().warnings { emit(.diagnostic(w)) }
                let warnings = engine.warnings
                switch outcome {
                case .change(let answer, _):
                    lastChange = changedAt ?? lastChange
                    emit(.answer(answer))
                case .output(let s): emit(.output(s))
                case .quit: emit(.quit); return true
                case .nothing: break
                }
                for w in warnings { emit(.diagnostic(line.diagnostic(w.message, w.range, .warning))) }
            } catch {
                emit(.diagnostic(line.diagnostic(error)))
                return false
            }
        }
        return true
    }

    /// Ends the session: `end` is written when this session wrote anything.
    public func close() throws(FileError) {
        try journal?.close(at: engine.clockNow ?? lastChange ?? Timestamp.now())
    }
}

extension Session {
    /// `source "PATH"`: runs a typed script as if its lines were typed here, each change journaled
    /// as it is made; its errors point into it (PATH:LINE:COL) and the first one stops it. PATH is
    /// relative to where typed paths are (`base`), a nested `source` too; a journal is refused (it
    /// is `include`d), and so is a script that sources itself.
    func source(_ path: Syntax<String>, _ line: SourceLine, emit: (Event) -> Void) -> Bool {
        let full = FileIO.join(base, path.value)
        let shown = Display.escapeControls(path.value)
        func fail(_ message: String) -> Bool {
            emit(.diagnostic(line.diagnostic(SyntaxError(message, path.range))))
            return false
        }
        let key = FileIO.absolute(full)
        guard !sourcing.contains(key) else { return fail("'\(shown)' is being sourced already: a script cannot source itself") }
        let bytes: [UInt8]
        do { bytes = try FileIO.read(full) } catch { return fail(error.description) }
        if bytes.starts(with: Array(JournalWriter.mark.utf8)) {
            return fail("'\(shown)' is a stance journal: 'include' replays a journal, 'source' runs a typed script")
        }
        sourcing.append(key)
        defer { sourcing.removeLast() }
        var asm = LineAssembler(source: path.value)
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
        if bytes.last == 10 { lines.removeLast() }
        var quit = false
        for (n, physical) in lines.enumerated() {
            switch asm.add(physical, number: n + 1) {
            case .needMore: continue
            case .failed(let d): emit(.diagnostic(d)); return false
            case .statements(let sts, let src):
                guard run(sts, src, emit: { e in if case .quit = e { quit = true }; emit(e) }) else { return false }
            }
            if quit { return true }
        }
        if let d = asm.finish() { emit(.diagnostic(d)); return false }
        return true
    }
}
