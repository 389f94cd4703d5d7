#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import StanceKit

/// A journal file is read in chunks; every line may straddle a chunk boundary, and a line longer
/// than a chunk makes the buffer grow. Read with tiny chunks, a file must replay exactly as the
/// same bytes in memory: the same state, the same report, the same error at the same place.
struct JournalChunkTests {
    /// Writes `bytes` to a new file in a temporary folder; returns its path.
    static func file(_ bytes: [UInt8]) throws -> String {
        var template = Array("/tmp/stance-chunks-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        try #require(fd >= 0)
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { FileIO.writeAll(fd, $0) }
        try #require(written == nil)
        return FileIO.string(cChars: template)
    }

    struct Outcome: Equatable {
        var state = ""
        var entries = 0, sessions = 0, soundLength = 0
        var torn = false
        var warnings: [String] = []
        var error: String?
    }

    static func replay(_ reader: JournalReader) -> Outcome {
        let engine = Engine()
        var o = Outcome()
        do {
            let r = try reader.replay(into: engine, base: "/nonexistent")
            (o.entries, o.sessions, o.soundLength, o.torn) = (r.entries, r.sessions, r.soundLength, r.torn)
            o.warnings = r.warnings.map { "\($0.start.line):\($0.start.column) \($0.message)" }
        } catch {
            let d = error.diagnostic
            o.error = "\(d.start.line):\(d.start.column)-\(d.endColumn) \(d.message)"
        }
        o.state = JSONExport.document(engine.state)
        return o
    }

    /// Both ways, with chunks from a few bytes (every line split) to more than the file.
    static func expectSame(_ bytes: [UInt8], _ what: String) throws -> Outcome {
        let path = try file(bytes)
        defer { unlink(path) }
        let expected = replay(JournalReader(source: "j.stance", bytes: bytes))
        for chunk in [1, 7, 64, 333, 4096, 1 << 20] {
            let fd = open(path, O_RDONLY)
            try #require(fd >= 0)
            defer { close(fd) }
            let got = replay(try JournalReader(source: "j.stance", fd: fd, chunkSize: chunk))
            #expect(got == expected, "\(what), chunks of \(chunk)")
        }
        return expected
    }

    /// A live session's journal, as in the replay property test.
    static func journal(seed: Int) -> [String] {
        var gen = CommandGenerator(seed: seed)
        let live = Engine()
        var lines = [JournalWriter.header]
        for _ in 0..<150 {
            guard let sts = try? Parser.parse(Array(gen.command().utf8)) else { continue }
            for st in sts {
                switch st.command { case .export, .include: continue; default: break }
                _ = try? live.execute(st) { (text: String) throws(SyntaxError) in
                    if lines.count == 1 { lines.append(String(text.prefix { $0 != " " }) + " begin version=test") }
                    lines.append(text)
                }
            }
        }
        return lines
    }

    @Test("a session's journal read in chunks replays as in memory", arguments: 0..<6)
    func sessions(seed: Int) throws {
        let lines = JournalChunkTests.journal(seed: seed)
        let o = try JournalChunkTests.expectSame(Array((lines.joined(separator: "\n") + "\n").utf8), "seed \(seed)")
        #expect(o.error == nil && o.entries > 20, "seed \(seed): \(o.error ?? "")")
    }

    @Test("a torn tail longer than the block searched backwards, and a line longer than a chunk")
    func tornTailAndLongLine() throws {
        var lines = JournalChunkTests.journal(seed: 1)
        let long = String(repeating: "é and more words ", count: 5_000) // ~90 KB
        // Last, so that it shifts no note id that a later `undo` names.
        lines.append(lines[2].prefix { $0 != " " } + " note \"\(long)\"")
        let tail = "@2018-04-25T18:00:00-04:00 note \"" + long
        let torn = Array((lines.joined(separator: "\n") + "\n" + tail).utf8)
        let o = try JournalChunkTests.expectSame(torn, "torn")
        #expect(o.torn && o.error == nil)
        #expect(o.soundLength == torn.count - tail.utf8.count)
    }

    @Test("damage deep in a file is reported at its line, whatever the chunks")
    func damageDeepInAFile() throws {
        var lines = JournalChunkTests.journal(seed: 2)
        let at = lines.count - 3
        lines[at] = "@2018-04-25T18:00:00-04:00 stance nobody-here supports nothing-here"
        var bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        // And invalid UTF-8 in a later line, which must not be reached.
        bytes += Array("@2018-04-25T18:00:00-04:00 note \"".utf8) + [0xFF] + Array("\"\n".utf8)
        let o = try JournalChunkTests.expectSame(bytes, "damaged")
        #expect(o.error?.hasPrefix("\(at + 1):35-") == true, "\(o.error ?? "no error")")
    }

    @Test("a file cut short while it is read: refused at the line reached")
    func fileCutShortWhileRead() throws {
        var lines = [JournalWriter.header, "@2018-04-25T09:00:00-04:00 begin version=test",
                     "@2018-04-25T09:00:01-04:00 actor lev \"Corey Levine\"", "@2018-04-25T09:00:02-04:00 concern civ \"Civilians\""]
        for k in 0..<3_000 { lines.append("@2018-04-25T09:00:03-04:00 stance lev \(k % 2 == 0 ? "supports" : "opposes") civ \"said so, \(k)\"") }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let path = try JournalChunkTests.file(bytes)
        defer { unlink(path) }
        let fd = open(path, O_RDWR)
        try #require(fd >= 0)
        defer { close(fd) }
        var reader = try JournalReader(source: "j.stance", fd: fd, chunkSize: 4096)
        // Cut to two thirds once the length is known, as another program could.
        reader.willReadLines = { _ = ftruncate(fd, off_t(bytes.count * 2 / 3)) }
        let outcome = JournalChunkTests.replay(reader)
        #expect(outcome.error?.contains("the journal changed while it was read") == true, "\(outcome.error ?? "no error")")
        #expect(outcome.entries == 0 && outcome.state.count > 1_000, "the lines before the cut were replayed")
    }

    /// Writes `bytes` over the file at `path`.
    static func file(_ bytes: [UInt8], at path: String) throws {
        let fd = open(path, O_WRONLY | O_TRUNC)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(bytes.withUnsafeBytes { FileIO.writeAll(fd, $0) } == nil)
    }
}
