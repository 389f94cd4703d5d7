#if canImport(Glibc)
import Glibc
#endif
import CLibEdit
import StanceKit

func stance_terminal_width_(_ fd: Int32) -> Int32 { stance_terminal_width(fd) }

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

    static func run(runner: Runner, session: Session, color: Bool) -> Int32 {
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
        return runner.runInteractive(editor: editor) {
            session.engine.options.width = Int(stance_terminal_width(1))
            return prompt(session: session, color: color)
        }
    }

    /// `SESSION SPEAKER> `: the journal's name (or `stance` before there is one) and who is talking.
    static func prompt(session: Session, color: Bool) -> String {
        var name = "stance"
        if let p = session.journal?.path {
            name = FileIO.lastComponent(p)
            if name.hasSuffix(".stance") { name.removeLast(7) }
            name = shortName(name)
            name = Display.escapeControls(name)
            if name.count > 32 { name = String(name.prefix(31)) + "…" }
        }
        let e = session.engine
        var speaker: String?
        if let s = e.speaker { speaker = e.state.entities[Int(s)].id }
        guard color else { return name + (speaker.map { " " + $0 } ?? "") + "> " }
        var p = Prompt.sgr("2") + name + Prompt.sgr("0")
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
