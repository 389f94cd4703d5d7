import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import StanceKit

struct ExportTests {
    static let dot: String? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/dot"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }()

    /// The options of `export graphml OPTIONS`, as the parser reads them.
    func options(_ text: String) throws -> ExportOptions {
        guard case .export(_, _, let o) = try parse("export graphml " + text)[0].command else { throw SyntaxError("not an export", 0..<1) }
        return o
    }

    func graphml(_ e: Engine, _ text: String = "") throws -> XMLDocument {
        let o = try options(text)
        return try XMLDocument(xmlString: GraphMLExport.document(e.state, network: o.network, options: o))
    }

    func attr(_ x: XMLNode, _ name: String) -> String? { (try? x.nodes(forXPath: "@" + name))?.first?.stringValue }

    func strings(_ d: XMLNode, _ xpath: String) throws -> [String] { try d.nodes(forXPath: xpath).map { $0.stringValue ?? "" } }

    @Test func graphmlHasTypedKeysNodesAndSignedEdges() throws {
        let e = try scene()
        let d = try graphml(e)
        func typed(_ domain: String, _ name: String) throws -> String? {
            try strings(d, "//*[local-name()='key'][@for='\(domain)'][@attr.name='\(name)']/@attr.type").first
        }
        #expect(try typed("node", "label") == "string" && typed("node", "type") == "string" && typed("node", "positions") == "int")
        #expect(try typed("edge", "sign") == "int" && typed("edge", "weight") == "double" && typed("edge", "position") == "string")
        let graphs = try d.nodes(forXPath: "//*[local-name()='graph']")
        #expect(graphs.count == 1)
        #expect(try strings(d, "//*[local-name()='edge'][@source='lev'][@target='dev']/*[@key='current']") == ["true"])
        #expect(try strings(d, "//*[local-name()='node']/@id") == ["lev", "bruno", "louise", "minusma", "dev", "civ", "alg"])
        let types = try strings(d, "//*[local-name()='node'][@id='minusma']/*[@key='type']")
        #expect(types == ["actor"])
        // Current stances only: 3 of lev's/bruno's/louise's... each edge holder → target with its sign.
        let edges = try d.nodes(forXPath: "//*[local-name()='edge']").compactMap { $0 as? XMLElement }
        #expect(edges.count == 7)
        let alg = try #require(edges.first { attr($0, "source") == "louise" && attr($0, "target") == "alg" })
        #expect(try strings(alg, "*[@key='position']") == ["opposes"])
        #expect(try strings(alg, "*[@key='sign']") == ["-1"])
        #expect(try strings(alg, "*[@key='weight']") == ["1.0"])
        let civ = try #require(edges.first { attr($0, "source") == "minusma" })
        #expect(try strings(civ, "*[@key='by']") == ["bruno"])
    }

    /// The weighted edges of an actor network, as "a|b": weight.
    func weights(_ e: Engine, _ text: String) throws -> [String: String] {
        let d = try graphml(e, text)
        let edges = try d.nodes(forXPath: "//*[local-name()='edge']").compactMap { $0 as? XMLElement }
        return try Dictionary(uniqueKeysWithValues: edges.map { x in
            ("\(attr(x, "source")!)|\(attr(x, "target")!)", try strings(x, "*[@key='weight']").first!)
        })
    }

    @Test func actorNetworksWeighAsDNADoes() throws {
        let e = try scene()
        // Current stances: lev + dev, + alg; bruno + dev, - alg; louise - alg, - dev; minusma - civ.
        #expect(try weights(e, "networks=congruence") == ["lev|bruno": "1.0", "bruno|louise": "1.0"])
        #expect(try weights(e, "networks=conflict") == ["lev|bruno": "1.0", "lev|louise": "2.0", "bruno|louise": "1.0"])
        #expect(try weights(e, "qualifierAggregation=subtract") == ["lev|louise": "-2.0"])
        #expect(try weights(e, "qualifierAggregation=ignore") == ["lev|bruno": "2.0", "lev|louise": "2.0", "bruno|louise": "2.0"])
        #expect(try weights(e, "networks=congruence normalization=average") == ["lev|bruno": "0.5", "bruno|louise": "0.5"])
        #expect(try weights(e, "networks=conflict normalization=jaccard")["lev|louise"] == "0.5")
        #expect(try weights(e, "networks=conflict normalization=cosine")["lev|louise"] == "0.5")
        // Every stance: louise supported alg before she opposed it.
        #expect(try weights(e, "networks=congruence statements=all")["lev|louise"] == "1.0")
        let d = try graphml(e, "networks=conflict")
        #expect(try strings(d, "//*[local-name()='graph']/@edgedefault") == ["undirected"])
        #expect(try strings(d, "//*[local-name()='node']/@id") == ["lev", "bruno", "louise", "minusma"])
    }

    @Test func duplicatesAndTheIntegerQualifierAsDNA() throws {
        let e = Engine()
        try run(e, """
        @2018-04-25T17:00:00Z actor a "A"; actor b "B"; concern t "T"
        @17:01 stance a + t; stance b ~ t
        @17:02 stance a + t
        @2019-01-02T10:00:00Z stance a + t
        """)
        // Boolean: mixed is no agreement, so b makes no statement.
        #expect(try weights(e, "networks=congruence") == [:])
        // Integer: supports 1, mixed 0, on a range of 2.
        #expect(try weights(e, "networks=congruence qualifier=integer") == ["a|b": "0.5"])
        #expect(try weights(e, "networks=conflict qualifier=integer") == ["a|b": "0.5"])
        #expect(try weights(e, "networks=congruence qualifier=integer statements=all") == ["a|b": "1.5"])
        #expect(try weights(e, "networks=congruence qualifier=integer statements=all duplicates=year") == ["a|b": "1.0"])
        #expect(try weights(e, "networks=congruence qualifier=integer statements=all duplicates=acrossrange") == ["a|b": "0.5"])
        #expect(Networks.period(Timestamp.parse("2021-01-03T12:00:00Z")!, "week") == 2020_53)
        #expect(Networks.period(Timestamp.parse("2018-12-31T12:00:00Z")!, "week") == 2019_01)
    }

    @Test func twoModeAggregationAsDNA() throws {
        let e = try scene()
        #expect(try weights(e, "networks=stances qualifierAggregation=combine statements=all")["louise|alg"] == "3.0")
        #expect(try weights(e, "qualifierAggregation=combine")["louise|alg"] == "2.0")
        #expect(try weights(e, "qualifierAggregation=combine")["lev|alg"] == "1.0")
        #expect(try weights(e, "networks=stances qualifierAggregation=subtract statements=all")["louise|alg"] == nil)
        #expect(try weights(e, "networks=stances qualifierAggregation=ignore statements=all")["louise|alg"] == "2.0")
    }

    @Test func networkOptionsAreCheckedWhereTheyAreTyped() throws {
        for bad in ["networks=congruence qualifierAggregation=combine", "normalization=jaccard", "networks=all qualifierAggregation=conflict",
                    "duplicates=day", "statements=some", "networks=stances qualifierAggregation=congruence", "qualifier=integer qualifier=boolean"] {
            #expect(throws: SyntaxError.self, "\(bad)") { try options(bad) }
        }
        #expect(throws: SyntaxError.self) { try parse("export dna normalization=average") }
        #expect(try options("networks=conflict qualifierAggregation=conflict normalization=cosine").network == "conflict")
        #expect(try options("qualifierAggregation=subtract").network == "subtract")
        #expect(try options("qualifierAggregation=combine").network == "stances")
    }

    @Test func networksAllWritesOneFileANetwork() throws {
        #expect(Exports.paths("graphml", try options("networks=all"), "out/panel.graphml").map(\.path)
                == ["out/panel-stances.graphml", "out/panel-congruence.graphml", "out/panel-conflict.graphml"])
        #expect(Exports.paths("graphml", try options("networks=all"), "a.b/panel").map(\.path).first == "a.b/panel-stances")
        let e = try scene()
        #expect(throws: Diagnostic.self) { try run(e, "export graphml networks=all") }
    }

    @Test func graphmlKeysCarryKindsAttributesTagsAndEachStancesTextTagsAndReporter() throws {
        let e = try scene()
        try run(e, "set lev age=42 score=0.5 label=x\ntag bruno #speaker\n@17:59 stance bruno + civ \"good\" by=lev #q")
        let d = try graphml(e)
        func key(_ name: String) throws -> [String] {
            try strings(d, "//*[local-name()='key'][@for='node'][@attr.name='\(name)']/@attr.type")
        }
        #expect(try key("age") == ["int"] && key("score") == ["double"] && key("role") == ["string"] && key("label (attribute)") == ["string"])
        #expect(try key("#panel") == ["boolean"] && key("#speaker") == ["boolean"])
        #expect(try strings(d, "//*[local-name()='key'][@attr.name='#panel']/*[local-name()='default']") == ["false"])
        let ageId = try strings(d, "//*[local-name()='key'][@attr.name='age']/@id")[0]
        #expect(try strings(d, "//*[local-name()='node'][@id='lev']/*[@key='\(ageId)']") == ["42"])
        let edge = try #require(d.nodes(forXPath: "//*[local-name()='edge'][@source='bruno'][@target='civ']").first)
        #expect(try strings(edge, "*[@key='text']") == ["good"] && strings(edge, "*[@key='e_tags']") == ["q"] && strings(edge, "*[@key='by']") == ["lev"])
        #expect(try strings(edge, "*[@key='current']") == ["true"])
    }

    @Test func graphmlEscapesMarkup() throws {
        let e = Engine()
        try run(e, "actor x \"A & <B> \\\"q\\\" 'z'\"\nconcern c \"C\"\nstance x + c \"a <b> & c\"")
        let d = try graphml(e)
        #expect(try strings(d, "//*[local-name()='node'][@id='x']/*[@key='label']") == ["A & <B> \"q\" 'z'"])
        #expect(try strings(d, "//*[local-name()='edge']/*[@key='text']") == ["a <b> & c"])
    }

    @Test func csvQuotesAsRFC4180() throws {
        let e = Engine()
        try run(e, "@2018-04-25T17:00:00-04:00 event date=2018-04-25\nactor x \"X, the first\"\nconcern c \"C\"\n@17:00 stance x + c \"a, \\\"b\\\"\\nc\" #q #later\n@17:00 stance x - c : plain")
        let csv = CSVExport.document(e.state)
        #expect(csv == """
        id,time,holder,holder_name,position,target,target_name,text,by,tags,current
        s1,2018-04-25T21:00:00Z,x,"X, the first",supports,c,C,"a, ""b""
        c",,q later,false
        s2,2018-04-25T21:00:00Z,x,"X, the first",opposes,c,C,plain,,,true

        """)
    }

    @Test func csvIsCompleteWithIdsNamesUTCTagsAndCurrent() throws {
        let e = try scene()
        try run(e, "@2018-04-25T23:30:00-04:00 stance lev - dev \"changed her mind\" #late")
        let rows = CSVExport.document(e.state).split(separator: "\n").map(String.init)
        #expect(rows[0] == "id,time,holder,holder_name,position,target,target_name,text,by,tags,current")
        // Made after midnight UTC, so dated the next day, reported by the speaker; her earlier one on dev is no longer current.
        #expect(rows.last?.hasPrefix("s\(e.state.stances.count),2018-04-26T03:30:00Z,lev,Corey Levine,opposes,dev,") == true)
        #expect(rows.last?.hasSuffix(",changed her mind,louise,late,true") == true)
        let first = try #require(rows.first { $0.hasPrefix("s") && $0.contains(",lev,Corey Levine,supports,dev,") })
        #expect(first.hasSuffix(",false"))
    }

    @Test func dotRendersWithGraphviz() throws {
        let dot = try #require(ExportTests.dot, "Graphviz's dot is not installed: scripts/deps --test installs it")
        let e = try scene()
        try run(e, "actor q \"Quote \\\" and back\\\\slash\" kind=state\nlink q funds lev: \"money\"\nconcern sub \"Sub\" parent=dev")
        let text = DOTExport.document(e.state)
        #expect(text.contains("\"lev\" [label=\"Corey Levine\", shape=box"))
        #expect(text.contains("\"dev\" [label=\"Development spending\", shape=ellipse"))
        #expect(text.contains("\"louise\" -> \"alg\" [color=\"#d73027\""))
        #expect(text.contains("label=\"Quote \\\" and back\\\\slash\""))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: dot)
        p.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = errors
        try p.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let svg = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(err)")
        #expect(err.isEmpty, "\(err)")
        #expect(svg.contains("<svg") && svg.contains("Corey Levine") && svg.contains("Development spending"))
    }

    @Test func svgAndPngGoThroughDot() throws {
        try #require(ExportTests.dot != nil, "Graphviz's dot is not installed")
        let e = try scene()
        let svg = try Graphviz.render(DOTExport.document(e.state), format: "svg", toFile: nil, range: 0..<1)
        #expect(svg.contains("<svg"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stance-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try run(e, "export png \(dir.path)/map.png")
        #expect(out == ["export png: \(dir.path)/map.png\n"])
        let png = try Data(contentsOf: dir.appendingPathComponent("map.png"))
        #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func exportParsesNetworksForGraphmlOnly() throws {
        let sts = try parse("export graphml networks=conflict out.graphml")
        guard case .export(let f, let file, let n) = sts[0].command else { Issue.record("not an export"); return }
        #expect(f.value == "graphml" && file?.value == "out.graphml" && n.networks == "conflict")
        #expect(throws: SyntaxError.self) { try parse("export csv networks=all") }
        #expect(throws: SyntaxError.self) { try parse("export graphml networks=some") }
    }
}
