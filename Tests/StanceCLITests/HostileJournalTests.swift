import Foundation
import Testing

/// A journal from someone else: what opening, checking and replaying it can and cannot do
/// (THREAT-MODEL.md). Also the modes of what stance writes, and a million-line journal.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct HostileJournalTests {
    static let t = "@2018-04-25T17:00:00-04:00"

    func write(_ text: String, _ url: URL) throws { try Data(text.utf8).write(to: url) }

    /// Every file under `dir` with its size, modification time and content.
    func snapshot(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: dir.path)!
        while let rel = e.nextObject() as? String {
            let p = dir.appendingPathComponent(rel).path
            let a = try FileManager.default.attributesOfItem(atPath: p)
            var d = Data("\(a[.size] ?? 0) \(a[.modificationDate] ?? 0) \(a[.posixPermissions] ?? 0)".utf8)
            if (a[.type] as? FileAttributeType) == .typeRegular { d += (try? Data(contentsOf: URL(fileURLWithPath: p))) ?? Data() }
            out[rel] = d
        }
        return out
    }

    @Test("names and texts with terminal escapes are shown escaped in show, list, queries and answers")
    func escapesShownEscaped() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let evil = "Evil\u{1B}[2J\u{1B}]0;pwned\u{07}\u{9B}31m"
        let j = dir.appendingPathComponent("other.stance")
        try write("""
            # stance journal 1
            \(Self.t) begin version=0.1.0
            \(Self.t) actor evil "\(evil)" kind=person role="\(evil)" #panel
            \(Self.t) concern c "C \(evil)"
            \(Self.t) stance evil supports c "\(evil)"
            \(Self.t) note evil "\(evil)"
            \(Self.t) end

            """, j)
        for q in ["show evil", "list", "list actors", "list stances", "list notes", "who + c", "matrix", "timeline",
                  "report", "shifts", "conflicts", "show c", "show s1"] {
            let r = try Harness.run(["--no-journal", j.path, "-c", q], in: dir)
            #expect(r.status == 0, "\(q): \(r.stderr)")
            HostileBinaryTests.noRawEscape(r, q)
            #expect(!r.stdout.contains("\u{07}") && !r.stdout.contains("\u{9B}"), "\(q): a raw BEL or CSI")
        }
        let shown = try Harness.run(["--no-journal", j.path, "-c", "show evil"], in: dir)
        #expect(shown.stdout.contains("Evil\\u{1B}[2J"), "\(shown.stdout)")
        // Answers and errors that name it.
        let r = try Harness.run(["--no-journal", j.path, "-c", "actor \"X\u{1B}[31m\"", "-c", "tag evil #x", "-c", "actor evil \"\(evil)\""], in: dir)
        HostileBinaryTests.noRawEscape(r, "answers and errors")
        #expect(r.stdout.contains("\\u{1B}"), "\(r.stdout)")
    }

    @Test("include of a file that is not a journal runs nothing of it and never prints it; a FIFO does not hang")
    func includeNonJournal() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write("SECRET-TOKEN-123\nactor \"Mallory\"\n", dir.appendingPathComponent("secret.txt"))
        #expect(mkfifo(dir.appendingPathComponent("fifo").path, 0o600) == 0)
        for target in ["secret.txt", "fifo", "/dev/zero", "/proc/self/environ", "."] {
            let j = dir.appendingPathComponent("other.stance")
            try write("# stance journal 1\n\(Self.t) begin version=0.1.0\n\(Self.t) include \"\(target)\"\n\(Self.t) end\n", j)
            for args in [["check", j.path], ["replay", j.path], [j.path, "-c", "list"], ["export", j.path, "json"]] {
                let start = Date()
                let r = try Harness.run(args, in: dir, env: ["SECRET_ENV": "SECRET-TOKEN-123"])
                #expect(Date().timeIntervalSince(start) < 10, "\(target) \(args): took too long")
                #expect(r.status != 0, "\(target) \(args): refused")
                #expect(!(r.stdout + r.stderr).contains("SECRET-TOKEN"), "\(target) \(args) printed the file: \(r.stdout)\(r.stderr)")
                #expect(!(r.stdout + r.stderr).contains("Mallory"))
            }
        }
    }

    @Test("opening, checking, replaying and exporting a journal write nothing outside the journal")
    func openingWritesNothingElsewhere() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write("# stance journal 1\n\(Self.t) begin version=0.1.0\n\(Self.t) actor a \"A\"\n\(Self.t) end\n",
                  dir.appendingPathComponent("inc.stance"))
        let j = dir.appendingPathComponent("j.stance")
        try write("# stance journal 1\n\(Self.t) begin version=0.1.0\n\(Self.t) include \"inc.stance\"\n\(Self.t) actor b \"B\"\n", j)
        // A torn, unfinished journal: loading it must not repair it in place, or touch its include.
        try FileHandle(forWritingTo: j).seekToEnd()
        let h = try FileHandle(forWritingTo: j); try h.seekToEnd(); try h.write(contentsOf: Data("\(Self.t) actor c \"C".utf8)); try h.close()
        let before = try snapshot(dir)
        for args in [["check", j.path], ["replay", j.path], [j.path, "-c", "list"], ["export", j.path, "csv"], [j.path]] {
            _ = try Harness.run(args, in: dir)
            #expect(try snapshot(dir) == before, "\(args) wrote something")
        }
        // A change writes the journal, and only it.
        let r = try Harness.run([j.path, "-c", "actor \"D\""], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let after = try snapshot(dir)
        #expect(Set(after.keys) == Set(before.keys))
        #expect(after.filter { before[$0.key] != $0.value }.map(\.key) == ["j.stance"])
    }

    @Test("journals are made 0600 and the sessions folder 0700")
    func modes() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Harness.run([], script: "actor \"A\"\n", in: dir)
        let sessions = dir.appendingPathComponent("Sessions")
        let perm = { (p: String) in (try FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as? Int) ?? -1 }
        #expect(try perm(sessions.path) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: sessions.path)
        #expect(files.count == 1)
        for f in files { #expect(try perm(sessions.appendingPathComponent(f).path) == 0o600) }
        let j = dir.appendingPathComponent("named.stance")
        _ = try Harness.run([j.path, "-c", "actor \"A\""], in: dir)
        #expect(try perm(j.path) == 0o600)
    }

    @Test("a million-line journal with a torn tail loads, with a warning")
    func millionLines() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let j = dir.appendingPathComponent("big.stance")
        var text = "# stance journal 1\n\(Self.t) begin version=0.1.0\n\(Self.t) actor a \"A\"\n\(Self.t) concern c \"C\"\n"
        text.reserveCapacity(40_000_000)
        let positions = ["supports", "opposes", "mixed"]
        for i in 0..<1_000_000 {
            text += i % 2 == 0 ? "\(Self.t) set a k=v\(i % 10)\n" : "\(Self.t) stance a \(positions[i % 3]) c\n"
        }
        text += "\(Self.t) stance a supp"
        try write(text, j)
        let start = Date()
        let r = try Harness.run([j.path, "--no-journal", "-c", "list stances #none"], in: dir)
        let seconds = Date().timeIntervalSince(start)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("1000005:1: warning: the last line is cut short"), "\(r.stderr)")
        print("figure: a 1,000,004-line journal with a torn tail loaded in \(String(format: "%.1f", seconds)) s (debug build)")
    }
}
