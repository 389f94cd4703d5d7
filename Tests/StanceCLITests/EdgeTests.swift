import Foundation
import Testing

/// Crashes and the smaller faults of the same issue, each kept as the repro that showed it.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct EdgeTests {
    func text(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    @Test("an include chain 900 deep is an error, not a stack overflow")
    func deepIncludes() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for i in 0..<900 {
            let line = "@2018-04-25T17:30:00-04:00 include \"j\(i + 1).stance\"\n"
            try Data(("# stance journal 1\n" + line).utf8).write(to: dir.appendingPathComponent("j\(i).stance"))
        }
        try Data("# stance journal 1\n@2018-04-25T17:30:00-04:00 actor a \"A\"\n".utf8).write(to: dir.appendingPathComponent("j900.stance"))
        let r = try Harness.run(["check", "j0.stance"], in: dir)
        #expect(r.status == 3, "\(r.stderr.suffix(300))")
        #expect(r.stderr.contains("more than 32 deep"))
        #expect(try Harness.run(["check", "j870.stance"], in: dir).status == 0, "30 deep is fine")
    }

    @Test("replay --speed 1e-9 over centuries waits (Ctrl-C ends it) instead of trapping")
    func slowReplay() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let j = dir.appendingPathComponent("j.stance")
        try Data("""
            # stance journal 1
            @1700-01-01T00:00:00+00:00 actor a "A"
            @2018-04-25T17:30:00-04:00 actor b "B"

            """.utf8).write(to: j)
        let p = try Driven(["replay", j.path, "--speed", "1e-9"], in: dir)
        #expect(p.waitForLines(1))
        usleep(300_000)
        #expect(p.process.isRunning, "still waiting for the next entry")
        kill(p.process.processIdentifier, SIGINT)
        #expect(p.finish() == 130)
        #expect(p.process.terminationReason == .exit)
    }

    @Test("file names are shown with control characters escaped")
    func escapedFileNames() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let name = "j\u{1B}[2J.stance"
        try Data("# stance journal 1\n@2018-04-25T17:30:00-04:00 actor a \"A\"\n@2018-04".utf8).write(to: dir.appendingPathComponent(name))
        for args in [["check", name], ["repair", name], ["check", "gone\u{1B}]0;x\u{07}"], ["no\u{1B}[2Jdir/j.stance", "-c", "actor \"B\""]] {
            let r = try Harness.run(args, in: dir)
            HostileBinaryTests.noRawEscape(r, args.joined(separator: " "))
            #expect(!r.stdout.isEmpty || !r.stderr.isEmpty)
        }
    }

    @Test("a line of exactly 1 MiB is taken; one byte more is refused")
    func oneMebibyteLine() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        func line(_ n: Int) -> String { "note \"" + String(repeating: "x", count: n - 7) + "\"" }
        #expect(line(1_048_576).utf8.count == 1_048_576)
        let exact = try Harness.run(["--no-journal"], script: line(1_048_576) + "\n", in: dir)
        #expect(exact.status == 0, "\(exact.stderr.prefix(200))")
        let over = try Harness.run(["--no-journal"], script: line(1_048_577) + "\n", in: dir)
        #expect(over.status == 1)
        #expect(over.stderr.contains("longer than 1048576 bytes"))
    }

    @Test("repair never writes through a dangling FILE.bak symlink")
    func repairDanglingBackup() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let torn = "# stance journal 1\n@2018-04-25T17:30:00-04:00 actor a \"A\"\n@2018-04"
        try Data(torn.utf8).write(to: dir.appendingPathComponent("j.stance"))
        let victim = dir.appendingPathComponent("victim")
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("j.stance.bak").path, withDestinationPath: victim.path)
        let r = try Harness.run(["repair", "j.stance"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: victim.path), "nothing written through the link")
        #expect(text(dir.appendingPathComponent("j.stance.bak2")) == torn)
    }

    @Test("the history file is used only when it is a regular file: not through a link, not a FIFO",
          arguments: ["symlink", "fifo"])
    func historyFile(kind: String) throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("state/stance")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let history = folder.appendingPathComponent("history"), victim = dir.appendingPathComponent("victim")
        try Data("keep\n".utf8).write(to: victim)
        if kind == "symlink" {
            try FileManager.default.createSymbolicLink(atPath: history.path, withDestinationPath: victim.path)
        } else {
            #expect(mkfifo(history.path, 0o600) == 0)
        }
        let t = try PTY(["--no-journal"], in: dir)
        #expect(t.expect("stance 17:30> ", timeout: 5), "the session starts")
        t.send("actor \"A\"\r")
        t.expect("actor a")
        t.expect("> ")
        t.send(PTY.ctrlD)
        #expect(t.wait() == 0)
        #expect(text(victim) == "keep\n")
    }

    @Test("undo of an include says it took the whole include back")
    func undoInclude() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("# stance journal 1\n@2018-04-25T17:30:00-04:00 concern c \"C\"\n@2018-04-25T17:30:00-04:00 actor a \"A\"\n".utf8)
            .write(to: dir.appendingPathComponent("inc.stance"))
        let r = try Harness.run(["--no-journal", "-c", "include \"inc.stance\"", "-c", "undo", "-c", "redo"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("undo: include inc.stance taken back, with all it added"), "\(r.stdout)")
        #expect(r.stdout.contains("redo: include inc.stance back"), "\(r.stdout)")
    }

    @Test("after undo of an include the file can be included again; after redo it is included already; the journal replays to the same state")
    func includeAgainAfterUndo() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("# stance journal 1\n@2018-04-25T17:30:00-04:00 concern c \"C\"\n@2018-04-25T17:30:00-04:00 actor a \"A\"\n".utf8)
            .write(to: dir.appendingPathComponent("inc.stance"))
        let include = "include \"inc.stance\""
        // include, undo, include: the second include applies, and the journal says so.
        let live = try Harness.run(["--quiet", "j.stance", "-c", include, "-c", "undo", "-c", include, "-c", "export json"], in: dir)
        #expect(live.status == 0, "\(live.stderr)")
        #expect(!live.stdout.contains("included already"), "\(live.stdout)")
        #expect(live.stdout.contains("\"id\": \"a\""), "\(live.stdout)")
        let journal = text(dir.appendingPathComponent("j.stance")) ?? ""
        #expect(journal.components(separatedBy: " include \"inc.stance\"\n").count == 3, "\(journal)")
        let replayed = try Harness.run(["export", "j.stance", "json"], in: dir)
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(replayed.stdout == live.stdout)
        // Resumed, the journal's include is done.
        let resumed = try Harness.run(["j.stance", "-c", include], in: dir)
        #expect(resumed.stdout == "include: 'inc.stance' is included already\n", "\(resumed.stdout)\(resumed.stderr)")
        // include, undo, redo, include: the last one says it is included already.
        let redone = try Harness.run(["--quiet", "k.stance", "-c", include, "-c", "undo", "-c", "redo", "-c", include, "-c", "export json"], in: dir)
        #expect(redone.status == 0, "\(redone.stderr)")
        #expect(redone.stdout.hasPrefix("include: 'inc.stance' is included already\n"), "\(redone.stdout)")
        let json = redone.stdout.dropFirst("include: 'inc.stance' is included already\n".count)
        #expect(json.contains("\"id\": \"a\""), "\(json)")
        #expect(try Harness.run(["export", "k.stance", "json"], in: dir).stdout == String(json))
    }

    @Test("a torn last line in an included journal is a warning that says where; check calls the includer damaged")
    func tornInclude() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = "@2018-04-25T17:30:00-04:00"
        try Data("# stance journal 1\n\(t) concern c \"C\"\n\(t) actor a \"A\"\n\(t) act".utf8)
            .write(to: dir.appendingPathComponent("inc.stance"))
        try Data("# stance journal 1\n\(t) begin version=0.1.0\n\(t) include \"inc.stance\"\n\(t) end\n".utf8)
            .write(to: dir.appendingPathComponent("j.stance"))
        let check = try Harness.run(["check", "j.stance"], in: dir)
        #expect(check.status == 3, "\(check.stdout)\(check.stderr)")
        #expect(check.stderr.contains("inc.stance:4:1: warning: the last line is cut short"), "\(check.stderr)")
        #expect(check.stderr.contains("(included at j.stance:3)"), "\(check.stderr)")
        #expect(check.stderr.contains("j.stance: damaged: a journal it includes has a torn last line"), "\(check.stderr)")
        // Typed, the same warning; the include itself is done.
        let typed = try Harness.run(["--no-journal", "-c", "include \"inc.stance\"", "-c", "list actors"], in: dir)
        #expect(typed.status == 0)
        #expect(typed.stderr.contains("inc.stance:4:1: warning: the last line is cut short"), "\(typed.stderr)")
        #expect(typed.stdout.contains("a"), "\(typed.stdout)")
        // Repaired, both are sound.
        #expect(try Harness.run(["repair", "inc.stance"], in: dir).status == 0)
        let again = try Harness.run(["check", "j.stance"], in: dir)
        #expect(again.status == 0 && again.stderr.isEmpty, "\(again.stderr)")
    }

    /// Peak resident memory of `stance ARGS` in kilobytes, measured by a Python parent that has
    /// no other child.
    func peakKilobytes(_ args: [String], in dir: URL) throws -> Int {
        let script = "import resource,subprocess,sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        let r = try Harness.run(["-c", script, Harness.binary] + args, in: dir, tool: "/usr/bin/python3")
        return Int(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test("replay and repair read a journal a chunk at a time: 64 MB of it never sits in memory")
    func streamedReplayAndRepair() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = "@2018-04-25T17:30:00-04:00"
        var journal = Data("# stance journal 1\n\(t) actor a \"A\"\n".utf8)
        let comment = Data(("# " + String(repeating: "x", count: 1000) + "\n").utf8)
        for _ in 0..<64 * 1024 { journal.append(comment) }
        let torn = Data("\(t) act".utf8)
        journal.append(Data("\(t) actor b \"B\"\n".utf8) + torn)
        try journal.write(to: dir.appendingPathComponent("big.stance"))
        let replay = try peakKilobytes(["replay", "big.stance"], in: dir)
        #expect(replay > 0 && replay < 32 * 1024, "replay peaked at \(replay) KB")
        let repair = try peakKilobytes(["repair", "big.stance"], in: dir)
        #expect(repair > 0 && repair < 32 * 1024, "repair peaked at \(repair) KB")
        let backup = try Data(contentsOf: dir.appendingPathComponent("big.stance.bak"))
        #expect(backup == journal, "the backup holds the file byte for byte")
        #expect(try Data(contentsOf: dir.appendingPathComponent("big.stance")) == journal.dropLast(torn.count))
    }
}

/// Faults that need a small file system of their own (a tmpfs, so root).
@Suite(.serialized, .enabled(if: getuid() == 0, "mounting a small tmpfs needs root (CI runs as root)"))
struct SmallDiskTests {

    /// Fills the file system `mount` is on.
    func fill(_ mount: URL) {
        let fd = open(mount.appendingPathComponent("filler").path, O_WRONLY | O_CREAT, 0o600)
        let block = [UInt8](repeating: 0, count: 4096)
        while write(fd, block, block.count) > 0 {}
        close(fd)
    }

    @Test("repair on a full disk leaves no half backup and the journal as it was")
    func repairHalfBackup() throws {
        try Harness.withSmallDisk("64k") { dir, mount in
            let j = mount.appendingPathComponent("j.stance")
            let torn = "# stance journal 1\n" + String(repeating: "@2018-04-25T17:30:00-04:00 note \"\(String(repeating: "x", count: 200))\"\n", count: 150) + "@2018"
            try Data(torn.utf8).write(to: j)
            let r = try Harness.run(["repair", j.path], in: dir)
            #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
            #expect(r.stderr.contains("cannot keep a backup"))
            let left = try FileManager.default.contentsOfDirectory(atPath: mount.path)
            #expect(left == ["j.stance"], "\(left)")
            #expect(try String(contentsOf: j, encoding: .utf8) == torn)
        }
    }

    @Test("a full disk at the session's end says that only the end is missing")
    func fullDiskAtEnd() throws {
        try Harness.withSmallDisk("16k") { dir, mount in
            let j = mount.appendingPathComponent("j.stance")
            let p = try Driven.withOneChange(j, in: dir)
            // A note that ends the journal at a page's end: `end` then needs a page of its own.
            let size = try FileManager.default.attributesOfItem(atPath: j.path)[.size] as! Int
            let line = "@2018-04-25T17:30:00-04:00 note \"\""
            p.send("note \"" + String(repeating: "x", count: 4096 - size - line.utf8.count - 1) + "\"")
            #expect(p.waitForLines(2))
            #expect(try FileManager.default.attributesOfItem(atPath: j.path)[.size] as! Int == 4096)
            fill(mount)
            #expect(p.finish() == 2)
            #expect(p.stderr.contains("the session's end is not saved; every change before it is"), "\(p.stderr)")
            #expect(!p.stderr.contains("the change is not saved"))
        }
    }
}
