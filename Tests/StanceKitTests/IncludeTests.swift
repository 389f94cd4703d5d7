import Foundation
import Testing
@testable import StanceKit

/// `include` under undo and redo: "this file is included" is taken back and brought back with
/// what the include added, live and in a replay.
struct IncludeTests {
    static let t = "@2018-04-25T17:30:00-04:00"

    /// A fresh folder holding `other.stance` (a concern and an actor) and `outer.stance`, which
    /// includes it and adds an actor; removed afterwards.
    func withJournals(_ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stance-include-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = IncludeTests.t
        try Data("# stance journal 1\n\(t) concern c \"C\"\n\(t) actor a \"A\"\n".utf8)
            .write(to: dir.appendingPathComponent("other.stance"))
        try Data("# stance journal 1\n\(t) include \"other.stance\"\n\(t) actor b \"B\"\n".utf8)
            .write(to: dir.appendingPathComponent("outer.stance"))
        try body(dir.path)
    }

    /// Executes one typed line in `dir`, as the session does; returns the answer or output and
    /// appends the journal line to `journal`.
    @discardableResult
    func type(_ e: Engine, _ line: String, in dir: String, journal: inout [String]) throws -> String {
        var said = ""
        for st in try parse(line) {
            switch try e.execute(st, base: dir, persist: { (l: String) throws(SyntaxError) in journal.append(l) }) {
            case .change(let answer, _): said += answer
            case .output(let text): said += text
            default: break
            }
        }
        return said
    }

    /// Replays journal lines (as a session writes them) into a new engine.
    func replay(_ journal: [String], in dir: String) throws -> Engine {
        let text = ([JournalWriter.header, "\(IncludeTests.t) begin version=test"] + journal).joined(separator: "\n") + "\n"
        let e = Engine()
        _ = try JournalReader(source: "j.stance", bytes: Array(text.utf8)).replay(into: e, base: dir)
        return e
    }

    func live(_ e: Engine, _ id: String) -> Bool { e.state.entity(id: id) != nil }

    @Test("after undo of an include the file can be included again, and that include applies")
    func includeUndoInclude() throws {
        try withJournals { dir in
            let e = Engine()
            e.journalDirectory = dir
            var journal: [String] = []
            #expect(try type(e, "\(IncludeTests.t) include \"other.stance\"", in: dir, journal: &journal) == "include other.stance: 2 entries")
            #expect(live(e, "a") && live(e, "c"))
            #expect(try type(e, "\(IncludeTests.t) undo", in: dir, journal: &journal) == "undo: include other.stance taken back, with all it added")
            #expect(!live(e, "a") && !live(e, "c"))
            let again = try type(e, "\(IncludeTests.t) include \"other.stance\"", in: dir, journal: &journal)
            #expect(again == "include other.stance: 2 entries", "the second include did nothing: \(again)")
            #expect(live(e, "a") && live(e, "c"))
            #expect(e.state.liveEntities == 2)
            // The journal (include, undo, include) replays to the live state.
            #expect(journal.count == 3, "\(journal)")
            let replayed = try replay(journal, in: dir)
            #expect(JSONExport.document(replayed.state) == JSONExport.document(e.state))
            #expect(live(replayed, "a") && live(replayed, "c"))
        }
    }

    @Test("after redo of an include, a further include says it is included already; replay agrees")
    func includeUndoRedoInclude() throws {
        try withJournals { dir in
            let e = Engine()
            e.journalDirectory = dir
            var journal: [String] = []
            try type(e, "\(IncludeTests.t) include \"other.stance\"", in: dir, journal: &journal)
            try type(e, "\(IncludeTests.t) undo", in: dir, journal: &journal)
            #expect(try type(e, "\(IncludeTests.t) redo", in: dir, journal: &journal) == "redo: include other.stance back")
            #expect(live(e, "a") && live(e, "c"))
            let before = JSONExport.document(e.state)
            #expect(try type(e, "\(IncludeTests.t) include \"other.stance\"", in: dir, journal: &journal)
                    == "include: 'other.stance' is included already\n")
            #expect(JSONExport.document(e.state) == before, "an include already done changes nothing")
            #expect(journal.count == 3, "an include already done is not journaled: \(journal)")
            let replayed = try replay(journal, in: dir)
            #expect(JSONExport.document(replayed.state) == before)
            // The replayed engine knows the file is included, too.
            var more: [String] = []
            #expect(try type(replayed, "\(IncludeTests.t) include \"other.stance\"", in: dir, journal: &more)
                    == "include: 'other.stance' is included already\n")
            #expect(more.isEmpty)
        }
    }

    @Test("undo of an include takes back the journals it included, too")
    func nestedIncludeUndo() throws {
        try withJournals { dir in
            let e = Engine()
            e.journalDirectory = dir
            var journal: [String] = []
            #expect(try type(e, "\(IncludeTests.t) include \"outer.stance\"", in: dir, journal: &journal) == "include outer.stance: 2 entries")
            #expect(try type(e, "\(IncludeTests.t) include \"other.stance\"", in: dir, journal: &journal)
                    == "include: 'other.stance' is included already\n")
            #expect(try type(e, "\(IncludeTests.t) undo", in: dir, journal: &journal) == "undo: include outer.stance taken back, with all it added")
            #expect(!live(e, "a") && !live(e, "b"))
            #expect(try type(e, "\(IncludeTests.t) redo", in: dir, journal: &journal) == "redo: include outer.stance back")
            #expect(live(e, "a") && live(e, "b"))
            #expect(try type(e, "\(IncludeTests.t) undo", in: dir, journal: &journal) == "undo: include outer.stance taken back, with all it added")
            #expect(try type(e, "\(IncludeTests.t) include \"other.stance\"", in: dir, journal: &journal) == "include other.stance: 2 entries")
            #expect(live(e, "a") && !live(e, "b"))
            let replayed = try replay(journal, in: dir)
            #expect(JSONExport.document(replayed.state) == JSONExport.document(e.state))
        }
    }

    @Test("an include whose journal line cannot be written changes nothing: the file is not included")
    func failedIncludeIsNotIncluded() throws {
        try withJournals { dir in
            let e = Engine()
            let full = { (_: String) throws(SyntaxError) in throw SyntaxError("no space left on device", 0..<1) }
            let st = try parse("\(IncludeTests.t) include \"other.stance\"")[0]
            #expect(throws: SyntaxError.self) { try e.execute(st, base: dir, persist: full) }
            #expect(e.state.entities.isEmpty && e.canUndo == 0)
            var journal: [String] = []
            #expect(try type(e, "\(IncludeTests.t) include \"other.stance\"", in: dir, journal: &journal) == "include other.stance: 2 entries")
        }
    }
}
