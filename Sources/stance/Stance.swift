#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import StanceKit

struct Stance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stance",
        abstract: "Track who holds which position on what, live, in a replayable journal.",
        discussion: """
        Without a subcommand, runs a session: interactive when stdin is a terminal, otherwise a \
        script read from stdin. Type 'help' in a session for the command language.
        Exit codes: 0 done, 1 a command failed, 2 usage/file/lock error, 3 damaged journal, 130 interrupted.
        """,
        version: Engine.version,
        subcommands: [SessionCommand.self, Replay.self, Check.self, Repair.self, ExportCommand.self, ImportCommand.self],
        defaultSubcommand: SessionCommand.self
    )
}

/// Options shared by commands that print diagnostics.
enum Diagnostics {
    static func print(_ d: Diagnostic, color: Bool = false) {
        Output.err(DiagnosticRenderer(showLocation: true, color: color).render(d))
    }

    static func fail(_ message: String, code: Int32 = 2) -> ExitCode {
        Output.err("stance: \(message)\n")
        return ExitCode(code)
    }
}

/// Loads a journal into an engine; prints warnings; damage exits 3.
func loadJournal(_ path: String, reader: JournalReader, into engine: Engine,
                 onEntry: ((Int, Statement, Engine.Outcome) -> Bool)? = nil,
                 admit: ((Statement) -> Bool)? = nil) throws -> JournalReader.Report {
    if let id = FileIO.identity(of: path) { engine.enterFile(id) }
    defer { engine.leaveFile() }
    do {
        let report = try reader.replay(into: engine, base: FileIO.directory(of: path), onEntry: onEntry, admit: admit)
        // A replay stopped on purpose returns before the end: a session open there is not news.
        for w in report.warnings { Diagnostics.print(w) }
        return report
    } catch {
        Diagnostics.print(error.diagnostic)
        throw ExitCode(3)
    }
}

/// Replays the journal at `path`, read in chunks from the file (never held whole), into `engine`.
func loadJournal(_ path: String, into engine: Engine,
                 onEntry: ((Int, Statement, Engine.Outcome) -> Bool)? = nil,
                 admit: ((Statement) -> Bool)? = nil) throws -> JournalReader.Report {
    let file: (reader: JournalReader, fd: Int32)
    do { file = try JournalReader.open(path) } catch { throw Diagnostics.fail(error.description) }
    defer { close(file.fd) }
    return try loadJournal(path, reader: file.reader, into: engine, onEntry: onEntry, admit: admit)
}

func readJournal(_ path: String) throws -> [UInt8] {
    do {
        return try FileIO.read(path)
    } catch {
        throw Diagnostics.fail(error.description)
    }
}
