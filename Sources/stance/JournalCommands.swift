#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import StanceKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate a journal: exit 0 when sound, 3 when damaged.")

    @Argument(help: "The journal.", completion: .file(extensions: ["stance"]))
    var journal: String

    func run() throws {
        let shown = Display.escapeControls(journal)
        let engine = Engine()
        let report = try loadJournal(journal, into: engine)
        if report.torn || isEmpty(journal) {
            let what = report.torn ? "its last line is torn; 'stance repair \(shown)' drops it" : "it is empty, its header never written; 'stance repair \(shown)' writes it"
            Output.err("\(shown): damaged: \(what) (keeping a backup)\n")
            throw ExitCode(3)
        }
        let s = engine.state
        Output.out("\(shown): sound: \(report.entries) entries in \(report.sessions) session\(report.sessions == 1 ? "" : "s"); \(plural(s.liveEntities, "entity", "entities")), \(plural(s.liveStances, "stance"))\n")
    }
}

/// Whether a file is there and empty: a journal made before journals were made whole, and killed
/// before its header was written.
func isEmpty(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && st.st_size == 0
}

func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String { "\(n) \(n == 1 ? one : many ?? one + "s")" }

struct Repair: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repair", abstract: "Drop a torn last line from a journal, keeping a backup.")

    @Argument(help: "The journal.", completion: .file(extensions: ["stance"]))
    var journal: String

    func run() throws {
        let shown = Display.escapeControls(journal)
        let w = JournalWriter(path: journal)
        let reader: JournalReader
        do { reader = try w.openExisting() } catch { throw Diagnostics.fail(error.description) }
        let engine = Engine()
        let report = try loadJournal(journal, reader: reader, into: engine)
        // The backup byte for byte: a line torn in the middle of a character is not valid UTF-8.
        let bytes = try readJournal(journal)
        guard report.torn || bytes.isEmpty else {
            Output.out("\(shown): nothing to repair\n")
            return
        }
        // Made whole or not at all, and never through a name that is there (a dangling symlink too).
        var backup = journal + ".bak"
        var n = 2
        while true {
            do {
                close(try FileIO.createWhole(backup, bytes: bytes, mode: 0o600))
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
            Output.out("\(shown): \(bytes.isEmpty ? "was empty" : "had a torn header"); wrote its header; \(kept)\n")
        } else {
            Output.out("\(shown): dropped a torn last line of \(bytes.count - report.soundLength) bytes; \(kept)\n")
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a journal: json, csv, dot, graphml, md, svg or png.")

    @Argument(help: "The journal.", completion: .file(extensions: ["stance"]))
    var journal: String

    @Argument(help: "json, csv, dot, graphml, md, svg or png.")
    var format: String

    @Option(name: .shortAndLong, help: "Write to FILE instead of stdout.", completion: .file())
    var output: String?

    @Option(help: ArgumentHelp("graphml only: stances (holders to targets, the default), congruence, conflict (actor networks weighted by shared and opposed positions) or all.", valueName: "NETWORKS"))
    var networks: String?

    func validate() throws {
        guard Vocabulary.exportFormats.contains(format.lowercased()) else {
            throw ValidationError("unknown format '\(format)': json, csv, dot, graphml, md, svg or png")
        }
        if let networks {
            guard format.lowercased() == "graphml" else { throw ValidationError("--networks is for graphml") }
            guard Exports.networks.contains(networks) else { throw ValidationError("--networks is stances, congruence, conflict or all") }
        }
    }

    func run() throws {
        let engine = Engine()
        _ = try loadJournal(journal, into: engine)
        var line = "export \(format.lowercased())"
        if let networks { line += " networks=\(networks)" }
        if let output { line += " " + Canonical.quote(output) }
        let src = SourceLine(source: "export", firstLine: 1, bytes: Array(line.utf8))
        do {
            let sts = try Parser.parse(src.bytes)
            for st in sts {
                if case .output(let s) = try engine.execute(st, base: ".") {
                    if output == nil { Output.out(s) }
                }
            }
        } catch {
            Output.err("stance: export: \(error.message)\n")
            throw ExitCode(2)
        }
    }
}

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replay", abstract: "Rebuild the state entry by entry, showing each change as it happened.")

    @Argument(help: "The journal.", completion: .file(extensions: ["stance"]))
    var journal: String

    @Option(help: ArgumentHelp("Stop after this time (RFC 3339 or HH:MM) or this entry number.", valueName: "TIME|ENTRY"))
    var until: String?

    @Flag(help: "Wait for Enter after each entry.")
    var step = false

    @Option(help: ArgumentHelp("Replay in time, X times as fast as it happened.", valueName: "X"))
    var speed: Double?

    func validate() throws {
        if let speed, !(speed > 0) { throw ValidationError("--speed takes a number above 0") }
        if let until, Int(until) == nil, Timestamp.parse(until) == nil, parseClock(until) == nil {
            throw ValidationError("--until takes an entry number, HH:MM or an RFC 3339 time")
        }
    }

    func parseClock(_ s: String) -> (Int, Int)? {
        let p = s.split(separator: ":")
        guard p.count == 2, let h = Int(p[0]), let m = Int(p[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return (h, m)
    }

    /// `--until ENTRY`: the lines up to that entry (entries count change lines, not begin, end or
    /// comments), and whether any was cut.
    func cut(_ bytes: [UInt8], at limit: Int) -> (bytes: [UInt8], cut: Bool) {
        var entries = 0
        var start = 0
        while start < bytes.count {
            var stop = start
            while stop < bytes.count && bytes[stop] != 10 { stop += 1 }
            let line = bytes[start..<stop]
            if line.first == 64, !isBracket(line) {
                entries += 1
                if entries > limit { return (Array(bytes[..<start]), true) }
            }
            start = stop + 1
        }
        return (bytes, false)
    }

    func isBracket(_ line: ArraySlice<UInt8>) -> Bool {
        guard let space = line.firstIndex(of: 32) else { return false }
        let word = line[(space + 1)...].prefix { $0 != 32 && $0 != 13 }
        return word.elementsEqual("begin".utf8) || word.elementsEqual("end".utf8)
    }

    /// `--until TIME`: RFC 3339, or `HH:MM` (to the end of that minute) on the day and offset of
    /// the journal's event (its `date=`, with its line's offset), else of its first line.
    func limit(_ bytes: [UInt8], _ until: String) -> Timestamp? {
        if let t = Timestamp.parse(until) { return t }
        guard let (h, m) = parseClock(until) else { return nil }
        var day: Timestamp?
        for line in bytes.split(separator: 10) where line.first == 64 {
            guard let space = line.firstIndex(of: 32), let t = Timestamp.parse(line[(line.startIndex + 1)..<space]) else { continue }
            if day == nil { day = t }
            if let st = try? Parser.parseOne(Array(line)), case .event(_, let attrs) = st.command,
               let d = attrs.first(where: { $0.key.value == "date" })?.value.value,
               let noon = Timestamp.parse(d + "T12:00:00Z") {
                let c = noon.civil
                day = Timestamp.from(year: c.year, month: c.month, day: c.day, hour: 0, minute: 0, second: 0, offset: Int(t.offset))
                break
            }
        }
        guard let c = day?.civil, let off = day?.offset else { return nil }
        return Timestamp.from(year: c.year, month: c.month, day: c.day, hour: h, minute: m, second: 59, offset: Int(off))
    }

    func run() throws {
        Signals.install()
        var bytes = try readJournal(journal)
        var stopped = false
        var time: Timestamp?
        if let until, let n = Int(until) {
            (bytes, stopped) = cut(bytes, at: n)
        } else if let until {
            time = limit(bytes, until)
        }
        let engine = Engine()
        // An undo of an entry after the time is passed over.
        engine.lenientUndo = time != nil
        var reader = JournalReader(source: journal, bytes: bytes)
        reader.until = time
        var entry = 0
        var previous: Timestamp?
        let report = try loadJournal(journal, reader: reader, into: engine, quietAboutEnd: stopped) { _, st, outcome in
            guard case .change(let answer, let line) = outcome else { return true }
            let at = Timestamp.parse(Array(line.utf8.dropFirst().prefix { $0 != 32 })[...])
            if let speed, let at, let prev = previous, at > prev {
                // At most about 68 years: a slow speed over a journal of centuries must not overflow.
                let wait = min(Double(at.seconds - prev.seconds) / speed, Double(Int32.max))
                var ts = timespec(tv_sec: Int(wait), tv_nsec: Int((wait - Double(Int(wait))) * 1e9))
                var rest = timespec()
                while nanosleep(&ts, &rest) != 0 && errno == EINTR && Signals.peek() == 0 { ts = rest }
            }
            previous = at ?? previous
            entry += 1
            Output.out("\(entry)  \(at.map { $0.date + " " + $0.clock } ?? "")  \(answer)\n")
            if step {
                Output.out("[Enter] ")
                var c: UInt8 = 0
                while read(0, &c, 1) == 1 && c != 10 {}
            }
            _ = st
            return Signals.peek() == 0 && !Output.failed
        }
        _ = report
        let s = engine.state
        let interrupted = Signals.peek() != 0
        let upTo = time.map { " timed at or before \($0.rfc3339)" } ?? ""
        // Actors and concerns declared after the time are there for the lines that name them, not counted.
        let entities = time.map { t in s.entities.filter { !$0.removed && !($0.created > t) }.count } ?? s.liveEntities
        Output.out("\(stopped || interrupted ? "stopped after" : "replayed") \(entry) entries\(upTo): \(plural(entities, "entity", "entities")), \(plural(s.liveStances, "stance"))\n")
        if Signals.take() == SIGINT { throw ExitCode(130) }
    }
}
