#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import StanceKit

/// `stance import dna FILE`: Discourse Network Analyzer's event list into a new journal. The
/// commands DNAImport makes go through the one parser and apply step, and the session writes
/// them as any session does, so the journal is canonical and `stance JOURNAL` keeps going live.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Turn Discourse Network Analyzer's event list into a journal.")

    @Argument(help: "dna: DNA's event list, as its exporter and 'export dna' write it.")
    var format: String

    @Argument(help: "The event list.", completion: .file(extensions: ["csv"]))
    var file: String

    @Option(name: .shortAndLong, help: "The journal to make (it must not exist yet); by default a new one in the sessions folder.", completion: .file(extensions: ["stance"]))
    var output: String?

    @Option(help: ArgumentHelp("DNA's agreement: boolean (1 supports, 0 opposes; the default) or integer (above 0 supports, 0 neutral, below 0 opposes).", valueName: "boolean|integer"))
    var qualifier = "boolean"

    func validate() throws {
        guard format.lowercased() == "dna" else { throw ValidationError("unknown format '\(format)': stance imports dna") }
        guard ["boolean", "integer"].contains(qualifier) else { throw ValidationError("--qualifier is boolean or integer") }
    }

    func run() throws {
        let shown = Display.escapeControls(file)
        let bytes: [UInt8]
        do { bytes = try FileIO.read(file) } catch { throw Diagnostics.fail(error.description) }
        let imported: DNAImport
        do { imported = try DNAImport(bytes, source: shown, integer: qualifier == "integer") } catch {
            Diagnostics.print(error)
            throw ExitCode(1)
        }
        guard imported.statements > 0 else {
            Output.out("\(shown): no statements to import; no journal written\n")
            return
        }
        if let output, FileIO.exists(output) {
            throw Diagnostics.fail("will not import into '\(Display.escapeControls(output))': it exists; name a new journal")
        }
        if let output, !FileIO.isDirectory(FileIO.directory(of: output)) {
            throw Diagnostics.fail("cannot import into '\(Display.escapeControls(output))': the folder \(Display.escapeControls(FileIO.directory(of: output))) does not exist")
        }
        let writer = output.map { JournalWriter(path: $0) } ?? JournalWriter(folder: SessionsFolder.path())
        let engine = Engine()
        engine.beginSession()
        let session = Session(engine: engine, journal: writer)
        session.answersRead = false
        for l in imported.lines {
            let line = SourceLine(source: shown, firstLine: l.number, bytes: Array(l.command.utf8))
            var failure: Diagnostic?
            do {
                session.run(try Parser.parse(line.bytes), line) { e in
                    if case .diagnostic(let d) = e { failure = d }
                }
            } catch {
                failure = line.diagnostic(error)
            }
            if let failure {
                // The journal is this import's own, made whole or not at all: a half of it goes.
                Diagnostics.print(Diagnostic(.error, "cannot import this statement: \(failure.message); no journal written", source: shown, line: l.number))
                try? session.close()
                if let p = writer.path, FileIO.exists(p) { unlink(p) }
                throw ExitCode(1)
            }
        }
        do { try session.close() } catch { throw Diagnostics.fail(error.description) }
        let path = Display.escapeControls(writer.path ?? "")
        Output.out("\(path): \(Display.plural(imported.statements, "statement")), \(Display.plural(imported.actors, "actor")), \(Display.plural(imported.concerns, "concern")) from \(shown)\n")
    }
}
