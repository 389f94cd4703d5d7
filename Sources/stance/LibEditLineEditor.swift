#if canImport(Glibc)
import Glibc
#endif
import CLibEdit
import StanceKit

/// The libedit line editor: emacs keys, `~/.editrc` (or `$EDITRC`) honoured, Tab completion,
/// history kept in a file (mode 0600) and saved after every command. Signals are ours, not
/// libedit's (EL_SIGNAL off): its read function (`stance_getc`) redraws on a resize, suspends on
/// Ctrl-Z, and ends the read on SIGINT, SIGTERM or SIGHUP.
final class LibEditLineEditor: LineEditor {
    private var el: OpaquePointer?
    private var hist: OpaquePointer?
    let historyPath: String?
    /// The descriptor libedit draws on (stdout, or stderr when stdout is not a terminal).
    let displayFD: Int32
    var earlierLines = ""
    /// Completes the text before the cursor (earlier continuation lines included).
    var completer: ((String) -> Completion)?
    /// Work for the moment the user has not typed yet (warming the reference index).
    var idle: (() -> Void)?

    /// The editor the C callbacks reach (one at a time).
    nonisolated(unsafe) static var active: LibEditLineEditor?
    nonisolated(unsafe) static var currentPrompt: [CChar] = [0]
    static let historySize: Int32 = 5000

    init(historyPath: String?) {
        _ = stance_setlocale()
        self.historyPath = historyPath
        displayFD = Terminal.isTerminal(1) ? 1 : 2
        hist = history_init()
        stance_history_setsize(hist, LibEditLineEditor.historySize)
        stance_history_setunique(hist, 1)
        withHistoryFile(O_RDONLY) { _, name in _ = stance_history_load(hist, name) }
        el = stance_el_init("stance", displayFD == 2 ? 1 : 0)
        stance_el_set_editor(el, "emacs")
        stance_el_set_hist(el, hist)
        stance_el_set_prompt_esc(el) { _ in
            LibEditLineEditor.currentPrompt.withUnsafeMutableBufferPointer { $0.baseAddress! }
        }
        stance_el_set_signal(el, 0)
        stance_install_editor_signals()
        stance_set_display_fd(displayFD)
        stance_el_set_getc(el)
        stance_el_addfn(el, "stance-complete", "complete the word before the cursor") { e, _ in
            LibEditLineEditor.active?.complete(e) ?? UInt8(CC_ERROR)
        }
        stance_el_bind(el, "^I", "stance-complete")
        // The user's ~/.editrc comes last, so that it can change any of the above.
        _ = el_source(el, nil)
        stance_set_idle {
            guard let a = LibEditLineEditor.active, let f = a.idle else { return }
            f()
        }
        LibEditLineEditor.active = self
    }

    func readLine(prompt: String) -> LineInput {
        LibEditLineEditor.currentPrompt = Array(prompt.utf8CString)
        // The terminal stays in the editor's mode between lines too (el_gets leaves it cooked):
        // what is typed while a command runs or before the prompt is drawn is not echoed twice by
        // the terminal, and a Ctrl-D typed at once is not lost to the cooked line discipline.
        // Signals (Ctrl-C) and output processing stay on; `close` restores the terminal.
        stance_el_prep_term(el, 1)
        var count: Int32 = 0
        let line = el_gets(el, &count)
        stance_el_prep_term(el, 1)
        guard let p = line else {
            let sig = Signals.take()
            if sig != 0 { return .interrupted(sig) }
            if count == -1 && errno == EINTR { return .interrupted(SIGINT) }
            return .eof
        }
        var bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: Int(count)))
        if bytes.last == 10 { bytes.removeLast() }
        return .line(bytes)
    }

    /// History: a command starting with a space is left out, an adjacent duplicate too (H_SETUNIQUE).
    func addHistory(_ command: String) {
        guard !command.isEmpty, command.first != " ", command.contains(where: { $0 != " " && $0 != "\t" }) else { return }
        stance_history_enter(hist, command)
        // Created 0600 before libedit writes it, so that it is never readable by others.
        withHistoryFile(O_WRONLY | O_CREAT) { fd, name in
            _ = stance_history_save(hist, name)
            fchmod(fd, 0o600)
        }
    }

    /// Runs `body` on the history file when it is a regular file, opened without following a
    /// link (a FIFO is not waited on): libedit opens it again by its descriptor's name in /proc, so
    /// it reads and writes that file whatever the path names meanwhile.
    private func withHistoryFile(_ flags: Int32, _ body: (Int32, String) -> Void) {
        guard let p = historyPath, let fd = FileIO.openRegular(p, flags, mode: 0o600) else { return }
        defer { Glibc.close(fd) }
        body(fd, "/proc/self/fd/\(fd)")
    }

    func close() {
        if LibEditLineEditor.active === self { LibEditLineEditor.active = nil }
        stance_set_idle(nil)
        if let el { stance_el_prep_term(el, 0); el_end(el) }
        if let hist { history_end(hist) }
        el = nil
        hist = nil
    }

    // MARK: Tab

    /// Replaces the word before the cursor: the only candidate, or the candidates' common prefix;
    /// several candidates are listed under the line.
    func complete(_ e: OpaquePointer?) -> UInt8 {
        guard let e, let li = el_line(e), let completer else { return UInt8(CC_ERROR) }
        let start = UnsafeRawPointer(li.pointee.buffer!), cursor = UnsafeRawPointer(li.pointee.cursor!)
        let before = String(decoding: UnsafeRawBufferPointer(start: start, count: cursor - start), as: UTF8.self)
        let c = completer(earlierLines.isEmpty ? before : earlierLines + "\n" + before)
        if let ins = c.insertion, ins != c.replacing {
            el_deletestr(e, Int32(c.replacing.unicodeScalars.count))
            if el_insertstr(e, ins) != 0 { return UInt8(CC_ERROR) }
        }
        if c.candidates.count > 1 {
            list(c.candidates, truncated: c.truncated)
            return UInt8(CC_REDISPLAY)
        }
        if c.candidates.isEmpty { return UInt8(CC_REFRESH_BEEP) }
        return UInt8(CC_REFRESH)
    }

    /// Candidates in columns under the line, control characters escaped.
    func list(_ items: [String], truncated: Bool) {
        let shown = items.map(Display.escapeControls)
        let width = Terminal.width(displayFD)
        let col = min((shown.map(\.count).max() ?? 0) + 2, width)
        let perLine = max(1, width / max(col, 1))
        var out = "\n"
        for (i, s) in shown.enumerated() {
            out += s
            if (i + 1) % perLine == 0 || i == shown.count - 1 { out += "\n" } else { out += String(repeating: " ", count: col - s.count) }
        }
        if truncated { out += "… and more: type more letters\n" }
        Output.write(displayFD, out)
    }
}
