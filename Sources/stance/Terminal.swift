#if canImport(Glibc)
import Glibc
#endif
import CLibEdit
import StanceKit

/// Writes to stdout and stderr with plain write(2): answers reach a pipe at once.
enum Output {
    /// The first error writing to stdout (EPIPE when its reader is gone), or 0. A script stops at
    /// it, and the program exits as `exitOnWriteFailure` says.
    nonisolated(unsafe) static var failure: Int32 = 0
    static var failed: Bool { failure != 0 }

    static func out(_ s: String) { write(1, s) }

    /// Whether stdout is a terminal, which gets control characters in data escaped.
    static let toTerminal = isatty(1) == 1
    static func err(_ s: String) { write(2, s) }

    static func write(_ fd: Int32, _ s: String) {
        guard !s.isEmpty else { return }
        var t = s
        let e = t.withUTF8 { FileIO.writeAll(fd, UnsafeRawBufferPointer($0)) }
        if let e, fd == 1, failure == 0 { failure = e }
    }

    /// After a failed write to stdout: exit 141 for a broken pipe, silently, as a program ended by
    /// SIGPIPE would; 1 with a message for any other error (a full disk, an I/O error).
    static func exitOnWriteFailure() {
        guard failed else { return }
        if failure == EPIPE { exit(128 + SIGPIPE) }
        err("stance: cannot write to standard output: \(FileIO.errorText(failure))\n")
        exit(1)
    }
}

/// What the terminal can do.
enum Terminal {
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// The columns of the terminal on `fd` (80 when it does not say).
    static func width(_ fd: Int32) -> Int { Int(stance_terminal_width(fd)) }

    /// `--color auto|always|never`; NO_COLOR (any non-empty value) turns `auto` off.
    static func useColor(_ mode: String, fd: Int32) -> Bool {
        switch mode {
        case "always": return true
        case "never": return false
        default:
            if let nc = getenv("NO_COLOR"), nc.pointee != 0 { return false }
            if let t = getenv("TERM"), String(cString: t) == "dumb" { return false }
            return isTerminal(fd)
        }
    }

    static var isDumb: Bool {
        guard let t = getenv("TERM") else { return true }
        let s = String(cString: t)
        return s == "dumb" || s.isEmpty
    }
}

extension Terminal {
    /// Text for a terminal: control characters other than newline and tab (escape included) are
    /// shown escaped, never sent raw.
    static func safe(_ s: String) -> String {
        var needs = false
        for b in s.utf8 where (b < 0x20 && b != 10 && b != 9) || b == 0x7F || b == 0xC2 { needs = true; break }
        guard needs else { return s }
        return s.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map { Display.escapeControls(String($0)) }.joined(separator: "\t") }
            .joined(separator: "\n")
    }
}
