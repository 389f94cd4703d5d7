extension DNAImport {
    struct Field {
        var text: String
        var line: Int
        var column: Int
    }

    struct Record {
        var line: Int
        var fields: [Field]
    }

    /// The records of a `;`-separated file: fields in `"` may hold `;`, line breaks and `""` (a
    /// quote); lines end in LF or CRLF; a UTF-8 byte order mark is skipped. Columns count
    /// Unicode scalars, as every diagnostic's do.
    static func records(_ bytes: [UInt8], source: String) throws(Diagnostic) -> [Record] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Diagnostic(.error, "the file is not UTF-8 (DNA writes its event lists in UTF-8)", source: source)
        }
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var records: [Record] = []
        var fields: [Field] = []
        var field = String.UnicodeScalarView()
        var line = 1, column = 1
        var recordLine = 1, fieldLine = 1, fieldColumn = 1
        var quoted = false, wasQuoted = false
        var i = 0
        func endField() {
            fields.append(Field(text: String(field), line: fieldLine, column: fieldColumn))
            field = String.UnicodeScalarView()
            wasQuoted = false
        }
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            if quoted {
                if c == "\"" {
                    if i < scalars.count && scalars[i] == "\"" { field.append("\""); i += 1; column += 2; continue }
                    quoted = false
                    column += 1
                    continue
                }
                field.append(c)
                if c == "\n" { line += 1; column = 1 } else { column += 1 }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !wasQuoted:
                quoted = true
                wasQuoted = true
                column += 1
            case ";":
                endField()
                column += 1
                fieldLine = line
                fieldColumn = column
            case "\r" where i < scalars.count && scalars[i] == "\n":
                continue
            case "\n":
                endField()
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                line += 1
                column = 1
                recordLine = line
                fieldLine = line
                fieldColumn = 1
            default:
                field.append(c)
                column += 1
            }
        }
        if quoted {
            throw Diagnostic(.error, "a quoted field is not closed before the end of the file", source: source, line: fieldLine, column: fieldColumn)
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted {
            endField()
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
