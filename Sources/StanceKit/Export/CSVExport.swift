/// `export csv`: one row a stance (removed ones left out), in time order, every column a
/// spreadsheet or pandas user needs without a join: `id,time,holder,holder_name,position,target,
/// target_name,text,by,tags,current`. The time is in UTC (`2018-04-25T21:35:00Z`); `tags` are
/// separated by spaces; `current` is `true` for a holder's latest stance on the target. Fields are
/// quoted as RFC 4180 says (when they hold a comma, a quote or a line break; quotes doubled);
/// lines end in LF.
enum CSVExport {
    static let header = "id,time,holder,holder_name,position,target,target_name,text,by,tags,current"

    static func document(_ s: State) -> String {
        var out = header + "\n"
        let live = (0..<Int32(s.stances.count)).filter { Analysis.isLive($0, s) }
        for i in Analysis.timeOrdered(live, s) {
            let st = s.stances[Int(i)]
            let row = ["s\(i + 1)", utc(st.at), Analysis.id(st.holder, s), s.entities[Int(st.holder)].name, st.position.word,
                       Analysis.id(st.target, s), s.entities[Int(st.target)].name, s.text(of: st) ?? "",
                       st.by.map { Analysis.id($0, s) } ?? "", st.tags.joined(separator: " "), s.isCurrent(i) ? "true" : "false"]
            out += row.map(field).joined(separator: ",") + "\n"
        }
        return out
    }

    /// RFC 3339 in UTC, with `Z`.
    static func utc(_ t: Timestamp) -> String {
        String(Timestamp(seconds: t.seconds, offset: 0).rfc3339.dropLast(6)) + "Z"
    }

    /// A field as RFC 4180 quotes it, the text itself (control characters included). A text a
    /// spreadsheet would run as a formula (one starting with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return) gets a leading `'` and quotes, as OWASP recommends against CSV injection.
    static func field(_ raw: String) -> String {
        let guarded = isFormula(raw)
        let x = guarded ? "'" + raw : raw
        guard guarded || x.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else { return x }
        var out = "\""
        for c in x.unicodeScalars {
            if c == "\"" { out += "\"\"" } else { out.unicodeScalars.append(c) }
        }
        return out + "\""
    }

    /// Whether a spreadsheet would read the text as a formula: it starts with `=`, `+`, `-`, `@`,
    /// a tab or a carriage return (OWASP's list).
    static func isFormula(_ text: String) -> Bool {
        text.utf8.first.map { [61, 43, 45, 64, 9, 13].contains($0) } ?? false
    }
}
