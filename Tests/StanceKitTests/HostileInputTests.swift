#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import StanceKit

/// Lines of the language's own words, then damaged: cut quotes, NUL bytes, invalid UTF-8, huge
/// words, random times, stray `\`, `;`, `#`, `:` and terminal escapes. Thrown at the parser and the
/// apply step, they must never crash or hang; every failure is a diagnostic inside its line; a failed
/// command leaves the state as it was; and the journal of what succeeded replays to the same state.
struct Mutator {
    var rng: SplitMix
    init(seed: Int) { rng = SplitMix(seed &+ 7919) }

    mutating func below(_ n: Int) -> Int { Int(rng.next() % UInt64(max(1, n))) }

    static let garbage: [[UInt8]] = [
        [0], [0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0x80],
        Array("\\".utf8), Array(";".utf8), Array("#".utf8), Array(":".utf8), Array("\"".utf8), Array("=".utf8),
        Array(" # ".utf8), Array(" : ".utf8), Array("@".utf8), Array("\u{1B}[2J".utf8), Array("\u{1B}]0;pwned\u{07}".utf8),
        Array("\r".utf8), Array("\t".utf8), Array("\u{7F}".utf8), Array("\u{85}".utf8), Array("é".utf8), Array("🇨🇦".utf8),
    ]
    static let times = ["@25:61 ", "@23:59:60 ", "@00:00 ", "@2018-02-30T10:00:00Z ", "@2018-13-01T00:00:00+00:00 ",
                        "@9999-12-31T23:59:59+14:00 ", "@0000-01-01T00:00:00-12:00 ", "@2018-04-25T17:42:10+99:99 ",
                        "@17:42:10.5 ", "@ ", "@@17:00 ", "@2018-04-25 ", "@-1:00 ", "@99999999999999999999:00 "]

    /// One damaged copy of a generated line.
    mutating func mutate(_ line: String) -> [UInt8] {
        var b = Array(line.utf8)
        for _ in 0..<(1 + below(3)) {
            let at = below(b.count + 1)
            switch below(9) {
            case 0:  // cut at a quote, or anywhere
                if let q = b.lastIndex(of: 34) { b.removeSubrange(q...) } else { b.removeSubrange(at...) }
            case 1, 2: b.insert(contentsOf: Mutator.garbage[below(Mutator.garbage.count)], at: at)
            case 3: b.insert(contentsOf: Array(Mutator.times[below(Mutator.times.count)].utf8), at: 0)
            case 4:  // a huge word (under the 1 MiB line limit) or a long run of one sign
                let c: UInt8 = [97, 34, 92, 59, 35, 58, 0xC3][below(7)]
                b.insert(contentsOf: [UInt8](repeating: c, count: 1 + below(below(4) == 0 ? 70_000 : 300)), at: at)
            case 5: if !b.isEmpty { b.remove(at: min(at, b.count - 1)) }
            case 6: if !b.isEmpty { b[min(at, b.count - 1)] = UInt8(truncatingIfNeeded: rng.next()) | 1 }
            case 7: b.append(92)  // a continuation
            default: b.insert(contentsOf: Array(" \(["+", "-", "~", "=", "!", "s1", "by=", "kind=", "x:"][below(9)]) ".utf8), at: at)
            }
        }
        // A physical line holds no newline: a byte 10 would make two.
        return b.map { $0 == 10 ? 32 : $0 }
    }
}

@Suite(.timeLimit(.minutes(2)))
struct HostileInputTests {
    /// The checks of one diagnostic: a line between the first physical line of its command and
    /// the current one, and a caret range inside that line (or just past its end).
    static func expectInside(_ d: Diagnostic, first: Int, last: Int, _ what: @autoclosure () -> String) {
        #expect(d.start.line >= first && d.start.line <= last, "\(what()): line \(d.start.line) not in \(first)...\(last)")
        #expect(d.start.column >= 1 && d.endColumn > d.start.column, "\(what()): \(d)")
        if let text = d.lineText {
            let n = text.unicodeScalars.count
            #expect(d.start.column <= n + 1 && d.endColumn <= n + 2, "\(what()): range \(d.start.column)..<\(d.endColumn) past a line of \(n)")
        }
        #expect(!DiagnosticRenderer().render(d).utf8.contains(0x1B), "\(what()): a raw ESC in a rendered error")
    }

    @Test("damaged lines: no crash, diagnostics inside their line, failures change nothing, replay equals live",
          arguments: 0..<40)
    func damagedLines(seed: Int) throws {
        var gen = CommandGenerator(seed: seed)
        var mut = Mutator(seed: seed)
        let live = Engine()
        var asm = LineAssembler(source: "<hostile>")
        var journal: [String] = []
        var first = 1
        var failures = 0
        for number in 1...300 {
            let line = mut.below(3) == 0 ? Array(gen.command().utf8) : mut.mutate(gen.command())
            if !asm.isContinuing { first = number }
            switch asm.add(line[...], number: number) {
            case .needMore:
                continue
            case .failed(let d):
                failures += 1
                HostileInputTests.expectInside(d, first: first, last: number, "seed \(seed) line \(number)")
            case .statements(let sts, let src):
                for st in sts {
                    switch st.command { case .export, .include: continue; default: break }
                    let before = JSONExport.document(live.state)
                    do {
                        let outcome = try live.execute(st) { (text: String) throws(SyntaxError) in journal.append(text) }
                        if case .output(let s) = outcome { #expect(!s.utf8.contains(0x1B), "seed \(seed): raw ESC in output") }
                        if case .change(let a, _) = outcome { #expect(!a.utf8.contains(0x1B), "seed \(seed): raw ESC in '\(a)'") }
                    } catch {
                        failures += 1
                        HostileInputTests.expectInside(src.diagnostic(error), first: first, last: number, "seed \(seed) line \(number)")
                        #expect(JSONExport.document(live.state) == before, "seed \(seed): a failed command on line \(number) changed the state")
                    }
                }
            }
        }
        if let d = asm.finish() { HostileInputTests.expectInside(d, first: first, last: 300, "seed \(seed) at the end") }
        #expect(failures > 30, "seed \(seed): the damage should make many lines fail")
        try #require(!journal.isEmpty, "seed \(seed): nothing succeeded")
        let time = journal[0].prefix { $0 != " " }
        let text = ([JournalWriter.header, "\(time) begin version=test"] + journal).joined(separator: "\n") + "\n"
        let replayed = Engine()
        _ = try JournalReader(source: "hostile-\(seed).stance", bytes: Array(text.utf8)).replay(into: replayed, base: "/nonexistent")
        #expect(JSONExport.document(replayed.state) == JSONExport.document(live.state), "seed \(seed): replay differs from live")
    }

    @Test("damaged journals from someone else: refused with a position inside the line, never a crash",
          arguments: 0..<20)
    func damagedJournals(seed: Int) {
        var gen = CommandGenerator(seed: seed)
        var mut = Mutator(seed: seed)
        var bytes = Array((JournalWriter.header + "\n@2018-04-25T17:00:00-04:00 begin version=x\n").utf8)
        for _ in 0..<60 {
            let line = mut.below(4) == 0 ? mut.mutate(gen.command()) : Array(gen.command().utf8)
            bytes += line + [10]
        }
        let engine = Engine()
        do {
            _ = try JournalReader(source: "other.stance", bytes: bytes).replay(into: engine, base: "/nonexistent")
        } catch {
            HostileInputTests.expectInside(error.diagnostic, first: 1, last: 62, "seed \(seed)")
        }
    }

    /// A damaged journal gives the same error at the same place, and a sound one the same state,
    /// whether it is watched entry by entry (answers and canonical lines formatted) or not, and
    /// whether it is read from memory or from a file in chunks of a few lines.
    @Test("damaged journal lines: the same outcome watched or not, in memory or in chunks", arguments: 0..<200)
    func fastPathAgreesWithGeneralPath(seed: Int) throws {
        var gen = CommandGenerator(seed: seed)
        var mut = Mutator(seed: seed)
        let live = Engine()
        var journal: [String] = []
        for _ in 0..<150 {
            guard let sts = try? Parser.parse(Array(gen.command().utf8)) else { continue }
            for st in sts {
                switch st.command { case .export, .include: continue; default: break }
                _ = try? live.execute(st) { (text: String) throws(SyntaxError) in journal.append(text) }
            }
        }
        try #require(journal.count > 10, "seed \(seed): too few changes")
        // Mostly a stance or a link, the lines a journal is mostly made of.
        let relations = journal.indices.filter { journal[$0].contains(" stance ") || journal[$0].contains(" link ") }
        let damaged = !relations.isEmpty && mut.below(5) > 0 ? relations[mut.below(relations.count)] : mut.below(journal.count)
        // A third of the time two words swapped; then half the time one garbage sequence (a NUL,
        // invalid UTF-8, a quote, a backslash, ...), half of those inside a quoted text; otherwise
        // any damage.
        func damage(_ line: String) -> [UInt8] {
            if mut.below(3) == 0 {
                // Two words swapped: a concern as the holder, a position as an id, ...
                var words = line.split(separator: " ", omittingEmptySubsequences: false)
                // Mostly among the words after the command (holder, position, target, ...).
                let low = words.count > 4 && mut.below(4) > 0 ? 2 : 1, n = min(words.count, low + 3) - low
                let a = low + mut.below(n), b = low + mut.below(n)
                words.swapAt(a, b)
                return Array(words.joined(separator: " ").utf8)
            }
            guard mut.below(2) == 0 else { return mut.mutate(line) }
            var b = Array(line.utf8)
            var at = mut.below(b.count + 1)
            if let q = b.firstIndex(of: 34), let r = b.lastIndex(of: 34), r > q, mut.below(2) == 0 { at = q + 1 + mut.below(r - q) }
            b.insert(contentsOf: Mutator.garbage[mut.below(Mutator.garbage.count)], at: at)
            return b
        }
        var bytes = Array((JournalWriter.header + "\n\(journal[0].prefix { $0 != " " }) begin version=test\n").utf8)
        for (k, line) in journal.enumerated() {
            bytes += (k == damaged ? damage(line) : Array(line.utf8)) + [10]
        }
        let fast = Engine(), general = Engine()
        let reader = JournalReader(source: "j.stance", bytes: bytes)
        var fastError: Diagnostic?, generalError: Diagnostic?
        do { _ = try reader.replay(into: fast, base: "/nonexistent") } catch { fastError = error.diagnostic }
        do { _ = try reader.replay(into: general, base: "/nonexistent") { _, _, _ in true } } catch { generalError = error.diagnostic }
        #expect(fastError?.message == generalError?.message, "seed \(seed)")
        #expect(fastError?.start == generalError?.start, "seed \(seed)")
        #expect(fastError?.endColumn == generalError?.endColumn, "seed \(seed)")
        if fastError == nil && generalError == nil {
            #expect(JSONExport.document(fast.state) == JSONExport.document(general.state), "seed \(seed)")
        }
        // And from a file, in chunks of a few lines.
        let ahead = try HostileInputTests.chunked(bytes, chunkSize: 97 + seed)
        #expect(ahead.error?.message == generalError?.message, "seed \(seed), in chunks")
        #expect(ahead.error?.start == generalError?.start, "seed \(seed), in chunks")
        #expect(ahead.error?.endColumn == generalError?.endColumn, "seed \(seed), in chunks")
        if generalError == nil {
            #expect(ahead.state == JSONExport.document(general.state), "seed \(seed), in chunks")
        }
    }

    /// `bytes` written to a file and replayed from it in chunks: the error, or the state built.
    static func chunked(_ bytes: [UInt8], chunkSize: Int) throws -> (error: Diagnostic?, state: String) {
        let path = try JournalChunkTests.file(bytes)
        defer { unlink(path) }
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let reader = try JournalReader(source: "j.stance", fd: fd, chunkSize: chunkSize)
        let engine = Engine()
        do {
            _ = try reader.replay(into: engine, base: "/nonexistent")
            return (nil, JSONExport.document(engine.state))
        } catch {
            return (error.diagnostic, JSONExport.document(engine.state))
        }
    }

    /// Journal lines that look canonical but are wrong: each refused at its line, with the same
    /// error watched or not.
    @Test("canonical-looking lines that are wrong: the same error either way", arguments: [
        "stance civ supports lev", // a concern as the holder
        "stance lev supports lev", // a position on oneself
        "stance lev supports civ by=civ", // a concern as the reporter
        "stance lev supports civ \"a\u{0}b\"", // a NUL in a text
        #"stance lev supports civ "a\qb""#, // an unknown escape
        "stance lev supports civ #a #a", // a tag twice
        "stance lev supports nobody", // an unknown id
        "link lev opposes lev", // a link to oneself
        "set lev name=\"\"", // an empty name
        "actor lev \"Again\"", // a taken id
        "concern c2 \"C\" parent=lev", // an actor as a parent
        "@2018-04-25 17:00:03-04:00 stance lev supports civ", // a space for the T: two words
        "@2018-04-25T17:00:03-04:00  stance lev supports civ", // two spaces
    ])
    func wrongCanonicalLines(line: String) throws {
        let text = JournalWriter.header + "\n@2018-04-25T17:00:00-04:00 begin version=x\n"
            + "@2018-04-25T17:00:01-04:00 actor lev \"Corey Levine\" kind=person\n"
            + "@2018-04-25T17:00:02-04:00 concern civ \"Civilians\"\n"
            + (line.hasPrefix("@") ? line : "@2018-04-25T17:00:03-04:00 \(line)") + "\n"
        let reader = JournalReader(source: "j.stance", bytes: Array(text.utf8))
        var fastError: Diagnostic?, generalError: Diagnostic?
        do { _ = try reader.replay(into: Engine(), base: "/nonexistent") } catch { fastError = error.diagnostic }
        do { _ = try reader.replay(into: Engine(), base: "/nonexistent") { _, _, _ in true } } catch { generalError = error.diagnostic }
        guard let general = generalError else {
            // Accepted when watched (a tolerated spacing): accepted unwatched too.
            #expect(fastError == nil, "'\(line)'")
            return
        }
        #expect(fastError?.message == general.message)
        #expect(fastError?.start == general.start && general.start.line == 5)
        let chunked = try HostileInputTests.chunked(Array(text.utf8), chunkSize: 64)
        #expect(chunked.error?.message == general.message && chunked.error?.start == general.start, "'\(line)', in chunks")
    }

    // Regression tests for what the fuzzer found (fuzz/regressions).

    @Test("an error in a command continued over several lines points into the line it names")
    func continuedLineDiagnostic() {
        var asm = LineAssembler(source: "<t>")
        guard case .needMore = asm.add(Array("actor \"open".utf8)[...], number: 1) else { Issue.record("continues"); return }
        guard case .failed(let d) = asm.add(Array("stance\0 x".utf8)[...], number: 2) else { Issue.record("NUL fails"); return }
        HostileInputTests.expectInside(d, first: 1, last: 2, "NUL in a continued line")
        #expect(d.start.line == 2 && d.start.column == 7)
    }
}

/// Names and texts from someone else's journal reach the terminal only through
/// `Display.escapeControls`, whose first look is eight bytes at a time.
struct DisplayEscapeTests {
    /// C0 controls, DEL and C1 controls are escaped wherever they fall in a string (each of the
    /// eight places in a word, and the tail after the last whole word); nothing else is touched.
    @Test func everyControlIsEscapedAtEveryPlace() {
        func isControl(_ u: Unicode.Scalar) -> Bool { u.value < 0x20 || u.value == 0x7F || (0x80..<0xA0).contains(u.value) }
        let controls: [Unicode.Scalar] = [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9B, 0x9F].map { Unicode.Scalar($0)! }
        let others: [Unicode.Scalar] = ["a", " ", "~", "\u{A0}", "é", "\u{C2}", "\u{100}", "\u{2026}", "\u{1F600}"]
        for length in 0...19 {
            for place in 0..<max(1, length) {
                for u in controls + others {
                    var scalars = String.UnicodeScalarView("abcdefghijklmnopqrst".unicodeScalars.prefix(length))
                    if length > 0 {
                        scalars.replaceSubrange(scalars.index(scalars.startIndex, offsetBy: place)...scalars.index(scalars.startIndex, offsetBy: place), with: [u])
                    }
                    let s = String(scalars)
                    let escaped = Display.escapeControls(s)
                    #expect((escaped != s) == s.unicodeScalars.contains(where: isControl), "\(length) \(place) \(u.value)")
                    #expect(!escaped.unicodeScalars.contains(where: isControl))
                }
            }
        }
        #expect(Display.escapeControls("tab\there\u{1B}[31m") == "tab\\there\\u{1B}[31m")
    }
}
