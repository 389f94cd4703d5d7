#if canImport(Glibc)
import Glibc
#endif
import CLibEdit
import StanceKit

/// The libedit line editor: emacs keys, `~/.editrc`, history in `$XDG_STATE_HOME/stance/history`.
final class LibEditLineEditor: LineEditor {
    private var el: OpaquePointer?
    private var hist: OpaquePointer?
    nonisolated(unsafe) static var currentPrompt: [CChar] = [0]
    let historyPath: String?

    init(historyPath: String?) {
        _ = stance_setlocale()
        self.historyPath = historyPath
        hist = stance_history_init()
        stance_history_setsize(hist, 1000)
        stance_history_setunique(hist, 1)
        if let p = historyPath { _ = stance_history_load(hist, p) }
        el = stance_el_init("stance")
        stance_el_set_editor(el, "emacs")
        stance_el_set_hist(el, hist)
        stance_el_set_prompt(el) { _ in
            LibEditLineEditor.currentPrompt.withUnsafeMutableBufferPointer { $0.baseAddress! }
        }
        stance_el_set_signal(el, 1)
        _ = stance_el_source(el, nil)
    }

    func readLine(prompt: String) -> LineInput {
        LibEditLineEditor.currentPrompt = Array(prompt.utf8CString)
        var count: Int32 = 0
        guard let p = el_gets(el, &count) else {
            if count == -1 && errno == EINTR {
                let sig = Signals.take()
                return .interrupted(sig == 0 ? SIGINT : sig)
            }
            return .eof
        }
        var bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: Int(count)))
        if bytes.last == 10 { bytes.removeLast() }
        return .line(bytes)
    }

    func addHistory(_ command: String) {
        guard !command.isEmpty, command.first != " " else { return }
        stance_history_enter(hist, command)
        if let p = historyPath {
            _ = stance_history_save(hist, p)
            chmod(p, 0o600)
        }
    }

    func close() {
        if let el { el_end(el) }
        if let hist { stance_history_end(hist) }
        el = nil
        hist = nil
    }
}
