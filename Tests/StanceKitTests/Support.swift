@testable import StanceKit

/// Feeds a script to an engine through the same assembler and apply step as the binary.
/// Returns the answers and outputs; throws the first diagnostic.
@discardableResult
func run(_ engine: Engine, _ script: String, source: String = "<test>") throws -> [String] {
    var asm = LineAssembler(source: source)
    var out: [String] = []
    var n = 0
    for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
        n += 1
        switch asm.add(Array(line.utf8)[...], number: n) {
        case .needMore: continue
        case .failed(let d): throw d
        case .statements(let sts, let src):
            for st in sts {
                do {
                    switch try engine.execute(st) {
                    case .change(let a, _): out.append(a)
                    case .output(let s): out.append(s)
                    default: break
                    }
                } catch {
                    throw src.diagnostic(error)
                }
            }
        }
    }
    if let d = asm.finish() { throw d }
    return out
}

/// The error a script ends with.
func failure(_ engine: Engine, _ script: String) -> Diagnostic? {
    do { try run(engine, script); return nil } catch { return error as? Diagnostic }
}

func parse(_ s: String) throws -> [Statement] { try Parser.parse(Array(s.utf8)) }

/// A small panel to query.
func panel() throws -> Engine {
    let e = Engine()
    try run(e, """
    event "MINUSMA panel" date=2018-04-25 location="Ottawa"
    @2018-04-25T17:30:00-04:00 actor "Corey Levine" kind=person #panel
    actor "Bruno Charbonneau" kind=person #panel
    actor "Université Laurentienne" kind=org
    actor minusma "MINUSMA" kind=org
    concern dev "Development spending"
    concern civ "Protection of civilians"
    concern elections "Elections"
    """)
    return e
}
