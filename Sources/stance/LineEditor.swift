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
    /// The earlier lines of a command being continued (joined with newlines), for completion.
    var earlierLines: String { get set }
    /// Saves what must outlive the session (history).
    func close()
}

/// A line editor for input that is not a terminal, or a `TERM=dumb` one: prompts on stdout when
/// asked to, and reads the bytes. No history, no completion.
final class PlainLineEditor: LineEditor {
    let reader = ByteLineReader(fd: 0)
    let showPrompt: Bool
    var earlierLines = ""

    init(showPrompt: Bool) { self.showPrompt = showPrompt }

    func readLine(prompt: String) -> LineInput {
        if showPrompt { Output.out(Prompt.plain(prompt)) }
        return reader.next()
    }

    func addHistory(_ command: String) {}
    func close() {}
}

/// The prompt's markup: text between two `\u{1}` takes no room on the screen (colour sequences).
enum Prompt {
    static let ignore: Character = "\u{1}"

    /// A colour sequence marked for libedit.
    static func sgr(_ code: String) -> String { "\u{1}\u{1B}[\(code)m\u{1}" }

    /// The prompt without its marked sequences, for an editor that does not understand them.
    static func plain(_ p: String) -> String {
        guard p.contains(ignore) else { return p }
        var out = ""
        var hidden = false
        for c in p {
            if c == ignore { hidden.toggle(); continue }
            if !hidden { out.append(c) }
        }
        return out
    }
}
