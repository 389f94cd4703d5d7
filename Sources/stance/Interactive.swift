#if canImport(Glibc)
import Glibc
#endif
import CLibEdit
import StanceKit

func stance_terminal_width_(_ fd: Int32) -> Int32 { stance_terminal_width(fd) }

/// The interactive side: banner, prompt, the line editor.
enum Interactive {
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
        let editor: LineEditor = Terminal.isDumb ? PlainLineEditor(showPrompt: true) : LibEditLineEditor(historyPath: historyPath())
        defer { editor.close() }
        Output.out("stance \(Engine.version): type 'help' for the commands, Ctrl-D to end.\n")
        return runner.runInteractive(editor: editor) {
            let e = session.engine
            var name = "stance"
            if let p = session.journal?.path {
                name = FileIO.lastComponent(p)
                if name.hasSuffix(".stance") { name.removeLast(7) }
            }
            var p = name
            if let s = e.speaker { p += " " + e.state.entities[Int(s)].id }
            return p + "> "
        }
    }
}
