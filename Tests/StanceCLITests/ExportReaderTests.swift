import Foundation
import Testing

/// Exports read back by the parsers the field uses, with names holding what a journal from
/// someone else can hold: quotes, line breaks, tabs, control characters, U+FFFF, right-to-left
/// marks, emoji and Chinese.
struct ExportReaderTests {
    /// What a name or text can hold, as the language writes it (`\t`, `\n`, `\"` are escapes).
    static let hostileSource = "Q \\\"quoted\\\" 'single' \\t tab \\n line \u{1B}[31m red \u{01} \u{FFFF} \u{FFFE} \u{200F}rlm 😀🇲🇱 中文 & <b> &#1; ;"
    /// The same text once read.
    static let hostile = "Q \"quoted\" 'single' \t tab \n line \u{1B}[31m red \u{01} \u{FFFF} \u{FFFE} \u{200F}rlm 😀🇲🇱 中文 & <b> &#1; ;"
    /// What an XML document can hold of it: every character XML 1.0 forbids becomes U+FFFD.
    static let hostileInXML = "Q \"quoted\" 'single' \t tab \n line \u{FFFD}[31m red \u{FFFD} \u{FFFD} \u{FFFD} \u{200F}rlm 😀🇲🇱 中文 & <b> &#1; ;"

    static let script = """
    event "Real \(hostileSource)" title=fake date=2018-04-25 location="\(hostileSource)"
    @2018-04-25T17:30:00-04:00 actor x "\(hostileSource)" kind=person role="\(hostileSource)" #panel
    @17:31 actor y "Y 中文" kind=org
    @17:31 actor z "Z" kind=state
    @17:32 concern c "C \(hostileSource)"
    @17:33 stance x + c "\(hostileSource)"
    @17:34 stance y - c "=HYPERLINK(\\"http://example.org\\")"
    @17:35 stance z + c : -1 is what they said
    @17:36 stance x - y "@SUM(1)" by=z
    @17:37 stance z + y : +plus
    """

    func scene() throws -> URL {
        let dir = try Harness.temporaryFolder()
        let r = try Harness.run(["--no-journal", "--quiet"], script: Self.script + "\n", in: dir)
        try #require(r.status == 0, "\(r.stderr)")
        return dir
    }

    /// Runs the scene and then `commands` in one script; the outputs.
    func export(_ commands: String, in dir: URL) throws -> Harness.Result {
        let r = try Harness.run(["--no-journal", "--quiet"], script: Self.script + "\n" + commands + "\n", in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return r
    }

    @Test func graphmlIsWellFormedWhateverTheNamesHold() throws {
        let dir = try scene()
        defer { try? FileManager.default.removeItem(at: dir) }
        try export("export graphml networks=all all.graphml", in: dir)
        for n in ["stances", "congruence", "conflict", "all-stances", "all-congruence", "all-conflict"] {
            if !n.hasPrefix("all") { try export("export graphml networks=\(n) \(n).graphml", in: dir) }
            let doc = try #require(Readers.json(Readers.xmlData, [dir.appendingPathComponent("\(n).graphml").path]) as? [String: [String: [String]]])
            #expect(doc.keys.filter { $0.hasPrefix("graph:") }.count == 1, "\(n)")
            #expect(doc["node:x"]?["label"] == [Self.hostileInXML], "\(n)")
            if n == "stances" {
                #expect(doc["node:c"]?["label"] == ["C " + Self.hostileInXML])
                #expect(doc["edge:s1"]?["text"] == [Self.hostileInXML])
            }
        }
    }

    @Test func networkxReadsEachNetwork() throws {
        guard let nx = Readers.networkx else {
            // networkx is optional: scripts/deps installs python3-networkx where apt is at hand.
            return
        }
        let dir = try scene()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try export("set y age=42\nexport graphml networks=all panel.graphml", in: dir)
        #expect(r.stdout.isEmpty, "--quiet: no line saying where the files went")
        for n in ["stances", "congruence", "conflict"] {
            let g = try #require(Readers.json(Readers.networkxGraph, [dir.appendingPathComponent("panel-\(n).graphml").path], interpreter: nx) as? [String: Any])
            let nodes = try #require(g["nodes"] as? [String: [String: Any]])
            #expect(nodes["x"]?["label"] as? String == Self.hostileInXML, "\(n)")
            #expect(nodes["x"]?["role"] as? String == Self.hostileInXML, "\(n)")
            #expect(g["directed"] as? Bool == (n == "stances"))
            // Typed keys: an int attribute, a boolean a tag (absent where false, the key's default).
            #expect(nodes["y"]?["age"] as? Int == 42, "\(n)")
            #expect(nodes["x"]?["#panel"] as? Bool == true && nodes["y"]?["#panel"] == nil, "\(n)")
            let edges = try #require(g["edges"] as? [[Any]])
            #expect(!edges.isEmpty, "\(n)")
            if n == "stances" {
                let first = try #require(edges.first { ($0[0] as? String) == "x" && ($0[1] as? String) == "c" }?[2] as? [String: Any])
                #expect(first["text"] as? String == Self.hostileInXML && first["current"] as? Bool == true)
            }
        }
    }

    @Test func svgIsWellFormedWhateverTheNamesHold() throws {
        guard ExportTestsSupport.dot != nil else { return }
        let dir = try scene()
        defer { try? FileManager.default.removeItem(at: dir) }
        try export("export svg map.svg", in: dir)
        let text = try #require(Readers.json(Readers.xmlText, [dir.appendingPathComponent("map.svg").path]) as? String)
        #expect(text.contains("中文") && text.contains("😀🇲🇱") && text.contains("\u{200F}rlm"))
        // An entity in a name is text, never a character reference that Graphviz would decode.
        #expect(text.contains("&#1;") && text.contains("& <b>"))
    }

    @Test func jsonNeverRepeatsAKey() throws {
        let dir = try scene()
        defer { try? FileManager.default.removeItem(at: dir) }
        try export("export json doc.json", in: dir)
        let doc = try #require(Readers.json(Readers.strictJSON, [dir.appendingPathComponent("doc.json").path]) as? [String: Any])
        let event = try #require(doc["event"] as? [String: Any])
        #expect(event["title"] as? String == "Real " + Self.hostile)
        let attrs = try #require(event["attributes"] as? [String: String])
        #expect(attrs == ["title": "fake", "date": "2018-04-25", "location": Self.hostile])
        let actors = try #require(doc["actors"] as? [[String: Any]])
        #expect(actors.first?["name"] as? String == Self.hostile)
    }

    @Test func csvHoldsTheTextItselfAndGuardsFormulas() throws {
        let dir = try scene()
        defer { try? FileManager.default.removeItem(at: dir) }
        let piped = try export("export csv", in: dir)
        try export("export csv out.csv", in: dir)
        let file = try String(contentsOf: dir.appendingPathComponent("out.csv"), encoding: .utf8)
        #expect(piped.stdout == file)
        #expect(file.contains("\u{1B}[31m") && !file.contains("\\u{1B}"))
        let rows = try #require(Readers.json(Readers.csvRows, [dir.appendingPathComponent("out.csv").path]) as? [[String]])
        let header = rows[0]
        let text = try #require(header.firstIndex(of: "text"))
        let texts = rows.dropFirst().map { $0[text] }
        #expect(texts == [Self.hostile, "'=HYPERLINK(\"http://example.org\")", "'-1 is what they said", "'@SUM(1)", "'+plus"])
        #expect(rows.dropFirst().allSatisfy { $0.count == header.count })
    }

    @Test func dnaEventListReadsAsSemicolonCSVAndImportsBackToTheSameExport() throws {
        let dir = try scene()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try export("export dna ev.csv\nexport dna", in: dir)
        let file = try String(contentsOf: dir.appendingPathComponent("ev.csv"), encoding: .utf8)
        #expect(r.stdout == file, "--quiet: only the piped export")
        let rows = try #require(Readers.json(Readers.csvRows, [dir.appendingPathComponent("ev.csv").path, ";"]) as? [[String]])
        #expect(rows.count == 6 && rows.allSatisfy { $0.count == 16 })
        // DNA writes ';' as ',' and '"' as "'" in its text fields; everything else is the text itself.
        let dnaHostile = Self.hostile.replacingOccurrences(of: ";", with: ",").replacingOccurrences(of: "\"", with: "'")
        #expect(rows[1][2] == dnaHostile && rows[1][8] == dnaHostile)
        #expect(rows.dropFirst().map { $0[5] } == ["1", "0", "1", "0", "1"])

        let imported = try Harness.run(["import", "dna", "ev.csv", "-o", "back.stance"], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout == "back.stance: 5 statements, 3 actors, 1 concern from ev.csv\n")
        let check = try Harness.run(["check", "back.stance"], in: dir)
        #expect(check.status == 0 && check.stderr.isEmpty, "\(check.stderr)")
        let again = try Harness.run(["export", "back.stance", "dna"], in: dir)
        #expect(again.status == 0 && again.stdout == file)
        // A journal is never imported over.
        let twice = try Harness.run(["import", "dna", "ev.csv", "-o", "back.stance"], in: dir)
        #expect(twice.status == 2 && twice.stderr.contains("it exists"))
    }

    @Test func importRefusesABadEventListAtItsLineAndWritesNothing() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("\"statement_id\";\"time\";\"person\";\"organization\";\"concept\";\"agreement\"\n1;2018-04-25 21:35:00;\"A\";\"\";\"C\";7\n".utf8)
            .write(to: dir.appendingPathComponent("bad.csv"))
        let r = try Harness.run(["import", "dna", "bad.csv"], in: dir)
        #expect(r.status == 1 && r.stderr.hasPrefix("bad.csv:2:34: error: the agreement '7' is not 1 or 0"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Sessions").path))
        let integer = try Harness.run(["import", "dna", "bad.csv", "--qualifier", "integer"], in: dir)
        #expect(integer.status == 0 && integer.stdout.contains(": 1 statement, 1 actor, 1 concern from bad.csv"), "\(integer.stderr)")
        let nowhere = try Harness.run(["import", "dna", "bad.csv", "--qualifier", "integer", "-o", "no/such/folder.stance"], in: dir)
        #expect(nowhere.status == 2 && nowhere.stderr.contains("does not exist"))
    }

    @Test func aTerminalGetsControlCharactersEscaped() throws {
        let dir = try Harness.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try PTY(["--no-journal", "-c", "actor x \"A\u{1B}[31mB\"\nconcern c C\nstance x + c : T\u{1B}]0;title\u{07}", "-c", "export csv"], in: dir)
        #expect(t.expect("T\\u{1B}]0;title\\u{07}"))
        #expect(t.wait() == 0)
    }

    @Test func markdownHoldsTheTextItself() throws {
        let dir = try scene()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try export("export md", in: dir)
        // The matrix is a fixed-width table in a code block: there they stay escaped, as at a terminal.
        let prose = try #require(r.stdout.components(separatedBy: "## Matrix").first)
        #expect(prose.contains("\u{1B}\\[31m red") && !prose.contains("\\u{1B}"))
    }
}

enum ExportTestsSupport {
    static let dot: String? = Readers.find(["dot"], importing: nil)
}
