#if canImport(Glibc)
import Glibc
#endif
import CLibEdit
import StanceKit

/// The interactive side: banner, prompt, the line editor and its completion.
enum Interactive {
    /// `$XDG_STATE_HOME/stance/history`, or `~/.local/state/stance/history`; the folder is made 0700.
    static func historyPath() -> String? {
        var base: String
        if let x = getenv("XDG_STATE_HOME"), x.pointee != 0 {
            base = String(cString: x)
        } else if let h = getenv("HOME"), h.pointee != 0 {
            base = String(cString: h) + "/.local/state"
        } else {
            return nil
        }
        base += "/stance"
        do { try FileIO.makeDirectories(base, mode: 0o700) } catch { return nil }
        return base + "/history"
    }

    /// `loaded`: what reopening a journal loaded, said under the banner.
    static func run(runner: Runner, session: Session, color: Bool, loaded: String? = nil) -> Int32 {
        let editor: LineEditor
        if Terminal.isDumb {
            editor = PlainLineEditor(showPrompt: true)
        } else {
            let le = LibEditLineEditor(historyPath: historyPath())
            le.completer = { before in
                Completer(state: session.engine.state, listDirectory: { listDirectory(FileIO.join(session.base, $0)) }).complete(before)
            }
            le.idle = {
                session.engine.state.indexNames()
                Completer(state: session.engine.state).prepare()
            }
            editor = le
        }
        defer { editor.close() }
        let help = color ? "\u{1B}[1mhelp\u{1B}[0m" : "help"
        // Tab completes only in the line editor (not on a dumb terminal, nor without libedit).
        let tab = editor is LibEditLineEditor ? ", Tab to complete" : ""
        Output.out("stance \(Engine.version): type '\(help)' for the commands\(tab), Ctrl-D to end.\n")
        if let loaded { Output.out(Terminal.safe(loaded) + "\n") }
        return runner.runInteractive(editor: editor) {
            return prompt(session: session, color: color, width: Terminal.width(1))
        }
    }

    /// `SESSION 10:54 SPEAKER> `: the journal's name (or the event's, or `stance`), the session
    /// clock and who is talking. The name, then the speaker, is cut so that at least 50 columns of
    /// an 80-column line are left to type in.
    static func prompt(session: Session, color: Bool, width: Int = 80) -> String {
        var name = "stance"
        if let p = session.journal?.path {
            name = FileIO.lastComponent(p)
            if name.hasSuffix(".stance") { name.removeLast(7) }
            name = shortName(name)
        } else if let title = session.engine.state.event.title, case let id = Identifier.make(from: title), !id.isEmpty {
            name = id
        }
        name = Display.escapeControls(name)
        let e = session.engine
        let clock = e.currentTime.clock
        var speaker = e.speaker.map { e.state.entities[Int($0)].id }
        let limit = max(width - 50, 24)
        func cut(_ s: String, _ n: Int) -> String { s.count <= n ? s : n <= 1 ? "" : String(s.prefix(n - 1)) + "…" }
        // " 10:54" and "> " always; the speaker keeps at least 8 columns.
        if let s = speaker { speaker = cut(s, max(8, limit - 8 - 9)) }
        let room = limit - 8 - (speaker.map { $0.count + 1 } ?? 0)
        name = cut(name, room)
        let head = name.isEmpty ? clock : name + " " + clock
        guard color else { return head + (speaker.map { " " + $0 } ?? "") + "> " }
        var p = Prompt.sgr("2") + head + Prompt.sgr("0")
        if let speaker { p += " " + Prompt.sgr("1;36") + speaker + Prompt.sgr("0") }
        return p + "> "
    }

    /// A journal named from the date, time and event (`2018-04-25-1730-minusma-panel`) is shown by its
    /// event part, to leave the line to the notes.
    static func shortName(_ name: String) -> String {
        let b = Array(name.utf8)
        let digits: Set<Int> = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 13, 14]
        guard b.count > 16, b[4] == 45, b[7] == 45, b[10] == 45, b[15] == 45,
              digits.allSatisfy({ b[$0] >= 48 && b[$0] <= 57 }) else { return name }
        return String(decoding: b[16...], as: UTF8.self)
    }

    /// The entries of a directory, for completing paths.
    static func listDirectory(_ path: String) -> [(name: String, isDirectory: Bool)] {
        guard let d = opendir(path) else { return [] }
        defer { closedir(d) }
        var out: [(name: String, isDirectory: Bool)] = []
        while let ent = readdir(d), out.count < 10_000 {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            var dir = ent.pointee.d_type == UInt8(DT_DIR)
            if ent.pointee.d_type == UInt8(DT_UNKNOWN) || ent.pointee.d_type == UInt8(DT_LNK) {
                dir = FileIO.isDirectory(FileIO.join(path, name))
            }
            out.append((name, dir))
        }
        return out
    }
}
