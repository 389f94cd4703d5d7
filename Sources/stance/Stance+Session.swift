#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import StanceKit

/// The session a `stance [OPTIONS] [JOURNAL]` line runs.
extension Stance {
    /// The session: `-c` commands, a script or a journal piped in, or the REPL.
    func runSession() throws {
        Signals.install()
        let engine = Engine()
        // `-`: stdin is the journal, replayed first; nothing is written (there is no file to append to).
        let fromStdin = journal == "-"
        let interactive = commands.isEmpty && !fromStdin && Terminal.isTerminal(0)
        // Tables are cut to the terminal's width only when stdout is a terminal; piped, every cell is whole.
        let onTerminal = Terminal.isTerminal(1)
        engine.options = QueryOptions(json: json, width: onTerminal ? Terminal.width(1) : nil, quiet: quiet)
        let writer: JournalWriter?
        var loaded: String?
        if fromStdin {
            _ = try loadJournal("-", into: engine)
            writer = nil
        } else if let path = journal {
            let w = JournalWriter(path: path)
            if FileIO.exists(path) {
                let report: JournalReader.Report
                if noJournal {
                    report = try loadJournal(path, into: engine)
                } else {
                    let reader: JournalReader
                    do { reader = try w.openExisting() } catch { throw Diagnostics.fail(error.description) }
                    report = try loadJournal(path, reader: reader, into: engine)
                }
                w.setSoundLength(report.soundLength)
                let st = engine.state
                loaded = "loaded \(Display.plural(report.entries, "entry", "entries")) from \(Display.escapeControls(FileIO.lastComponent(path))): "
                    + "\(Display.plural(st.liveEntities, "actor or concern", "actors and concerns")), \(Display.plural(st.liveStances, "stance"))"
                if let id = FileIO.identity(of: path) { engine.enterFile(id) }
            }
            writer = noJournal ? nil : w
        } else {
            writer = noJournal ? nil : JournalWriter(folder: SessionsFolder.path())
        }
        engine.beginSession()
        let session = Session(engine: engine, journal: writer)
        session.answersRead = !quiet
        if onTerminal { session.terminalWidth = { Terminal.width(1) } }
        let colorOut = Terminal.useColor(color, fd: 2)
        let runner = Runner(session: session, quiet: quiet, keepGoing: keepGoing,
                            renderer: DiagnosticRenderer(showLocation: !interactive, color: colorOut))
        var signal: Int32 = 0
        if !commands.isEmpty {
            var lines: [[UInt8]] = []
            for c in commands { lines.append(contentsOf: c.utf8.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)) }
            var i = 0
            signal = runner.runScript(source: "-c") {
                guard i < lines.count else { return .eof }
                defer { i += 1 }
                return .line(lines[i])
            }
        } else if fromStdin {
            // stdin was the journal: no commands to read.
        } else if interactive {
            signal = Interactive.run(runner: runner, session: session, color: Terminal.useColor(color, fd: 1), loaded: loaded)
        } else {
            // A journal piped in is read as a journal (journal lines only), never run as a script.
            let mark = Array(JournalWriter.mark.utf8)
            let start = ByteLineReader.readStart(fd: 0, mark: mark)
            if start == mark {
                signal = try loadPipedJournal(start, into: engine)
            } else {
                let reader = ByteLineReader(fd: 0, prefix: start)
                signal = runner.runScript(source: "<stdin>") { reader.next() }
            }
        }
        do {
            try session.close()
        } catch {
            Output.err("stance: \(error.description)\n")
            throw ExitCode(2)
        }
        // Exit here, with the state still alive: tearing down a million-entry state only to
        // return to the shell costs a sixth of a replay. Everything is written and flushed.
        if signal == SIGINT { Glibc.exit(130) }
        if signal != 0 { Glibc.exit(128 + signal) }
        Output.exitOnWriteFailure()
        // The path held another file than this session's journal: a file error, as a lock is.
        if writer?.foundAnotherFile == true && !interactive { Glibc.exit(2) }
        Glibc.exit(runner.failed && !interactive ? 1 : 0)
    }

    /// Replays a journal piped in on stdin, answering each change as a script would. It is loaded,
    /// as an opened journal is, so the session writes nothing of it. Returns a signal, or 0.
    func loadPipedJournal(_ start: [UInt8], into engine: Engine) throws -> Int32 {
        guard let rest = ByteLineReader.readAll(fd: 0) else { return Signals.take() }
        _ = try loadJournal("<stdin>", reader: JournalReader(source: "<stdin>", bytes: start + rest), into: engine) { _, _, outcome in
            if case .change(let answer, _) = outcome, !quiet { Output.out(Terminal.safe(answer) + "\n") }
            return Signals.peek() == 0 && !Output.failed
        }
        engine.beginSession()
        return Signals.take()
    }
}
