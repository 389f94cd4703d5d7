import Foundation
import Testing

/// Hostile input through the binary, and the faults around the sessions folder and the journal.
/// The figures these measure are in THREAT-MODEL.md.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct HostileBinaryTests {
    /// A small deterministic generator, so that a failing seed can be replayed.
    struct LCG {
        var s: UInt64
        mutating func next() -> UInt64 { s = s &* 6364136223846793005 &+ 1442695040888963407; return s >> 17 }
    }

    static func noRawEscape(_ r: Harness.Result, _ what: String) {
        #expect(!r.stdoutData.contains(0x1B), "\(what): a raw ESC on stdout")
        #expect(!Data(r.stderr.utf8).contains(0x1B), "\(what): a raw ESC on stderr")
    }

    @Test("random bytes and invalid UTF-8 on stdin: exit 0 or 1, never a signal", arguments: 0..<24)
    func randomBytes(seed: Int) throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var g = LCG(s: UInt64(seed) &+ 99)
        var bytes = [UInt8]()
        let words = ["actor \"A\"", "+", "stance", "\"", "\\", ";", "#", ":", "@17:00", "\u{1B}[2J", "note", "é"].map { Array($0.utf8) }
        for _ in 0..<Int(g.next() % 3000) {
            switch g.next() % 4 {
            case 0: bytes += words[Int(g.next() % UInt64(words.count))]
            case 1: bytes.append(10)
            default: bytes.append(UInt8(truncatingIfNeeded: g.next()))
            }
        }
        let r = try Harness.run(seed % 2 == 0 ? ["--keep-going"] : [], stdin: Data(bytes), in: dir)
        #expect(r.status == 0 || r.status == 1, "seed \(seed): exit \(r.status)\n\(r.stderr.prefix(500))")
        HostileBinaryTests.noRawEscape(r, "seed \(seed)")
        // Whatever was saved loads again.
        for j in (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("Sessions").path)) ?? [] {
            let check = try Harness.run(["check", "Sessions/" + j], in: dir)
            #expect(check.status == 0, "seed \(seed): \(check.stderr)")
        }
    }

    @Test("a 5 MB line is refused and skipped, the next line still runs, quickly")
    func fiveMegabyteLine() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = "note \"" + String(repeating: "x", count: 5_000_000) + "\"\nactor \"After\"\n"
        let start = Date()
        let r = try Harness.run(["--keep-going"], script: script, in: dir)
        let seconds = Date().timeIntervalSince(start)
        #expect(r.status == 1)
        #expect(r.stderr.contains("<stdin>:1:1: error: the line is longer than 1048576 bytes"))
        #expect(r.stdout.contains("actor after"), "the line after the long one runs: \(r.stdout)")
        #expect(seconds < 20, "a 5 MB line took \(seconds) s")
        print("figure: a 5 MB line refused in \(String(format: "%.2f", seconds)) s")
    }

    @Test("a sessions path that is a file, or lies under a file: refused, nothing acknowledged, the file untouched")
    func sessionsPathIsAFile() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("plain")
        try Data("keep me\n".utf8).write(to: file)
        for sessions in [file.path, file.appendingPathComponent("sub").path] {
            let r = try Harness.run([], script: "actor \"A\"\n", in: dir, env: ["STANCE_SESSIONS": sessions])
            #expect(r.status == 1, "\(sessions): \(r.stderr)")
            #expect(r.stdout.isEmpty, "nothing acknowledged")
            #expect(r.stderr.contains("not a folder") || r.stderr.contains("Not a directory"), "\(r.stderr)")
            #expect(r.stderr.contains(file.path), "the error names the path: \(r.stderr)")
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "keep me\n")
    }

    @Test("an unwritable sessions folder (a read-only mount): refused, nothing acknowledged")
    func unwritableSessions() throws {
        let dir = try Harness.temporaryFolder()
        let ro = dir.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: ro, withIntermediateDirectories: true)
        var mounted = false
        if getuid() == 0 {
            let m = Process()
            m.executableURL = URL(fileURLWithPath: "/bin/mount")
            m.arguments = ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", ro.path]
            try m.run(); m.waitUntilExit()
            mounted = m.terminationStatus == 0
        }
        if !mounted { chmod(ro.path, 0o500) }
        defer {
            if mounted {
                let u = Process()
                u.executableURL = URL(fileURLWithPath: "/bin/umount")
                u.arguments = [ro.path]
                try? u.run(); u.waitUntilExit()
            }
            chmod(ro.path, 0o700)
            try? FileManager.default.removeItem(at: dir)
        }
        try #require(mounted || getuid() != 0, "as root, only a read-only mount makes a folder unwritable")
        for sessions in [ro.path, ro.appendingPathComponent("Sessions").path] {
            let r = try Harness.run([], script: "actor \"A\"\nactor \"B\"\n", in: dir, env: ["STANCE_SESSIONS": sessions])
            #expect(r.status == 1, "\(sessions): \(r.stderr)")
            #expect(r.stdout.isEmpty, "nothing acknowledged: \(r.stdout)")
            #expect(r.stderr.contains("Read-only file system") || r.stderr.contains("Permission denied"), "\(r.stderr)")
        }
    }

    @Test("a journal replaced (renamed over) under a session: the next change is refused, the new file untouched")
    func replacedJournal() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let journal = dir.appendingPathComponent("j.stance")
        let p = try Driven.withOneChange(journal, in: dir)
        let other = dir.appendingPathComponent("other")
        let otherText = "# stance journal 1\n"
        try Data(otherText.utf8).write(to: other)
        #expect(rename(other.path, journal.path) == 0)
        p.send("actor \"Bruno Charbonneau\"")
        let status = p.finish()
        #expect(status == 2, "another file at the path: a file error")
        #expect(p.stderr.contains("the journal was replaced while this session ran; the change is not saved"), "\(p.stderr)")
        #expect(p.lines.count == 1, "the refused change is not acknowledged")
        #expect(try String(contentsOf: journal, encoding: .utf8) == otherText, "the file put in its place is not written")
    }
}
