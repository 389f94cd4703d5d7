#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import StanceKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate a journal: exit 0 when sound, 3 when damaged.")

    @Argument(help: "The journal ('-': read from stdin).", completion: .file(extensions: ["stance"]))
    var journal: String

    func run() throws {
        let shown = Display.escapeControls(journal)
        let engine = Engine()
        let report = try loadJournal(journal, into: engine)
        if report.torn || journal != "-" && isEmpty(journal) {
            let what = report.torn ? "its last line is torn; 'stance repair \(shown)' drops it" : "it is empty, its header never written; 'stance repair \(shown)' writes it"
            Output.err("\(shown): damaged: \(what) (keeping a backup)\n")
            throw ExitCode(3)
        }
        if report.tornIncludes > 0 {
            let what = report.tornIncludes == 1 ? "a journal it includes has" : "\(report.tornIncludes) journals it includes have"
            Output.err("\(shown): damaged: \(what) a torn last line, dropped (the warning above says where); 'stance repair' on that journal drops it\n")
            throw ExitCode(3)
        }
        let s = engine.state
        Output.out("\(shown): sound: \(report.entries) entries in \(Display.plural(report.sessions, "session")); \(Display.plural(s.liveEntities, "entity", "entities")), \(Display.plural(s.liveStances, "stance"))\n")
    }
}

/// Whether a file is there and empty: a journal made before journals were made whole, and killed
/// before its header was written.
func isEmpty(_ path: String) -> Bool { fileSize(path) == 0 }

/// The size of the file at `path`, or -1 when it is not there.
func fileSize(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : -1
}


struct Repair: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repair", abstract: "Drop a torn last line from a journal, keeping a backup.")

    @Argument(help: "The journal.", completion: .file(extensions: ["stance"]))
    var journal: String

    func run() throws {
        let shown = Display.escapeControls(journal)
        guard journal != "-" else { throw Diagnostics.fail("repair mends a file in place, not standard input") }
        let w = JournalWriter(path: journal)
        let reader: JournalReader
        do { reader = try w.openExisting() } catch { throw Diagnostics.fail(error.description) }
        let engine = Engine()
        let report = try loadJournal(journal, reader: reader, into: engine)
        let size = fileSize(journal)
        guard report.torn || size == 0 else {
            Output.out("\(shown): nothing to repair\n")
            return
        }
        // The backup byte for byte (a line torn in the middle of a character is not valid UTF-8),
        // copied a chunk at a time; made whole or not at all, and never through a name that is
        // there (a dangling symlink too).
        let source: Int32
        do { source = try FileIO.openForReading(journal) } catch { throw Diagnostics.fail(error.description) }
        defer { close(source) }
        var backup = journal + ".bak"
        var n = 2
        while true {
            do {
                close(try FileIO.createWhole(backup, copying: source, mode: 0o600))
                break
            } catch {
                guard error.code == EEXIST else { throw Diagnostics.fail("cannot keep a backup: \(error.description)") }
            }
            backup = journal + ".bak\(n)"
            n += 1
        }
        do { try w.cut(to: report.soundLength) } catch { throw Diagnostics.fail(error.description) }
        let kept = "the backup is \(Display.escapeControls(backup))"
        if report.soundLength == 0 {
            Output.out("\(shown): \(size == 0 ? "was empty" : "had a torn header"); wrote its header; \(kept)\n")
        } else {
            Output.out("\(shown): dropped a torn last line of \(size - report.soundLength) bytes; \(kept)\n")
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a journal: json, csv, dna, dot, graphml, md, svg or png.")

    @Argument(help: "The journal ('-': read from stdin).", completion: .file(extensions: ["stance"]))
    var journal: String

    @Argument(help: "json, csv, dna, dot, graphml, md, svg or png.", completion: .list(Vocabulary.exportFormats))
    var format: String

    @Option(name: .shortAndLong, help: "Write to FILE instead of stdout ('-': stdout).", completion: .file())
    var output: String?

    @Option(help: ArgumentHelp("graphml only: stances (holders to targets, the default), congruence, conflict (DNA's actor networks) or all (one file each: OUT-stances, OUT-congruence, OUT-conflict; needs -o).", valueName: "NETWORKS"))
    var networks: String?

    @Option(help: ArgumentHelp("dna and graphml: DNA's agreement, boolean (the default: supports 1, opposes 0) or integer (supports 1, mixed, neutral, raises 0, opposes -1).", valueName: "boolean|integer"))
    var qualifier: String?

    @Option(help: ArgumentHelp("graphml: DNA's qualifierAggregation: congruence, conflict, subtract, ignore (actor networks) or combine (holders to targets).", valueName: "AGGREGATION"))
    var qualifierAggregation: String?

    @Option(help: ArgumentHelp("graphml actor networks: no (the default), average, jaccard or cosine.", valueName: "NORMALIZATION"))
    var normalization: String?

    @Option(help: ArgumentHelp("graphml: current (each holder's latest stance on a target, the default) or all.", valueName: "current|all"))
    var statements: String?

    @Option(help: ArgumentHelp("graphml: DNA's duplicates: include (the default), document, week, month, year or acrossrange.", valueName: "DUPLICATES"))
    var duplicates: String?

    func validate() throws {
        guard Vocabulary.exportFormats.contains(format.lowercased()) else {
            throw ValidationError("unknown format '\(format)': json, csv, dna, dot, graphml, md, svg or png")
        }
        for (key, value) in options where value != nil {
            let flag = "--" + key.map { $0.isUppercase ? "-" + $0.lowercased() : String($0) }.joined()
            guard let row = ExportOptions.table.first(where: { $0.key == key }), row.formats.contains(format.lowercased()) else {
                let formats = ExportOptions.table.first { $0.key == key }?.formats.joined(separator: " and ") ?? ""
                throw ValidationError("\(flag) is for \(formats)")
            }
        }
    }

    var options: [(String, String?)] {
        [("networks", networks), ("qualifier", qualifier), ("qualifierAggregation", qualifierAggregation),
         ("normalization", normalization), ("statements", statements), ("duplicates", duplicates)]
    }

    func run() throws {
        let engine = Engine()
        _ = try loadJournal(journal, into: engine)
        var line = "export \(format.lowercased())"
        // The options become the command's key=value, checked by the same parser as a typed export.
        for case let (key, value?) in options { line += " \(key)=\(Canonical.value(value))" }
        let output = self.output == "-" ? nil : self.output
        if let output { line += " " + Canonical.quote(output) }
        let src = SourceLine(source: "export", firstLine: 1, bytes: Array(line.utf8))
        do {
            let sts = try Parser.parse(src.bytes)
            for st in sts {
                if case .output(let s) = try engine.execute(st, base: ".") {
                    if output == nil { Output.out(Output.toTerminal ? Terminal.safe(s) : s) }
                }
            }
        } catch {
            Output.err("stance: export: \(error.message)\n")
            throw ExitCode(2)
        }
    }
}
