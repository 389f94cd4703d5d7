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

    func graphml(_ e: Engine, _ networks: String = "stances") throws -> XMLDocument {
        try XMLDocument(xmlString: GraphMLExport.document(e.state, networks: networks))
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

    @Test func graphmlNetworksWeighCongruenceAndConflict() throws {
        let e = try scene()
        let d = try graphml(e, "all")
        #expect(try strings(d, "//*[local-name()='graph']/@id") == ["stances", "congruence", "conflict"])
        #expect(try strings(d, "//*[local-name()='graph'][@id='congruence']/@edgedefault") == ["undirected"])
        let conflict = try d.nodes(forXPath: "//*[local-name()='graph'][@id='conflict']/*[local-name()='edge']").compactMap { $0 as? XMLElement }
        let weights = try Dictionary(uniqueKeysWithValues: conflict.map { x in
            ("\(attr(x, "source")!)|\(attr(x, "target")!)", try strings(x, "*[@key='weight']").first!)
        })
        #expect(weights == ["conflict:lev|conflict:bruno": "1.0", "conflict:lev|conflict:louise": "2.0", "conflict:bruno|conflict:louise": "1.0"])
        // Node ids stay unique in the document.
        let ids = try strings(d, "//*[local-name()='node']/@id")
        #expect(Set(ids).count == ids.count)
        let one = try graphml(e, "congruence")
        #expect(try strings(one, "//*[local-name()='node']/@id").allSatisfy { !$0.contains(":") })
        #expect(try one.nodes(forXPath: "//*[local-name()='edge']").count == 2)
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
        try run(e, "@2018-04-25T17:00:00Z event date=2018-04-25\nactor x \"X\"\nconcern c \"C\"\n@17:00 stance x + c \"a, \\\"b\\\"\\nc\"\n@17:00 stance x - c : plain")
        let csv = CSVExport.document(e.state)
        #expect(csv == """
        time,holder,position,target,text,by
        2018-04-25T17:00:00+00:00,x,supports,c,"a, ""b""
        c",
        2018-04-25T17:00:00+00:00,x,opposes,c,plain,

        """)
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
        #expect(f.value == "graphml" && file?.value == "out.graphml" && n?.value == "conflict")
        #expect(throws: SyntaxError.self) { try parse("export csv networks=all") }
        #expect(throws: SyntaxError.self) { try parse("export graphml networks=some") }
    }
}
