import Foundation
import Testing

/// The parsers the field reads exports with, run in the test: Python's xml.etree, json (refusing
/// a repeated key) and csv, and networkx where the machine has it (`scripts/deps` installs it).
enum Readers {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// A python3 on PATH, if any.
    static let python: String? = find(["python3"], importing: nil)
    /// A python3 that imports networkx: the one on PATH, or Debian's (python3-networkx).
    static let networkx: String? = find(["python3", "/usr/bin/python3"], importing: "networkx")

    static func find(_ names: [String], importing module: String?) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in names {
            let paths = name.hasPrefix("/") ? [name] : dirs.map { "\($0)/\(name)" }
            for p in paths where FileManager.default.isExecutableFile(atPath: p) {
                guard let module else { return p }
                if (try? run(p, "import \(module)", [])) != nil { return p }
            }
        }
        return nil
    }

    /// Runs `code` with `args` (sys.argv[1...]); its stdout, or a failure with its stderr.
    @discardableResult
    static func run(_ interpreter: String, _ code: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: interpreter)
        p.arguments = ["-c", code] + args
        var env = ProcessInfo.processInfo.environment
        env["PYTHONIOENCODING"] = "utf-8"
        p.environment = env
        let io = FileManager.default.temporaryDirectory.appendingPathComponent("stance-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: io, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: io) }
        let outURL = io.appendingPathComponent("out"), errURL = io.appendingPathComponent("err")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let outH = try FileHandle(forWritingTo: outURL), errH = try FileHandle(forWritingTo: errURL)
        p.standardOutput = outH
        p.standardError = errH
        try p.run()
        p.waitUntilExit()
        try outH.close(); try errH.close()
        let out = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        let err = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        guard p.terminationStatus == 0 else { throw Failure(description: "python failed (\(p.terminationStatus)): \(err)") }
        return out
    }

    /// Runs `code` with python3 and decodes what it prints as JSON.
    static func json(_ code: String, _ args: [String], interpreter: String? = python) throws -> Any {
        let py = try #require(interpreter, "python3 is needed to read the exports back: scripts/deps installs it")
        let out = try run(py, code, args)
        return try JSONSerialization.jsonObject(with: Data(out.utf8), options: [.fragmentsAllowed])
    }

    /// XML: every `<data>` of every element with an id, as {element id: {key: [values]}}; fails
    /// on a document that is not well-formed.
    static let xmlData = """
    import sys, json, xml.etree.ElementTree as ET
    root = ET.parse(sys.argv[1]).getroot()
    out = {}
    for el in root.iter():
        i = el.get('id')
        if i is None: continue
        d = out.setdefault(el.tag.split('}')[-1] + ':' + i, {})
        for c in el:
            if c.tag.endswith('data'): d.setdefault(c.get('key'), []).append(c.text or '')
    print(json.dumps(out))
    """

    /// Any XML document: its text content, all of it; fails when not well-formed.
    static let xmlText = """
    import sys, json, xml.etree.ElementTree as ET
    root = ET.parse(sys.argv[1]).getroot()
    print(json.dumps(''.join(root.itertext())))
    """

    /// JSON, refusing a key given twice in one object.
    static let strictJSON = """
    import sys, json
    def pairs(ps):
        d = {}
        for k, v in ps:
            if k in d: raise ValueError('duplicate key ' + k)
            d[k] = v
        return d
    with open(sys.argv[1], encoding='utf-8') as f: doc = json.load(f, object_pairs_hook=pairs)
    print(json.dumps(doc))
    """

    /// CSV as Python's csv module reads it (delimiter sys.argv[2], default ','): a list of rows.
    static let csvRows = """
    import sys, csv, json
    d = sys.argv[2] if len(sys.argv) > 2 else ','
    with open(sys.argv[1], newline='', encoding='utf-8') as f: rows = list(csv.reader(f, delimiter=d))
    print(json.dumps(rows))
    """

    /// GraphML through networkx: {"directed", "nodes": {id: attrs}, "edges": [[u, v, attrs]]}.
    static let networkxGraph = """
    import sys, json, networkx as nx
    g = nx.read_graphml(sys.argv[1])
    print(json.dumps({"directed": g.is_directed(), "nodes": {n: d for n, d in g.nodes(data=True)},
                      "edges": [[u, v, d] for u, v, d in g.edges(data=True)]}))
    """
}
