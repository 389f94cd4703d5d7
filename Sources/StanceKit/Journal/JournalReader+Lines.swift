#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Replaying a journal's lines: in one thread (`replayLines`), or as `ReadAhead` reads them on a
// second one (`replay(from:)`); both send every line they do not take to `replayInGeneral`.
extension JournalReader {
    /// The lines of `bytes`, which ends with a newline, read through a pointer (the array's
    /// bounds checks and retains were a tenth of a replay); false when `onEntry` stopped.
    func replayLines(_ bytes: UnsafeBufferPointer<UInt8>, _ progress: inout Progress, into engine: Engine, base: String,
                             onEntry: ((Int, Statement, Engine.Outcome) -> Bool)?) throws(Damage) -> Bool {
        let end = bytes.count
        var start = 0
        // The fast path takes only lines whose every byte it checked, so its lines need no
        // separate UTF-8 check.
        progress.fast?.bytes = bytes
        let origin = UnsafeRawPointer(bytes.baseAddress!)
        while start < end {
            // `bytes` ends with a newline, so memchr always finds one.
            let stop = memchr(origin + start, 10, end - start)! - UnsafeMutableRawPointer(mutating: origin)
            let lineNo = progress.lineNo
            defer { start = stop + 1; progress.lineNo += 1 }
            guard let lineEnd = JournalReader.replayedLineEnd(bytes, start, stop, lineNo) else { continue }
            if progress.fast?.apply(start, lineEnd) == true {
                progress.report.entries += 1
                continue
            }
            let raw = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<lineEnd])
            guard try replayInGeneral(raw, lineNo, &progress, into: engine, base: base, onEntry: onEntry) else { return false }
        }
        return true
    }

    /// Where line `lineNo`, `bytes[start..<stop]` (`stop` at its newline), ends without a
    /// carriage return; nil for a line not replayed: the header, a blank line, a comment.
    @inline(__always)
    static func replayedLineEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int, _ lineNo: Int) -> Int? {
        if lineNo == 1 { return nil }
        var lineEnd = stop
        if lineEnd > start && bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
        if lineEnd == start { return nil }
        if bytes[start] == 35 && (lineEnd == start + 1 || bytes[start + 1] == 32) { return nil } // comment
        return lineEnd
    }

    /// The lines `ahead` reads on its thread, replayed here in order: a line read as a draft is
    /// committed when it applies; every other line, and a draft that does not apply,
    /// goes the way `replayLines` sends it.
    func replay(from ahead: ReadAhead, _ progress: inout Progress, into engine: Engine, base: String) throws(Damage) -> Report {
        while true {
            let chunk = ahead.next()
            if chunk.count > 0 { try replay(chunk, &progress, into: engine, base: base) }
            progress.lineNo = chunk.nextLine
            if let failure = chunk.failure { throw failure }
            if chunk.count == 0 { return finish(progress) }
            ahead.recycle(chunk)
        }
    }

    /// The lines of a chunk read ahead. A stance line's draft is read where it is.
    private func replay(_ chunk: ReadAhead.Chunk, _ progress: inout Progress, into engine: Engine, base: String) throws(Damage) {
        let others = chunk.others, escaped = chunk.escaped
        try chunk.buffer.withUnsafeBufferPointer { (p) throws(Damage) in
            try chunk.stances.withUnsafeBufferPointer { (stances) throws(Damage) in
                let bytes = UnsafeBufferPointer(rebasing: p[..<chunk.count])
                progress.fast!.bytes = bytes
                progress.fast!.use(numbersOf: chunk.scanner)
                for line in chunk.lines {
                    let d = Int(line.draft)
                    if d >= 0 ? progress.fast!.stance(stances.baseAddress! + d, escaped: escaped)
                              : d < -1 && progress.fast!.commit(others[-2 - d], escaped: escaped) {
                        progress.report.entries += 1
                        continue
                    }
                    // Not canonical, or a draft that does not apply: the general path (the fast
                    // one would read it to the same draft, and decline it again).
                    progress.lineNo = line.number
                    let raw = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[line.start..<line.end])
                    _ = try replayInGeneral(raw, line.number, &progress, into: engine, base: base, onEntry: nil)
                }
            }
        }
    }

    /// Line `lineNo`, `raw`, through the general parser and engine: applied, or refused with its
    /// FILE:LINE:COL. false when `onEntry` stopped the replay.
    private func replayInGeneral(_ raw: UnsafeRawBufferPointer, _ lineNo: Int, _ progress: inout Progress, into engine: Engine,
                                 base: String, onEntry: ((Int, Statement, Engine.Outcome) -> Bool)?) throws(Damage) -> Bool {
        if !JournalReader.isCleanText(raw), let (off, message) = InputCheck.firstProblem(Array(raw)) {
            let src = SourceLine(source: source, firstLine: lineNo, bytes: Array(raw))
            throw Damage(diagnostic: src.diagnostic(message, off..<off + 1), notAJournal: false)
        }
        let line = Array(raw)
        let src = SourceLine(source: source, firstLine: lineNo, bytes: line)
        let st: Statement
        do {
            // One command a line (a line with none or several is refused by parseOne).
            st = try Parser.parseOne(line)
        } catch {
            throw Damage(diagnostic: src.diagnostic(error), notAJournal: false)
        }
        switch st.command {
        case .begin:
            if let open = progress.openSession {
                progress.report.warnings.append(unended(open))
            }
            progress.openSession = lineNo
            progress.report.sessions += 1
        case .end:
            progress.openSession = nil
        default:
            break
        }
        let outcome: Engine.Outcome
        do {
            // Nobody reads the answers and canonical lines unless `onEntry` shows them.
            outcome = try engine.execute(st, mode: .journal, base: base, describe: onEntry != nil)
        } catch {
            throw Damage(diagnostic: src.diagnostic(error), notAJournal: false)
        }
        progress.report.entries += 1
        if let onEntry, !onEntry(lineNo, st, outcome) { return false }
        return true
    }
}
