#if canImport(Glibc)
import Glibc
#endif
import StanceKit

/// The one loop, as in lua.c: lines come from a script (stdin, `-c`) or a line editor, go through
/// the same assembler, parser and apply step, and their answers and errors are printed here.
final class Runner {
    let session: Session
    let quiet: Bool
    let keepGoing: Bool
    let renderer: DiagnosticRenderer
    private(set) var failed = false
    private(set) var quit = false

    init(session: Session, quiet: Bool, keepGoing: Bool, renderer: DiagnosticRenderer) {
        self.session = session
        self.quiet = quiet
        self.keepGoing = keepGoing
        self.renderer = renderer
    }

    /// Prints what the session says. Answers and query output (an export too) reach a file or a
    /// pipe as they are, control characters included; a terminal gets them escaped.
    func emit(_ e: Session.Event) {
        switch e {
        case .answer(let a): if !quiet { Output.out((Output.toTerminal ? Terminal.safe(a) : a) + "\n") }
        case .output(let s): Output.out(Output.toTerminal ? Terminal.safe(s) : s)
        case .diagnostic(let d): Output.err(renderer.render(d))
        case .quit: quit = true
        }
    }

    /// Runs the result of adding a line to the assembler; false when the script must stop.
    func handle(_ r: LineAssembler.Result, interactive: Bool) -> Bool {
        switch r {
        case .needMore:
            return true
        case .failed(let d):
            emit(.diagnostic(d))
            failed = true
            return interactive || keepGoing
        case .statements(let sts, let line):
            if !session.run(sts, line, emit: emit) {
                failed = true
                return interactive || keepGoing
            }
            return !quit
        }
    }

    /// A script: stops at the first error unless `--keep-going`. Returns a signal that stopped it, or 0.
    func runScript(source: String, next: () -> LineInput) -> Int32 {
        var asm = LineAssembler(source: source)
        var n = 0
        while true {
            switch next() {
            case .line(let bytes):
                n += 1
                if !handle(asm.add(bytes[...], number: n), interactive: false) { return 0 }
            case .tooLong:
                n += 1
                emit(.diagnostic(Diagnostic(.error, "the line is longer than \(LineAssembler.maxLength) bytes (1 MiB); it was skipped",
                                            source: source, line: n, column: 1)))
                asm.reset()
                failed = true
                if !keepGoing { return 0 }
            case .eof:
                if let d = asm.finish() { emit(.diagnostic(d)); failed = true }
                return 0
            case .interrupted(let sig):
                return sig
            }
            if Output.failed { return 0 }
        }
    }

    /// The interactive session: errors are shown and the session goes on; Ctrl-C drops the line
    /// (and any continuation), Ctrl-D on an empty line ends it. A command is one history entry,
    /// continuation lines included (answers and output as `emit` prints them). Returns a
    /// terminating signal, or 0.
    func runInteractive(editor: LineEditor, prompt: () -> String) -> Int32 {
        var asm = LineAssembler(source: "")
        var n = 0
        var pending: [String] = []
        func drop() { asm.reset(); pending.removeAll(); editor.earlierLines = "" }
        while !quit {
            let p = asm.isContinuing ? "...> " : prompt()
            switch editor.readLine(prompt: p) {
            case .line(let bytes):
                n += 1
                pending.append(String(decoding: bytes, as: UTF8.self))
                let r = asm.add(bytes[...], number: n)
                if case .needMore = r { editor.earlierLines = pending.joined(separator: "\n"); continue }
                editor.addHistory(pending.joined(separator: "\n"))
                pending.removeAll()
                editor.earlierLines = ""
                switch r {
                case .needMore: break
                case .failed(let d): emit(.diagnostic(d))
                case .statements(let sts, let line):
                    session.run(sts, line, emit: emit)
                }
            case .tooLong:
                emit(.diagnostic(Diagnostic(.error, "the line is longer than 1 MiB; it was dropped")))
                drop()
            case .eof:
                Output.out("\n")
                if asm.isContinuing { drop(); continue }
                return 0
            case .interrupted(let sig):
                if sig == SIGINT {
                    drop()
                    Output.out("^C\n")
                    continue
                }
                Output.out("\n")
                return sig
            }
            if Output.failed { return 0 }
        }
        return 0
    }
}
