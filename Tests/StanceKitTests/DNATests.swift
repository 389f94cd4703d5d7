import Foundation
import Testing
@testable import StanceKit

/// `export dna` writes Discourse Network Analyzer's event list as its exporter does, and
/// `import dna` reads one back into the commands of a journal.
struct DNATests {
    static let header = "\"statement_id\";\"time\";\"person\";\"organization\";\"concept\";\"agreement\";\"start_position\";\"stop_position\";\"text\";\"coder\";\"document_id\";\"document_title\";\"document_author\";\"document_source\";\"document_section\";\"document_type\""

    func panel() throws -> Engine {
        let e = Engine()
        try run(e, """
        @2018-04-25T17:30:00-04:00 event "Panel; \\"one\\"" source="CBC" date=2018-04-25
        @17:30 actor lev "Corey Levine" kind=person affiliation="EUTM Mali"
        @17:30 actor minusma "MINUSMA" kind=org
        @17:30 actor ouimet "Louise Ouimet" kind=person
        @17:31 concern dev "Development spending"
        @17:32 stance lev + dev "argued; for \\"it\\"\\nsecond line"
        @17:33 stance minusma - dev : =SUM(1)
        @17:34 stance ouimet ~ dev
        @21:35 stance ouimet + minusma
        """)
        return e
    }

    @Test func exportWritesDNAsEventList() throws {
        let dna = DNAExport.document(try panel().state, integer: false)
        #expect(dna == Self.header + """

        1;2018-04-25 21:32:00;"Corey Levine";"EUTM Mali";"Development spending";1;0;0;"argued, for 'it'
        second line";1;1;"Panel, 'one'";"";"CBC";"";""
        2;2018-04-25 21:33:00;"";"MINUSMA";"Development spending";0;0;0;"'=SUM(1)";1;1;"Panel, 'one'";"";"CBC";"";""
        3;2018-04-26 01:35:00;"Louise Ouimet";"";"MINUSMA";1;0;0;"";1;1;"Panel, 'one'";"";"CBC";"";""
        """)
    }

    @Test func integerQualifierKeepsEveryPosition() throws {
        let dna = DNAExport.document(try panel().state, integer: true)
        let agreements = dna.split(separator: "\n").dropFirst().filter { $0.first?.isNumber == true }.map { $0.split(separator: ";")[5] }
        #expect(agreements == ["1", "-1", "0", "1"])
    }

    @Test func importReadsQuotesSeparatorsLineBreaksAndCRLF() throws {
        let file = Self.header + "\r\n1;2018-04-25 21:32:00;\"Corey Levine\";\"EUTM; Mali\";\"Dev\";1;0;0;\"a \"\"b\"\"\r\nc\";1;1;\"T\";\"\";\"\";\"\";\"\"\r\n"
            + "2;2018-04-25 21:31:00;\"\";\"MINUSMA\";\"Corey Levine\";0;0;0;\"'-1 is it\";1;1;\"T\";\"\";\"\";\"\";\"\""
        let imp = try DNAImport(Array(file.utf8), source: "in.csv", integer: false)
        #expect(imp.lines.map(\.command) == [
            "@2018-04-25T21:31:00+00:00 event \"T\"",
            "@2018-04-25T21:31:00+00:00 actor minusma \"MINUSMA\" kind=org",
            "@2018-04-25T21:31:00+00:00 actor corey-levine \"Corey Levine\" kind=person affiliation=\"EUTM; Mali\"",
            "@2018-04-25T21:31:00+00:00 stance minusma opposes corey-levine \"-1 is it\"",
            "@2018-04-25T21:32:00+00:00 concern dev \"Dev\"",
            "@2018-04-25T21:32:00+00:00 stance corey-levine supports dev \"a \\\"b\\\"\r\\nc\"",
        ])
        #expect(imp.lines.map(\.number) == [4, 4, 4, 4, 2, 2])
        #expect(imp.statements == 2 && imp.actors == 2 && imp.concerns == 1)
    }

    @Test func importRefusesWhatIsNotAnEventListAtItsLineAndColumn() throws {
        func problem(_ text: String, integer: Bool = false) -> Diagnostic? {
            do { _ = try DNAImport(Array(text.utf8), source: "in.csv", integer: integer); return nil } catch { return error }
        }
        let row = "1;2018-04-25 21:32:00;\"A\";\"\";\"C\";1;0;0;\"\";1;1;\"T\";\"\";\"\";\"\";\"\""
        let badTime = problem(Self.header + "\n" + row.replacingFirst("2018-04-25 21:32:00", "25/04/2018"))
        #expect(badTime?.message.contains("is not a DNA time") == true && badTime?.start == SourcePosition(line: 2, column: 3))
        let badAgreement = problem(Self.header + "\n" + row.replacingFirst(";1;0;0;", ";-1;0;0;"))
        #expect(badAgreement?.message.contains("not 1 or 0") == true && badAgreement?.start.line == 2)
        #expect(problem(Self.header + "\n" + row.replacingFirst(";1;0;0;", ";-1;0;0;"), integer: true) == nil)
        #expect(problem("\"statement_id\";\"time\";\"person\"\n")?.message.contains("no 'concept' column") == true)
        #expect(problem(Self.header + "\n1;2")?.message.contains("2 fields where the header has 16") == true)
        #expect(problem(Self.header + "\n1;\"abc")?.message.contains("not closed") == true)
        #expect(problem(Self.header + "\n" + row.replacingFirst("\"A\"", "\"\""))?.message.contains("neither a person nor an organization") == true)
        #expect(problem("")?.message.contains("empty") == true)
    }

    @Test func severalDocumentsTagTheirStancesAndUpdateTheEvent() throws {
        let file = "\"time\";\"person\";\"organization\";\"concept\";\"agreement\";\"document_id\";\"document_title\"\n"
            + "2018-04-25 21:35:00;\"A\";\"\";\"C\";1;3;\"Doc three\"\n2018-04-26 21:35:00;\"\";\"Org\";\"C\";0;12;\"Doc twelve\"\n"
        let imp = try DNAImport(Array(file.utf8), source: "in.csv", integer: false)
        #expect(imp.lines.map(\.command).filter { $0.contains(" event ") || $0.contains(" stance ") } == [
            "@2018-04-25T21:35:00+00:00 event \"Doc three\"",
            "@2018-04-25T21:35:00+00:00 stance a supports c #doc-3",
            "@2018-04-26T21:35:00+00:00 event \"Doc twelve\"",
            "@2018-04-26T21:35:00+00:00 stance org opposes c #doc-12",
        ])
        let e = Engine()
        for l in imp.lines { try run(e, l.command) }
        #expect(e.state.event.title == "Doc twelve" && e.state.stances.map(\.tags) == [["doc-3"], ["doc-12"]])
    }

    /// The stances as a DNA user sees them: who, what, on what, said what, when.
    func stances(_ e: Engine) -> [String] {
        let s = e.state
        return (0..<Int32(s.stances.count)).filter { Analysis.isLive($0, s) }.map { i in
            let st = s.stances[Int(i)]
            return "\(st.at.seconds) \(s.entities[Int(st.holder)].name) \(st.position.word) \(s.entities[Int(st.target)].name): \(s.text(of: st) ?? "")"
        }.sorted()
    }

    func imported(_ dna: String, integer: Bool) throws -> Engine {
        let e = Engine()
        for l in try DNAImport(Array(dna.utf8), source: "x", integer: integer).lines { try run(e, l.command) }
        return e
    }

    @Test func importOfExportGivesBackTheSameStances() throws {
        let e = Engine()
        try run(e, """
        event "Panel"
        @2018-04-25T17:30:00-04:00 actor lev "Corey Levine" kind=person affiliation="EUTM Mali"
        @17:30 actor minusma "MINUSMA" kind=org
        @17:30 actor zh "中文 😀 \u{200F}rlm" kind=state
        @17:31 concern dev "Development spending"
        @17:32 stance lev + dev "argued for it\\nand more\\ttab"
        @17:33 stance minusma - dev : =SUM(1)
        @17:34 stance zh + lev
        @17:35 stance lev - dev "changed her mind"
        """)
        let back = try imported(DNAExport.document(e.state, integer: false), integer: false)
        #expect(stances(back) == stances(e))
        #expect(DNAExport.document(back.state, integer: false) == DNAExport.document(e.state, integer: false))
        // The actor a stance was on is an actor again, with its kind.
        #expect(back.state.entities.first { $0.name == "Corey Levine" }?.isActor == true)
        try run(e, "@17:36 stance minusma = dev")
        let integer = try imported(DNAExport.document(e.state, integer: true), integer: true)
        #expect(stances(integer) == stances(e))
    }
}

extension String {
    func replacingFirst(_ a: String, _ b: String) -> String {
        guard let r = range(of: a) else { return self }
        return replacingCharacters(in: r, with: b)
    }
}
