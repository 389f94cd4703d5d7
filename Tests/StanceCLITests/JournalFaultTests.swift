import Foundation
import Testing

/// A stance process driven line by line through pipes, as another program would drive it.
final class Driven: @unchecked Sendable {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    private let lock = NSLock()
    private var buffer = Data()
    private var errBuffer = Data()
    /// Each pipe's handler has seen its end of file (empty data): all its output is in.
    private var outDone = false, errDone = false

    init(_ args: [String], in dir: URL) throws {
        process.executableURL = URL(fileURLWithPath: Harness.binary)
        process.arguments = args
        process.currentDirectoryURL = dir
        process.environment = Harness.environment(dir)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { [weak self] h in
            let d = h.availableData
            guard let self else { return }
            self.lock.lock(); self.buffer.append(d); if d.isEmpty { self.outDone = true }; self.lock.unlock()
        }
        errors.fileHandleForReading.readabilityHandler = { [weak self] h in
            let d = h.availableData
            guard let self else { return }
            self.lock.lock(); self.errBuffer.append(d); if d.isEmpty { self.errDone = true }; self.lock.unlock()
        }
        try process.run()
    }

    /// A session on `journal` that has had one change acknowledged (so the journal exists and
    /// is locked): the start of most fault tests.
    static func withOneChange(_ journal: URL, in dir: URL) throws -> Driven {
        let p = try Driven([journal.path], in: dir)
        p.send("actor \"Corey Levine\"")
        #expect(p.waitForLines(1), "the first change is acknowledged")
        return p
    }

    func send(_ line: String) { try? input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8)) }

    var lines: [String] {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: buffer, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    var stderr: String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: errBuffer, as: UTF8.self)
    }

    /// Waits until `count` answer lines have arrived (or a timeout).
    @discardableResult
    func waitForLines(_ count: Int, timeout: Double = 10) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if lines.count >= count { return true }
            usleep(2000)
        }
        return false
    }

    func finish() -> Int32 {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        // The handlers run on their own queue: wait until both pipes have been read to their end,
        // or an error written just before exiting can be missed (it was, once in a CI run).
        let end = Date().addingTimeInterval(5)
        while Date() < end {
            lock.lock(); let done = outDone && errDone; lock.unlock()
            if done { break }
            usleep(1000)
        }
        output.fileHandleForReading.readabilityHandler = nil
        errors.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }
}

@Suite(.serialized)
struct JournalFaultTests {
    func journalLines(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test("every acknowledged change survives SIGKILL", arguments: [3, 17, 40, 71, 120])
    func killKeepsAcknowledgedChanges(after: Int) throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let journal = dir.appendingPathComponent("j.stance")
        let p = try Driven([journal.path], in: dir)
        // Send more than will be acknowledged, then kill while it works.
        for i in 1...(after + 40) { p.send("actor \"Person \(i)\" kind=person") }
        p.waitForLines(after)
        kill(p.process.processIdentifier, SIGKILL)
        p.process.waitUntilExit()
        let acked = p.lines.compactMap { $0.split(separator: ":").first.map(String.init) }
        #expect(acked.count >= after)
        let check = try Harness.run(["check", journal.path], in: dir)
        #expect(check.status == 0 || check.stderr.contains("torn"), "the killed journal loads: \(check.stderr)")
        let written = try String(contentsOf: journal, encoding: .utf8)
        for a in acked {
            let id = a.replacingOccurrences(of: "actor ", with: "")
            #expect(written.contains(" actor \(id) "), "acknowledged \(id) is in the journal")
        }
        #expect(check.stderr.contains("ended abnormally"), "a killed session has no end, and check says so")
    }

    @Test("a second writer is refused with exit 2")
    func oneWriterAJournal() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let journal = dir.appendingPathComponent("j.stance")
        let first = try Driven.withOneChange(journal, in: dir)
        let second = try Harness.run([journal.path, "-c", "actor \"Bruno\""], in: dir)
        #expect(second.status == 2)
        #expect(second.stderr.contains("another stance session is writing this journal"))
        #expect(first.finish() == 0)
        // Opened, not yet written: still locked.
        let third = try Driven([journal.path], in: dir)
        usleep(300_000)
        let fourth = try Harness.run([journal.path, "-c", "list"], in: dir)
        #expect(fourth.status == 2)
        #expect(third.finish() == 0)
        let lines = try journalLines(journal)
        #expect(lines.filter { $0.hasSuffix(" end") }.count == 1)
        #expect(!lines.contains { $0.contains("Bruno") })
    }

    @Test("SIGTERM and SIGHUP end the session cleanly", arguments: [SIGTERM, SIGHUP])
    func terminationWritesEnd(signal: Int32) throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let journal = dir.appendingPathComponent("j.stance")
        let p = try Driven.withOneChange(journal, in: dir)
        kill(p.process.processIdentifier, signal)
        p.process.waitUntilExit()
        #expect(p.process.terminationStatus == 128 + signal)
        let lines = try journalLines(journal)
        #expect(lines.last?.hasSuffix(" end") == true)
        #expect(try Harness.run(["check", journal.path], in: dir).status == 0)
    }

    @Test("a journal deleted under a session: the next change is refused, not lost silently")
    func deletedJournal() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let journal = dir.appendingPathComponent("j.stance")
        let p = try Driven.withOneChange(journal, in: dir)
        try FileManager.default.removeItem(at: journal)
        p.send("actor \"Bruno Charbonneau\"")
        let status = p.finish()
        #expect(status == 1)
        #expect(p.stderr.contains("the journal was deleted while this session ran; the change is not saved"))
        #expect(p.lines.count == 1, "the refused change is not acknowledged")
    }

    @Test("a full disk: the change that cannot be saved is refused, and the journal still loads",
          .enabled(if: getuid() == 0, "mounting a small tmpfs needs root (CI runs as root)"))
    func fullDisk() throws {
        try Harness.withSmallDisk("16k") { dir, mount in
            let journal = mount.appendingPathComponent("j.stance")
            let text = String(repeating: "long testimony ", count: 60)
            var script = ""
            for i in 1...40 { script += "note \"\(i) \(text)\"\n" }
            let r = try Harness.run([journal.path], script: script, in: dir)
            #expect(r.status == 1)
            #expect(r.stderr.contains("No space left on device"))
            let acked = r.stdout.split(separator: "\n").count
            #expect(acked > 0 && acked < 40)
            let check = try Harness.run(["check", journal.path], in: dir)
            #expect(check.status == 0, "\(check.stderr)")
            #expect(check.stdout.contains("\(acked + 1) entries") || check.stdout.contains("\(acked + 2) entries"),
                    "every acknowledged note is in the journal: \(check.stdout)")
        }
    }
}
