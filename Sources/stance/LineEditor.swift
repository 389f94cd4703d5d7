#if canImport(Glibc)
import Glibc
#endif
import StanceKit

/// Where the interactive loop gets its lines: libedit on a terminal, plain stdin otherwise.
protocol LineEditor: AnyObject {
    /// Shows the prompt and reads one physical line (without its newline).
    func readLine(prompt: String) -> LineInput
    /// Records a complete command (all its continuation lines) in the history.
    func addHistory(_ command: String)
    /// Saves what must outlive the session (history).
    func close()
}

/// A line editor for input that is not a terminal, or a `TERM=dumb` one: prompts on stdout when
/// asked to, and reads the bytes.
final class PlainLineEditor: LineEditor {
    let reader = ByteLineReader(fd: 0)
    let showPrompt: Bool

    init(showPrompt: Bool) { self.showPrompt = showPrompt }

    func readLine(prompt: String) -> LineInput {
        if showPrompt { Output.out(prompt) }
        return reader.next()
    }

    func addHistory(_ command: String) {}
    func close() {}
}
