/// `export dna [qualifier=boolean|integer]`: Discourse Network Analyzer's event list, laid out as
/// DNA's exporter writes it for its default statement type (person, organization, concept,
/// agreement): `;`-separated, a quoted header, text fields in quotes with `;` written as `,` and
/// `"` as `'`, times as `yyyy-MM-dd HH:mm:ss` (stance writes UTC), rows separated by a line
/// break with none after the last.
///
/// The mapping: the holder is the person when its kind is `person` (its `affiliation=` the
/// organization), else the organization; the target is the concept; supports is agreement 1 and
/// opposes 0, other positions left out, or with `qualifier=integer` supports 1, mixed, neutral and
/// raises 0, opposes -1; the event is the document (id 1; title, and `author=`, `source=`,
/// `section=`, `type=` from its attributes); the note-taker is coder 1; statement ids count from 1.
/// Text fields starting as a formula would get a leading `'`, as in the CSV.
enum DNAExport {
    static let header = ["statement_id", "time", "person", "organization", "concept", "agreement", "start_position",
                         "stop_position", "text", "coder", "document_id", "document_title", "document_author",
                         "document_source", "document_section", "document_type"]

    /// DNA's agreement for a position, or nil when the qualifier leaves it out.
    static func agreement(_ p: Position, integer: Bool) -> Int? {
        switch p {
        case .supports: 1
        case .opposes: integer ? -1 : 0
        case .mixed, .neutral, .raises: integer ? 0 : nil
        }
    }

    static func document(_ s: State, integer: Bool) -> String {
        var out = header.map { "\"\($0)\"" }.joined(separator: ";")
        let live = (0..<Int32(s.stances.count)).filter { Analysis.isLive($0, s) }
        let doc = [s.event.title ?? "", s.event.attribute("author") ?? "", s.event.attribute("source") ?? "",
                   s.event.attribute("section") ?? "", s.event.attribute("type") ?? ""].map(quote)
        var n = 0
        for i in Analysis.timeOrdered(live, s) {
            let st = s.stances[Int(i)]
            guard let a = agreement(st.position, integer: integer) else { continue }
            n += 1
            let holder = s.entities[Int(st.holder)]
            let person = holder.kind == "person" ? holder.name : ""
            let organization = holder.kind == "person" ? holder.attribute("affiliation") ?? "" : holder.name
            var row = [String(n), time(st.at), quote(person), quote(organization), quote(s.entities[Int(st.target)].name),
                       String(a), "0", "0", quote(s.text(of: st) ?? ""), "1", "1"]
            row += doc
            out += "\n" + row.joined(separator: ";")
        }
        return out
    }

    /// `yyyy-MM-dd HH:mm:ss`, in UTC.
    static func time(_ t: Timestamp) -> String {
        let c = Timestamp(seconds: t.seconds, offset: 0).civil
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2)) \(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))"
    }

    /// A text field as DNA writes it: in quotes, `;` as `,` and `"` as `'`; a formula guarded.
    static func quote(_ text: String) -> String {
        var out = "\""
        if CSVExport.isFormula(text) { out += "'" }
        for u in text.unicodeScalars {
            switch u {
            case ";": out += ","
            case "\"": out += "'"
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
