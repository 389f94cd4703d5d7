#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import StanceKit

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replay", abstract: "Rebuild the state entry by entry, showing each change as it happened.")

    @Argument(help: "The journal ('-': read from stdin).", completion: .file(extensions: ["stance"]))
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

    /// `--until TIME`: RFC 3339, or `HH:MM` (to the end of that minute) on the day and offset of
    /// the journal's event (its `date=`, with its line's offset), else of its first line. Found by
    /// reading the journal up to its event, a chunk at a time.
    func limit(_ until: String, _ open: () throws -> (reader: JournalReader, done: () -> Void)) throws -> Timestamp? {
        if let t = Timestamp.parse(until) { return t }
        guard let (h, m) = parseClock(until) else { return nil }
        var day: Timestamp?
        let file = try open()
        defer { file.done() }
        // Damage is reported by the replay that follows; this one only looks for the day.
        _ = try? file.reader.replay(into: Engine(), base: FileIO.directory(of: journal), admit: { st in
            guard case .absolute(let t)? = st.time?.value else { return true }
            if day == nil { day = t }
            guard case .event(_, let attrs) = st.command,
                  let d = attrs.first(where: { $0.key.value == "date" })?.value.value,
                  let noon = Timestamp.parse(d + "T12:00:00Z") else { return true }
            let c = noon.civil
            day = Timestamp.from(year: c.year, month: c.month, day: c.day, hour: 0, minute: 0, second: 0, offset: Int(t.offset))
            return false
        })
        guard let c = day?.civil, let off = day?.offset else { return nil }
        return Timestamp.from(year: c.year, month: c.month, day: c.day, hour: h, minute: m, second: 59, offset: Int(off))
    }

    func run() throws {
        Signals.install()
        // `-`: stdin, read once (the time limit reads the journal twice); a file, a chunk at a time.
        let piped = journal == "-" ? ByteLineReader.readAll(fd: 0) ?? [] : nil
        func open() throws -> (reader: JournalReader, done: () -> Void) {
            if let piped { return (JournalReader(source: "<stdin>", bytes: piped), {}) }
            do {
                let file = try JournalReader.open(journal)
                return (file.reader, { close(file.fd) })
            } catch {
                throw Diagnostics.fail(error.description)
            }
        }
        let entryLimit = until.flatMap { Int($0) }
        let time = entryLimit == nil ? try until.flatMap { try limit($0, open) } : nil
        let file = try open()
        defer { file.done() }
        var reader = file.reader
        reader.until = time
        let engine = Engine()
        // An undo of an entry after the time is passed over.
        engine.lenientUndo = time != nil
        var entry = 0
        var admitted = 0
        var stopped = false
        var previous: Timestamp?
        _ = try loadJournal(piped == nil ? journal : "<stdin>", reader: reader, into: engine, onEntry: { _, _, outcome in
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
            return Signals.peek() == 0 && !Output.failed
        }, admit: { _ in
            // `--until ENTRY`: entries count changes, not begin or end.
            guard let entryLimit else { return true }
            admitted += 1
            stopped = admitted > entryLimit
            return !stopped
        })
        let s = engine.state
        let interrupted = Signals.peek() != 0
        let upTo = time.map { " timed at or before \($0.rfc3339)" } ?? ""
        // Actors and concerns declared after the time are there for the lines that name them, not counted.
        let entities = time.map { t in s.entities.filter { !$0.removed && !($0.created > t) }.count } ?? s.liveEntities
        Output.out("\(stopped || interrupted ? "stopped after" : "replayed") \(entry) entries\(upTo): \(Display.plural(entities, "entity", "entities")), \(Display.plural(s.liveStances, "stance"))\n")
        if Signals.take() == SIGINT { throw ExitCode(130) }
    }
}
