/// `export csv`: one row a stance, in time order, in the layout of Discourse Network Analyzer's
/// statements: `time,holder,position,target,text,by`. Fields are quoted as RFC 4180 says (when they
/// hold a comma, a quote or a line break; quotes doubled); lines end in LF.
enum CSVExport {
    static let header = "time,holder,position,target,text,by"

    static func document(_ s: State) -> String {
        var out = header + "\n"
        let live = (0..<Int32(s.stances.count)).filter { Analysis.isLive($0, s) }
        for i in Analysis.timeOrdered(live, s) {
            let st = s.stances[Int(i)]
            let row = [st.at.rfc3339, Analysis.id(st.holder, s), st.position.word, Analysis.id(st.target, s),
                       s.text(of: st) ?? "", st.by.map { Analysis.id($0, s) } ?? ""]
            out += row.map(field).joined(separator: ",") + "\n"
        }
        return out
    }

    /// A field as RFC 4180 quotes it, the text itself (control characters included). A text a
    /// spreadsheet would run as a formula (one starting with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return) gets a leading `'` and quotes, as OWASP recommends against CSV injection.
    static func field(_ raw: String) -> String {
        let guarded = raw.utf8.first.map { [61, 43, 45, 64, 9, 13].contains($0) } ?? false
        let x = guarded ? "'" + raw : raw
        guard guarded || x.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else { return x }
        var out = "\""
        for c in x.unicodeScalars {
            if c == "\"" { out += "\"\"" } else { out.unicodeScalars.append(c) }
        }
        return out + "\""
    }
}
