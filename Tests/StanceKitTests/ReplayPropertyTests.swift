import Testing
@testable import StanceKit

/// A small deterministic generator (SplitMix64), so that a failing seed can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: Int) { state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random sessions of the language's own commands, most of them valid, some not.
struct CommandGenerator {
    var rng: SplitMix
    var ids: [String] = []
    var minute = 0

    init(seed: Int) { rng = SplitMix(seed) }

    static let names = ["Corey Levine", "Bruno Charbonneau", "Louise Ouimet", "MINUSMA", "Barkhane", "G5 Sahel",
                        "Université Laurentienne", "Malian civil society", "Algérie", "Canada", "Élections",
                        "Development spending", "Ethnic fragmentation", "Protection of civilians", "Straße 5"]
    static let texts = ["argued for sustained spending", "no peace to keep", "\"quoted\" and \\ slashed", "tab\there",
                        "line\nbreak", "été sécurité", "ok"]

    mutating func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
    mutating func chance(_ p: Int) -> Bool { Int(rng.next() % 100) < p }

    mutating func ref() -> String {
        if ids.isEmpty || chance(5) { return pick(["nobody", "s1", "x"]) }
        let id = pick(ids)
        if chance(30) { return String(id.prefix(max(2, id.count / 2))) }
        return id
    }

    mutating func quoted(_ s: String) -> String { Canonical.quote(s) }

    mutating func command() -> String {
        minute += Int(rng.next() % 3)
        // Absolute times, short ones on the session's day and clock, or none (the clock).
        let hhmm = "\(17 + minute / 60 % 7):\(String(format2: minute % 60))"
        let time: String
        switch rng.next() % 10 {
        case 0..<5: time = "@2018-04-25T\(hhmm):00-04:00 "
        case 5, 6: time = "@\(hhmm) "
        case 7: time = "@\(String(format2: Int(rng.next() % 24))):\(String(format2: Int(rng.next() % 60))) "
        default: time = ""
        }
        let body: String
        switch rng.next() % 26 {
        // A time alone sets the clock; a date alone changes the day.
        case 20: return chance(70) ? "@\(hhmm)" : "@2018-04-\(25 + Int(rng.next() % 2))"
        // Joint statements, with a holder named twice or missing now and then.
        case 21, 22:
            let holders = (0..<(2 + Int(rng.next() % 3))).map { _ in ref() }.joined(separator: ",") + (chance(5) ? "," : "")
            return time + "\(holders) \(pick(["+", "-", "~"])) \(ref())" + (chance(60) ? ": \(pick(["jointly", "we all agree"]))" : "")
        // Corrections of a stance.
        case 23:
            let s = "s\(1 + rng.next() % 12)"
            return time + pick(["set \(s) text=\(quoted(pick(CommandGenerator.texts)))", "set \(s) position=\(pick(["+", "opposes", "mixed"]))",
                                "set \(s) at=\(hhmm)", "set \(s) at=2018-04-25T16:00:00-04:00 position=neutral"])
        // Undo and redo by what they take back (right or wrong).
        case 24: return time + "undo \(pick(["s1", "s2-s3", "l1", "n1", "event", "speaker"]) + (chance(30) ? " " + ref() : ""))"
        case 25: return time + "event \(quoted("Panel")) date=2018-04-25" + (chance(50) ? " tz=\(pick(["-04:00", "+02:00", "UTC"]))" : "")
        case 0, 1:
            let name = pick(CommandGenerator.names) + (chance(50) ? " \(rng.next() % 100)" : "")
            let id = Identifier.make(from: name)
            if !id.isEmpty { ids.append(id) }
            body = "actor \(quoted(name)) kind=\(pick(["person", "org", "state"]))" + (chance(30) ? " #panel" : "")
        case 2:
            let name = pick(CommandGenerator.names) + " issue \(rng.next() % 50)"
            ids.append(Identifier.make(from: name))
            body = "concern \(quoted(name))" + (chance(30) ? " parent=\(ref())" : "")
        case 3, 4, 5, 6:
            body = "stance \(ref()) \(pick(["+", "-", "~", "=", "!", "supports", "opposes"])) \(ref())"
                + (chance(60) ? " \(quoted(pick(CommandGenerator.texts)))" : "") + (chance(20) ? " by=\(ref())" : "")
                // No tag, one, two (the most the journal's fast path reads), three, or one twice.
                + (chance(30) ? pick([" #t1", " #t1 #t2", " #t2 #t1 #t0", " #t0 #t0"]) : "")
        case 7:
            body = "\(pick(["+", "-", "!"])) \(ref()): \(pick(["she said so", "yes; no", "x"]))"
        case 8: body = "speaker \(chance(20) ? "-" : ref())"
        case 9: body = "link \(ref()) \(pick(Link.knownRelations)) \(ref())"
        case 10: body = "note \(chance(50) ? ref() : "") \(quoted(pick(CommandGenerator.texts)))"
        case 11:
            // One key, quoted or plain (the fast path's `setOne`), two, or a special one alone.
            switch rng.next() % 4 {
            case 0: body = "set \(ref()) role=\(pick(["chair", "vice-chair", "2"]))" + (chance(30) ? " seat=\(rng.next() % 9)" : "")
            case 1: body = "set \(ref()) kind=\(pick(["org", "state"]))"
            default: body = "set \(ref()) role=\(quoted(pick(CommandGenerator.texts)))" + (chance(20) ? " name=\"Renamed\"" : "")
            }
        case 12: body = "unset \(ref()) role"
        case 13: body = "tag \(ref()) #t\(rng.next() % 3)"
        case 14: body = "untag \(ref()) #t\(rng.next() % 3)"
        case 15:
            let new = "r\(rng.next() % 1000)"
            let old = ref()
            ids.append(new)
            body = "rename \(old) \(new)"
        case 16: body = "remove \(chance(50) ? ref() : pick(["s1", "s2", "l1", "n1", "s5"]))"
        case 17: body = "undo \(1 + rng.next() % 3)"
        case 18: body = "redo \(1 + rng.next() % 2)"
        default: body = "event \(quoted("Panel \(rng.next() % 5)")) date=2018-04-25"
        }
        return time + body
    }
}

extension String {
    init(format2 n: Int) { self = n < 10 ? "0\(n)" : "\(n)" }
}

struct ReplayPropertyTests {
    @Test("replaying a session's journal rebuilds its live state", arguments: 0..<60)
    func replayRebuildsLiveState(seed: Int) throws {
        var gen = CommandGenerator(seed: seed)
        let live = Engine()
        // The index of names kept from the start (even seeds), or made at the first reference
        // that is not an exact id (odd ones); the replay makes it only when asked, below.
        if seed % 2 == 0 { live.state.indexNames() }
        var journal = [JournalWriter.header]
        var begun = false
        var failures = 0
        for _ in 0..<200 {
            let line = gen.command()
            var asm = LineAssembler(source: "<gen>")
            guard case .statements(let sts, _) = asm.add(Array(line.utf8)[...], number: 1) else { failures += 1; continue }
            for st in sts {
                let before = JSONExport.document(live.state)
                do {
                    _ = try live.execute(st) { (text: String) throws(SyntaxError) in
                        if !begun { journal.append(String(text.prefix { $0 != " " }) + " begin version=test"); begun = true }
                        journal.append(text)
                    }
                } catch {
                    failures += 1
                    #expect(JSONExport.document(live.state) == before, "seed \(seed): a failed '\(line)' changed the state")
                }
            }
        }
        #expect(journal.count > 20, "seed \(seed): too few changes to mean anything")
        let text = journal.joined(separator: "\n") + "\n"
        let replayed = Engine()
        let report = try JournalReader(source: "seed-\(seed).stance", bytes: Array(text.utf8)).replay(into: replayed, base: ".")
        #expect(JSONExport.document(replayed.state) == JSONExport.document(live.state), "seed \(seed)")
        #expect(replayed.speaker == live.speaker)
        #expect(replayed.state.stances.map(\.undone) == live.state.stances.map(\.undone), "seed \(seed): the same ids taken back")
        #expect(replayed.state.stances.map(\.at) == live.state.stances.map(\.at), "seed \(seed): the same times")
        // Names: kept through every change, or made at once from the entities, the same lists,
        // the live entities of each name in ascending order.
        for name in Set(live.state.entities.map { Fold.lower($0.name) } + ["nobody"]) {
            let want = live.state.entities.indices.filter { !live.state.entities[$0].removed && Fold.lower(live.state.entities[$0].name) == name }.map { Int32($0) }
            #expect(live.state.entities(named: name) == want, "seed \(seed): '\(name)'")
            #expect(replayed.state.entities(named: name) == want, "seed \(seed): '\(name)'")
        }
        #expect(report.warnings.count == 1, "no end: one warning")
        _ = failures
    }
}
