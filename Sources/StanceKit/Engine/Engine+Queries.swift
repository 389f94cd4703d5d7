extension Engine {
    /// Runs a query; its output as text, or JSON with `options.json`.
    func query(_ command: Command, base: String) throws(SyntaxError) -> String {
        let s = state
        switch command {
        case .show(let ref):
            if let (kind, i) = s.record(ref.value) {
                switch kind {
                case 115 where !s.stances[Int(i)].removed: return Queries.showStance(i, s, options)
                case 108 where !s.links[Int(i)].removed: return Queries.showLink(i, s, options)
                case 110 where !s.notes[Int(i)].removed: return Queries.showNote(i, s, options)
                default: throw SyntaxError("\(ref.value) is removed", ref.range)
                }
            }
            return Queries.show(try s.resolve(ref), s, options)
        case .list(let what, let tag, let filter):
            return try Queries.list(what?.value, tag: tag?.value, filter: filter, s, options)
        case .find(let text):
            return Queries.find(text.value, s, options)
        case .who(let position, let ref):
            return Queries.who(position.value, try s.resolve(ref), s, options)
        case .log(let n):
            let lines = sessionLog.suffix(n ?? 20)
            if options.json {
                var w = JSONWriter()
                w.beginArray()
                for l in lines { w.string(l) }
                w.endArray()
                return w.out + "\n"
            }
            return lines.map { Display.escapeControls($0) + "\n" }.joined()
        case .help(let topic):
            return try Help.text(topic)
        case .export(let format, let file, let options):
            // `-` is standard output, as everywhere a file is expected.
            return try export(format, file: file?.value == "-" ? nil : file, options: options, base: base)
        case .matrix(let tag):
            return try Analysis.matrix(tag: tag?.value, s, options)
        case .agree(let a, let b):
            return try Analysis.agree(try s.resolve(a, .actor), try s.resolve(b, .actor), s, options)
        case .conflicts(let ref):
            return try Analysis.conflicts(try ref.map { r throws(SyntaxError) in try s.resolve(r) }, s, options)
        case .shifts(let ref):
            return try Analysis.shifts(try ref.map { r throws(SyntaxError) in try s.resolve(r) }, s, options)
        case .timeline(let ref):
            return try Analysis.timeline(try ref.map { r throws(SyntaxError) in try s.resolve(r) }, s, options)
        case .report:
            return try Analysis.report(s, options)
        default:
            return ""
        }
    }

    /// `export FORMAT [FILE]`: to stdout, or to a file relative to `base`.
    func export(_ format: Syntax<String>, file: Syntax<String>?, options: ExportOptions = ExportOptions(),
                base: String) throws(SyntaxError) -> String {
        let written = file.map { Exports.paths(format.value, options, $0.value).map(\.path) } ?? []
        if let file { for p in written { try refuseJournal(FileIO.join(base, p), Syntax(p, file.range)) } }
        let text = try Exports.render(format.value, state, options: options, range: format.range,
                                      toFile: file.map { FileIO.join(base, $0.value) }, pathRange: file?.range)
        guard file != nil else { return text }
        // The line saying where it went is an answer, which --quiet silences.
        return self.options.quiet ? "" : "export \(format.value): \(written.map(Display.escapeControls).joined(separator: ", "))\n"
    }

    /// An export never replaces a journal: the one this session writes (made or not yet), one it
    /// read, or any file that starts as a journal does.
    func refuseJournal(_ path: String, _ file: Syntax<String>) throws(SyntaxError) {
        let shown = Display.escapeControls(file.value)
        if let mine = journalPath(), FileIO.absolute(mine) == FileIO.absolute(path) {
            throw SyntaxError("will not export over '\(shown)': it is this session's journal", file.range)
        }
        if let id = FileIO.identity(of: path), entered.contains(id) || state.included.contains(id) || FileIO.startsWith(path, JournalWriter.mark) {
            throw SyntaxError("will not export over '\(shown)': it is a stance journal", file.range)
        }
    }
}
