#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import StanceKit

/// The root command: a session, with its options and JOURNAL, is what `stance` runs; the tools
/// (`check`, `repair`, `replay`, `export`, `import`) are its subcommands. A root command's own
/// positional JOURNAL would take a subcommand's name, so `main.swift` hands a line that starts with
/// one to `Tools`, which has the same subcommands and no JOURNAL. The session's options are the
/// root's own properties, not an option group: ArgumentParser reflects every type it parses, and
/// a group is one more at each start.
struct Stance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stance",
        abstract: "Track who holds which position on what, live, in a replayable journal.",
        usage: """
        stance [-c COMMAND]... [--keep-going] [--no-journal] [--quiet] [--json] [--color WHEN] [JOURNAL | -]
        stance replay|check|repair|export|import ...
        """,
        discussion: """
        Runs a session: interactive when stdin is a terminal, otherwise a script read from stdin \
        (a journal piped in is replayed as a journal). Type 'help' in a session for the command \
        language; 'man stance' has it too. '-' is standard input or output wherever a file is \
        expected.
        Exit codes: 0 done, 1 a command failed, 2 usage/file/lock error, 3 damaged journal, 130 interrupted.
        """,
        subcommands: Tools.configuration.subcommands
    )

    @Option(name: .customShort("c"), help: ArgumentHelp("Run COMMAND instead of reading stdin (repeatable).", valueName: "COMMAND"))
    var commands: [String] = []

    @Flag(help: "In a script, go on after an error (the exit code is still 1).")
    var keepGoing = false

    @Flag(help: "Write no journal.")
    var noJournal = false

    @Flag(help: "No answer lines for changes; errors still go to stderr.")
    var quiet = false

    @Flag(help: "Query output as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Colour: auto, always or never (NO_COLOR is honoured).", valueName: "WHEN"),
            completion: .list(Stance.colorWhens))
    var color: String = "auto"

    @Argument(help: ArgumentHelp("A journal to replay and append this session to (created on the first change); '-' replays one read from stdin and writes nothing (commands then come from -c).", valueName: "JOURNAL"),
              completion: .file(extensions: ["stance"]))
    var journal: String?

    @Flag(name: [.customShort("V"), .customLong("version")], help: "Show the version.")
    var version = false

    func validate() throws {
        guard Stance.colorWhens.contains(color) else {
            throw ValidationError("--color takes auto, always or never")
        }
    }

    func run() throws {
        if version {
            Output.out(Engine.version + "\n")
            return
        }
        try runSession()
    }

    /// What `--color` takes.
    static let colorWhens = ["auto", "always", "never"]
}

/// The subcommands alone, for a command line that starts with one (`stance check J`).
struct Tools: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stance",
        version: Engine.version,
        subcommands: [Replay.self, Check.self, Repair.self, ExportCommand.self, ImportCommand.self]
    )

    /// The words that name a subcommand (and `help`) as the first argument, in order.
    static let words = configuration.subcommands.map { $0._commandName } + ["help"]
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
/// `-` reads the journal from standard input.
func loadJournal(_ path: String, into engine: Engine,
                 onEntry: ((Int, Statement, Engine.Outcome) -> Bool)? = nil,
                 admit: ((Statement) -> Bool)? = nil) throws -> JournalReader.Report {
    if path == "-" {
        guard let bytes = ByteLineReader.readAll(fd: 0) else { throw ExitCode(130) }
        return try loadJournal("<stdin>", reader: JournalReader(source: "<stdin>", bytes: bytes), into: engine,
                               onEntry: onEntry, admit: admit)
    }
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
