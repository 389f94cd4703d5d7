import Foundation
import Testing

/// Shell pipelines around the built binary: closed descriptors, broken pipes, /dev/full.
enum Shell {
    /// Runs `command` in bash in `dir`, with `$STANCE` the binary.
    static func run(_ command: String, in dir: URL) throws -> Harness.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", command]
        p.currentDirectoryURL = dir
        p.environment = Harness.environment(dir, extra: ["STANCE": Harness.binary])
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Harness.Result(stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self),
                              status: p.terminationStatus, stdoutData: o)
    }
}

/// The ways a session could lose or overwrite data, each kept as the repro that showed it.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct DataLossTests {
    static let sample = """
        # stance journal 1
        @2018-04-25T17:30:00-04:00 begin version=0.1.0
        @2018-04-25T17:30:00-04:00 actor corey-levine "Corey Levine"
        @2018-04-25T17:31:00-04:00 concern dev "Development spending"

        """

    func text(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    @Test("a closed stdin, stdout or stderr never becomes the journal", arguments: [">&-", "2>&-", "<&-"])
    func closedStandardStreams(redirect: String) throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // No `end`: loading it warns on stderr.
        try Data(DataLossTests.sample.utf8).write(to: dir.appendingPathComponent("j.stance"))
        let r = try Shell.run("\"$STANCE\" j.stance -c 'actor \"Alice\"' -c list \(redirect)", in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let check = try Harness.run(["check", "j.stance"], in: dir)
        #expect(check.status == 0, "\(check.stderr)")
        let journal = text(dir.appendingPathComponent("j.stance")) ?? ""
        #expect(!journal.contains("warning") && !journal.contains("alice  actor"), "\(journal)")
    }

    @Test("repair with stdout closed writes its report nowhere near the journal")
    func repairClosedStdout() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data((DataLossTests.sample + "@2018-04").utf8).write(to: dir.appendingPathComponent("j.stance"))
        let r = try Shell.run("\"$STANCE\" repair j.stance >&-", in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Harness.run(["check", "j.stance"], in: dir).status == 0)
        #expect(text(dir.appendingPathComponent("j.stance")) == DataLossTests.sample)
    }

    @Test("an empty or header-torn journal is damaged, repairable, and gets its header before any line",
          arguments: ["", "# stance jo"])
    func headerlessJournal(start: String) throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let j = dir.appendingPathComponent("j.stance")
        try Data(start.utf8).write(to: j)
        #expect(try Harness.run(["check", "j.stance"], in: dir).status == 3)
        let session = try Harness.run(["j.stance", "-c", "actor \"Alice\""], in: dir)
        #expect(session.status == 0, "\(session.stderr)")
        #expect(text(j)?.hasPrefix("# stance journal 1\n@") == true, "\(text(j) ?? "")")
        #expect(try Harness.run(["check", "j.stance"], in: dir).status == 0)

        try Data(start.utf8).write(to: j)
        let repair = try Harness.run(["repair", "j.stance"], in: dir)
        #expect(repair.status == 0, "\(repair.stderr)")
        #expect(text(j) == "# stance journal 1\n")
        #expect(text(dir.appendingPathComponent("j.stance.bak")) == start)
        #expect(try Harness.run(["check", "j.stance"], in: dir).status == 0)
    }

    @Test("a new journal is made whole: no temporary file is left beside it")
    func newJournalLeavesNothingElse() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Harness.run(["j.stance", "-c", "actor \"Alice\""], in: dir).status == 0)
        #expect(try Harness.run([], script: "actor \"Bob\"\n", in: dir).status == 0)
        let here = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(here == ["Sessions", "j.stance"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("Sessions").path).count == 1)
    }

    @Test("two sessions on a new path: the second to change is refused (exit 2), never appends")
    func twoSessionsOnANewPath() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let journal = dir.appendingPathComponent("new.stance")
        let first = try Driven([journal.path], in: dir)
        let second = try Driven([journal.path], in: dir)
        usleep(200_000)
        second.send("actor \"Bruno\"")
        #expect(second.waitForLines(1))
        first.send("actor \"Alice\"")
        #expect(first.finish() == 2)
        #expect(first.stderr.contains("a file appeared at this path after the session began"), "\(first.stderr)")
        #expect(first.lines.isEmpty, "not acknowledged")
        #expect(second.finish() == 0)
        let written = text(journal) ?? ""
        #expect(written.contains("Bruno") && !written.contains("Alice"), "\(written)")
        #expect(try Harness.run(["check", journal.path], in: dir).status == 0)
    }

    @Test("a file another program makes at the path meanwhile is never appended to")
    func fileMadeMeanwhile() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let journal = dir.appendingPathComponent("new.stance")
        let p = try Driven([journal.path], in: dir)
        usleep(200_000)
        try Data("someone else's\n".utf8).write(to: journal)
        p.send("actor \"Alice\"")
        #expect(p.finish() == 2)
        #expect(text(journal) == "someone else's\n")
    }

    @Test("export never replaces a journal: the session's, one it read, or any file that starts as one")
    func exportOverAJournal() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let j = dir.appendingPathComponent("r4.stance"), other = dir.appendingPathComponent("other.stance")
        try Data(DataLossTests.sample.utf8).write(to: j)
        try Data(DataLossTests.sample.utf8).write(to: other)
        let inSession = try Harness.run(["r4.stance", "-c", "export md r4.stance"], in: dir)
        #expect(inSession.status == 1)
        #expect(inSession.stderr.contains("will not export over 'r4.stance'"), "\(inSession.stderr)")
        let cli = try Harness.run(["export", "r4.stance", "csv", "-o", "r4.stance"], in: dir)
        #expect(cli.status == 2)
        let anyJournal = try Harness.run(["--no-journal", "-c", "export md other.stance"], in: dir)
        #expect(anyJournal.status == 1)
        let fresh = try Harness.run(["new.stance", "-c", "export md new.stance"], in: dir)
        #expect(fresh.status == 1)
        #expect(text(other) == DataLossTests.sample)
        #expect(text(j)?.hasPrefix(DataLossTests.sample) == true)
        #expect(try Harness.run(["check", "r4.stance"], in: dir).status == 0)
        // What is not a journal is replaced, as before.
        try Data("old\n".utf8).write(to: dir.appendingPathComponent("out.md"))
        #expect(try Harness.run(["export", "r4.stance", "md", "-o", "out.md"], in: dir).status == 0)
        #expect(text(dir.appendingPathComponent("out.md"))?.hasPrefix("#") == true)
    }

    @Test("a journal piped in is read as a journal: its export line does not run")
    func pipedJournal() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hostile = DataLossTests.sample + "export md victim\n"
        for args in [["--no-journal"], []] {
            let r = try Harness.run(args, script: hostile, in: dir)
            #expect(r.status == 3, "\(r.stderr)")
            #expect(r.stderr.contains("'export' is a query"), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("victim").path))
        }
        let sound = try Harness.run([], script: DataLossTests.sample, in: dir)
        #expect(sound.status == 0)
        #expect(sound.stdout.contains("actor corey-levine"), "\(sound.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Sessions").path), "loaded, not copied")
    }

    @Test("a broken pipe stops the script with 141; what was acknowledged stays")
    func brokenPipe() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = (1...2000).map { "actor \"Person \($0)\"\n" }.joined()
        try Data(script.utf8).write(to: dir.appendingPathComponent("s.txt"))
        let r = try Shell.run("\"$STANCE\" j.stance < s.txt | head -1; echo ${PIPESTATUS[0]}", in: dir)
        #expect(r.stdout == "actor person-1: Person 1\n141\n", "\(r.stdout)")
        let check = try Harness.run(["check", "j.stance"], in: dir)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(text(dir.appendingPathComponent("j.stance"))?.contains("Person 1\"") == true)
    }

    @Test("a write error on stdout is an error: exit 1 with a message")
    func devFull() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data((DataLossTests.sample + "@2018-04-25T17:40:00-04:00 end\n").utf8).write(to: dir.appendingPathComponent("j.stance"))
        let r = try Shell.run("\"$STANCE\" export j.stance csv > /dev/full", in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot write to standard output: No space left on device"), "\(r.stderr)")
        let q = try Shell.run("\"$STANCE\" j.stance --no-journal -c list > /dev/full", in: dir)
        #expect(q.status == 1)
    }
}
