/// `stance import dna FILE`: Discourse Network Analyzer's event list (as `export dna` and DNA's
/// exporter write it: `;`-separated, a header naming the columns) turned into the commands of a
/// journal, in time order. Persons and organisations become actors (a person's organisation its
/// `affiliation=`), concepts become concerns (or the actor of that name, when one is), agreement
/// 1 supports and 0 opposes (with `integer`: above 0 supports, 0 neutral, below 0 opposes), and
/// each document the event. The commands are run by the caller through the one parser and apply
/// step, which journals them in canonical form.
public struct DNAImport {
    /// One command and the line of the file it comes from.
    public struct Line: Sendable {
        public var number: Int
        public var command: String
    }

    public private(set) var lines: [Line] = []
    public private(set) var statements = 0
    public private(set) var actors = 0
    public private(set) var concerns = 0

    struct Row {
        var line: Int
        var time: Timestamp
        var person: String
        var organization: String
        var concept: String
        var position: Position
        var text: String
        var document: String
        var title: String
        var meta: [(key: String, value: String)]
    }

    /// Reads the event list; throws the first problem at its line and column in `source`.
    public init(_ bytes: [UInt8], source: String, integer: Bool) throws(Diagnostic) {
        let records = try DNAImport.records(bytes, source: source)
        guard let header = records.first else { throw Diagnostic(.error, "the file is empty: a DNA event list starts with its header", source: source) }
        func column(_ name: String, required: Bool = true) throws(Diagnostic) -> Int? {
            if let i = header.fields.firstIndex(where: { $0.text == name }) { return i }
            guard !required else {
                throw Diagnostic(.error, "no '\(name)' column: a DNA event list (DNA Statement: person, organization, concept, agreement) has one", source: source, line: header.line)
            }
            return nil
        }
        let time = try column("time")!, concept = try column("concept")!, agreement = try column("agreement")!
        let person = try column("person", required: false), organization = try column("organization", required: false)
        guard person != nil || organization != nil else {
            throw Diagnostic(.error, "no 'person' or 'organization' column: a statement needs someone who makes it", source: source, line: header.line)
        }
        let text = try column("text", required: false), document = try column("document_id", required: false)
        let title = try column("document_title", required: false)
        let metaColumns = ["author", "source", "section", "type"].compactMap { k in
            header.fields.firstIndex { $0.text == "document_" + k }.map { (k, $0) }
        }
        var rows: [Row] = []
        for r in records.dropFirst() {
            if r.fields.count == 1 && r.fields[0].text.isEmpty { continue }
            guard r.fields.count == header.fields.count else {
                throw Diagnostic(.error, "\(r.fields.count) fields where the header has \(header.fields.count)", source: source, line: r.line)
            }
            func field(_ i: Int?) -> String { i.map { DNAImport.unguard(r.fields[$0].text) } ?? "" }
            func fail(_ i: Int, _ message: String) -> Diagnostic {
                Diagnostic(.error, message, source: source, line: r.fields[i].line, column: r.fields[i].column)
            }
            let t = r.fields[time].text
            let parts = t.split(separator: " ")
            guard parts.count == 2, let at = Timestamp.parse("\(parts[0])T\(parts[1])Z") else {
                throw fail(time, "'\(Display.escapeControls(t))' is not a DNA time: yyyy-MM-dd HH:mm:ss")
            }
            let a = r.fields[agreement].text
            let position: Position
            switch (integer, Int(a)) {
            case (false, 1?): position = .supports
            case (false, 0?): position = .opposes
            case (true, let n?): position = n > 0 ? .supports : n < 0 ? .opposes : .neutral
            default:
                throw fail(agreement, integer ? "the agreement '\(Display.escapeControls(a))' is not an integer"
                           : "the agreement '\(Display.escapeControls(a))' is not 1 or 0 (DNA's boolean; --qualifier integer reads an integer scale)")
            }
            let row = Row(line: r.line, time: at, person: field(person), organization: field(organization), concept: field(concept),
                          position: position, text: field(text), document: field(document), title: field(title),
                          meta: metaColumns.map { ($0.0, field($0.1)) }.filter { !$0.1.isEmpty })
            guard !row.person.isEmpty || !row.organization.isEmpty else {
                throw Diagnostic(.error, "the statement has neither a person nor an organization", source: source, line: r.line)
            }
            guard !row.concept.isEmpty else { throw fail(concept, "the statement has no concept") }
            rows.append(row)
        }
        build(rows.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element))
    }

    /// The commands: each entity declared at its first statement, the event at each new document.
    mutating func build(_ rows: [Row]) {
        var taken: Set<String> = []
        var actorIds: [String: String] = [:], concernIds: [String: String] = [:]
        // Any name that is a person or an organization names an actor, as a concept too; it is
        // declared with its kind (and a person's organization) wherever it first appears.
        var actorExtra: [String: String] = [:]
        for r in rows {
            let name = r.person.isEmpty ? r.organization : r.person
            guard actorExtra[name] == nil else { continue }
            var extra = r.person.isEmpty ? " kind=org" : " kind=person"
            if !r.person.isEmpty && !r.organization.isEmpty { extra += " " + Canonical.attribute("affiliation", r.organization) }
            actorExtra[name] = extra
        }
        let documents = Set(rows.map(\.document))
        var document: String?
        for r in rows {
            let at = "@" + r.time.rfc3339 + " "
            if r.document != document || document == nil {
                document = r.document
                if !r.title.isEmpty || !r.meta.isEmpty {
                    var c = at + "event " + Canonical.quote(r.title.isEmpty ? "DNA document \(r.document)" : r.title)
                    for m in r.meta { c += " " + Canonical.attribute(m.key, m.value) }
                    lines.append(Line(number: r.line, command: c))
                }
            }
            let holderName = r.person.isEmpty ? r.organization : r.person
            func declare(_ name: String, actor: Bool) -> String {
                let extra = actor ? actorExtra[name] ?? "" : ""
                if let id = actor ? actorIds[name] : concernIds[name] { return id }
                let id = DNAImport.id(for: name, taken: &taken)
                if actor { actorIds[name] = id; actors += 1 } else { concernIds[name] = id; concerns += 1 }
                lines.append(Line(number: r.line, command: at + (actor ? "actor " : "concern ") + id + " " + Canonical.quote(name) + extra))
                return id
            }
            let holder = declare(holderName, actor: true)
            let target = declare(r.concept, actor: actorExtra[r.concept] != nil)
            var c = at + "stance \(holder) \(r.position.word) \(target)"
            if !r.text.isEmpty { c += " " + Canonical.quote(r.text) }
            if documents.count > 1 { c += " #doc-" + (Identifier.make(from: r.document).isEmpty ? "x" : Identifier.make(from: r.document)) }
            lines.append(Line(number: r.line, command: c))
            statements += 1
        }
    }

    /// An id made from the name, unique among those taken (`-2`, `-3`… when it is not).
    static func id(for name: String, taken: inout Set<String>) -> String {
        var base = String(Identifier.make(from: name).prefix(56))
        while base.hasSuffix("-") { base.removeLast() }
        if base.isEmpty { base = "dna" }
        var id = base, n = 1
        while taken.contains(id) || Identifier.problem(with: id) != nil {
            n += 1
            id = "\(base)-\(n)"
        }
        taken.insert(id)
        return id
    }

    /// A text as it was before the exporter guarded it against formulas (`'=…` → `=…`).
    static func unguard(_ text: String) -> String {
        let b = Array(text.utf8)
        guard b.count > 1, b[0] == 39, CSVExport.isFormula(String(decoding: b[1...], as: UTF8.self)) else { return text }
        return String(decoding: b[1...], as: UTF8.self)
    }
}
