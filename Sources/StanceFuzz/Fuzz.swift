import StanceKit

/// The libFuzzer entry point (built with `-sanitize=fuzzer`, which brings libFuzzer's `main`; see
/// `make fuzz` and FUZZING.md). One input is a script: its lines go through `LineAssembler` and the
/// apply step of a fresh engine, as typed input; then the same bytes, after a journal header, go
/// through `JournalReader` as a journal from someone else. Invariants are checked with
/// `check` (a `fatalError`), so that a broken one is a crash libFuzzer keeps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    FuzzChecks.typed(bytes)
    FuzzChecks.journal(bytes)
    return 0
}

enum FuzzChecks {
    /// Typed input: no crash; a diagnostic points inside its line; a failed command changes nothing;
    /// the journal of what succeeded replays to the same state; no raw ESC reaches the output.
    static func typed(_ bytes: [UInt8]) {
        let engine = Engine()
        var journal: [String] = []
        var asm = LineAssembler(source: "<fuzz>")
        var number = 0
        for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
            number += 1
            switch asm.add(line, number: number) {
            case .needMore:
                continue
            case .failed(let d):
                checkRange(d, line: number)
            case .statements(let statements, let src):
                for st in statements {
                    switch st.command {
                    case .export, .include: continue      // they touch files; tested elsewhere
                    default: break
                    }
                    let before = JSONExport.document(engine.state)
                    do {
                        let outcome = try engine.execute(st) { (text: String) throws(SyntaxError) in journal.append(text) }
                        switch outcome {
                        case .output(let s): check(!s.utf8.contains(0x1B), "a raw ESC in a query's output")
                        case .change(let answer, _): check(!answer.utf8.contains(0x1B), "a raw ESC in an answer")
                        default: break
                        }
                    } catch {
                        let d = src.diagnostic(error)
                        check(!DiagnosticRenderer().render(d).utf8.contains(0x1B), "a raw ESC in a rendered error")
                        checkRange(d, line: nil)
                        check(JSONExport.document(engine.state) == before, "a failed command changed the state")
                    }
                }
            }
        }
        if let d = asm.finish() { checkRange(d, line: nil) }
        guard let first = journal.first else { return }
        let time = first.prefix { $0 != " " }
        let text = ([JournalWriter.header, "\(time) begin version=fuzz"] + journal + ["\(time) end"]).joined(separator: "\n") + "\n"
        let replayed = Engine()
        do {
            _ = try JournalReader(source: "fuzz.stance", bytes: Array(text.utf8)).replay(into: replayed, base: "/nonexistent")
        } catch {
            check(false, "the journal of a live session does not replay: \(error.diagnostic.message)\n\(text)")
        }
        check(JSONExport.document(replayed.state) == JSONExport.document(engine.state), "replay differs from live\n\(text)")
    }

    /// A journal from someone else: loading it never crashes, and damage is reported inside its line.
    static func journal(_ bytes: [UInt8]) {
        let text = Array((JournalWriter.header + "\n").utf8) + bytes
        let engine = Engine()
        do {
            _ = try JournalReader(source: "other.stance", bytes: text).replay(into: engine, base: "/nonexistent")
        } catch {
            check(!DiagnosticRenderer().render(error.diagnostic).utf8.contains(0x1B), "a raw ESC in a rendered error")
            checkRange(error.diagnostic, line: nil)
        }
    }

    /// `precondition`, with its message kept in release builds (libFuzzer shows it above the stack).
    static func check(_ ok: Bool, _ message: @autoclosure () -> String) {
        if !ok { fatalError(message()) }
    }

    /// The caret range lies inside the physical line it names (or just after its end).
    static func checkRange(_ d: Diagnostic, line: Int?) {
        check(d.start.line >= 1 && d.start.column >= 1 && d.endColumn > d.start.column, "a bad range \(d)")
        if let line { check(d.start.line <= line, "a diagnostic on line \(d.start.line), after \(line)") }
        if let text = d.lineText {
            let n = text.unicodeScalars.count
            check(d.start.column <= n + 1 && d.endColumn <= n + 2, "a range past its line: \(d)")
        }
    }
}
