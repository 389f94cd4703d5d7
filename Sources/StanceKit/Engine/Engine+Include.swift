#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
extension Engine {
    /// How deep journals may include each other: each level replays on the stack, so a deeper
    /// chain is an error rather than a crash.
    public static let maxIncludeDepth = 32

    /// `include "PATH"`: replays another journal, relative to the file the command is written in.
    /// Each file once; a cycle is an error; a file that is not a journal is refused without
    /// showing its content.
    func include(_ pathSyntax: Syntax<String>, base: String) throws(SyntaxError) -> (String, String) {
        let given = pathSyntax.value
        let path = FileIO.absolute(FileIO.join(base, given))
        guard let id = FileIO.identity(of: path) else {
            throw SyntaxError("cannot include '\(Display.escapeControls(given))': no such file", pathSyntax.range)
        }
        if loading.contains(id) {
            throw SyntaxError("include cycle: '\(Display.escapeControls(given))' is being replayed already", pathSyntax.range)
        }
        if loading.count >= Engine.maxIncludeDepth {
            throw SyntaxError("cannot include '\(Display.escapeControls(given))': journals include each other more than \(Engine.maxIncludeDepth) deep", pathSyntax.range)
        }
        let file: (reader: JournalReader, fd: Int32)
        do {
            file = try JournalReader.open(path)
        } catch {
            throw SyntaxError("cannot include '\(Display.escapeControls(given))': \(error.message)", pathSyntax.range)
        }
        defer { close(file.fd) }
        let reader = file.reader
        // The included journal runs in its own undo context.
        let savedUndo = undoStack, savedRedo = redoStack, savedSpeaker = speaker
        let savedLog = sessionLog
        let savedWarnings = (includeWarnings.count, tornIncludes)
        undoStack = ChangeStack(); redoStack = ChangeStack()
        loading.append(id)
        defer {
            loading.removeLast()
            undoStack = savedUndo; redoStack = savedRedo
            sessionLog = savedLog
        }
        let report: JournalReader.Report
        do throws(JournalReader.Damage) {
            report = try reader.replay(into: self, base: FileIO.directory(of: path))
            // Not even a whole header line (an empty file, or one without a line break).
            if report.soundLength == 0 { throw JournalReader.Damage(diagnostic: Diagnostic(.error, ""), notAJournal: true) }
        } catch {
            includeWarnings.removeSubrange(savedWarnings.0...)
            tornIncludes = savedWarnings.1
            if error.notAJournal {
                throw SyntaxError("'\(Display.escapeControls(given))' is not a stance journal; nothing of it was run", pathSyntax.range)
            }
            let d = error.diagnostic
            throw SyntaxError("in the included journal: \(d.source):\(d.start.line):\(d.start.column): \(d.message)", pathSyntax.range)
        }
        includeWarnings += report.warnings
        tornIncludes += report.tornIncludes + (report.torn ? 1 : 0)
        // Last, so that undo takes "included" back with what it added, and redo brings both back.
        state.perform(.included(Box(IncludedJournal(path: Display.escapeControls(given), file: id)), true))
        // The speaker of the including session is the same after the include as before it.
        if state.speaker != savedSpeaker { state.perform(.appendTurn(Turn(at: currentTime, speaker: savedSpeaker))) }
        // Recorded relative to the journal being written, so that a folder of journals can move.
        var recorded = path
        if let dir = journalDirectory.map(FileIO.absolute) { recorded = FileIO.relative(path, from: dir) }
        return ("include \(Canonical.quote(recorded))", "include \(Display.escapeControls(given)): \(report.entries) entries")
    }

    /// Whether a path names a file that is included already, and not taken back by undo, or the
    /// journal this engine read (a second include does nothing).
    func alreadyIncluded(_ given: String, base: String) -> Bool {
        let path = FileIO.absolute(FileIO.join(base, given))
        guard let id = FileIO.identity(of: path) else { return false }
        return (state.included.contains(id) || entered.contains(id)) && !loading.contains(id)
    }
}
