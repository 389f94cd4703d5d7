// stance-bench: in-process timings for `make bench` (bench/run.py). Not a test: nothing here runs
// in `swift test`. Loads a journal through the same path as `stance JOURNAL` (JournalReader →
// Parser → Engine), then times queries through `Engine.execute` and Tab completions through
// `Completer`, and prints `key value` lines (microseconds) for the runner to tabulate.
//
// Usage: stance-bench JOURNAL [RUNS]
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import StanceKit

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1e6 + Double(ts.tv_nsec) / 1e3
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func fail(_ message: String) -> Never {
    let text = Array("stance-bench: \(message)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

@MainActor func main() {
let args = CommandLine.arguments
guard args.count >= 2 else { fail("usage: stance-bench JOURNAL [RUNS]") }
let path = args[1]
let runs = args.count > 2 ? Int(args[2]) ?? 200 : 200

let bytes: [UInt8]
do { bytes = try FileIO.read(path) } catch { fail("cannot read \(path)") }
let engine = Engine()
let t0 = now()
do {
    _ = try JournalReader(source: path, bytes: bytes).replay(into: engine, base: ".")
} catch {
    fail("\(error.diagnostic.message) at line \(error.diagnostic.start.line)")
}
let loadTime = now() - t0
let state = engine.state
print("entries_loaded_us \(loadTime)")
print("entities \(state.liveEntities)")
print("stances \(state.liveStances)")

// Deterministic subjects: the actor and the concern with the most stances held / received among
// a fixed sample, so that the queries show real work, and a completion prefix that matches many.
var actor: Int32 = -1, concern: Int32 = -1
var bestHeld = -1, bestOn = -1
for i in stride(from: 0, to: state.entities.count, by: max(1, state.entities.count / 997)) {
    let e = state.entities[i]
    if e.removed { continue }
    if e.isActor, state.stances(heldBy: Int32(i)).count > bestHeld { bestHeld = state.stances(heldBy: Int32(i)).count; actor = Int32(i) }
    if !e.isActor, state.stances(on: Int32(i)).count > bestOn { bestOn = state.stances(on: Int32(i)).count; concern = Int32(i) }
}
guard actor >= 0, concern >= 0 else { fail("the journal needs actors and concerns") }
let actorID = state.entities[Int(actor)].id
let concernID = state.entities[Int(concern)].id
print("show_subject \(actorID) holds=\(bestHeld)")
print("who_subject \(concernID) on=\(bestOn)")

/// Times `text` as a user's query: parsed, then executed. The first run is reported apart (cold).
func timeQuery(_ key: String, _ text: String) {
    var times: [Double] = []
    var outBytes = 0
    for _ in 0..<runs {
        let a = now()
        do {
            for st in try Parser.parse(Array(text.utf8)) {
                if case .output(let s) = try engine.execute(st) { outBytes = s.utf8.count }
            }
        } catch {
            fail("\(text): \(error.message)")
        }
        times.append(now() - a)
    }
    print("\(key)_cold_us \(times[0])")
    print("\(key)_us \(median(Array(times.dropFirst())))")
    print("\(key)_output_bytes \(outBytes)")
}

timeQuery("show", "show \(actorID)")
timeQuery("who", "who supports \(concernID)")
timeQuery("matrix", "matrix #key")

// Completion. The REPL builds the reference index when idle (`Completer.prepare()`), so the
// first Tab a user presses finds it built (first); later Tabs reuse it (warm). A Tab with no index
// yet costs prepare + first.
let prefix = String(actorID.prefix(3))
let line = "stance \(prefix)"
var a = now()
Completer(state: state).prepare()
print("prepare_us \(now() - a)")
a = now()
let first = Completer(state: state).complete(line)
print("complete_first_us \(now() - a)")
var ctimes: [Double] = []
for _ in 0..<max(5, runs / 10) {
    let a = now()
    _ = Completer(state: state).complete(line)
    ctimes.append(now() - a)
}
print("complete_subject \(line) candidates=\(first.candidates.count)")
print("complete_us \(median(ctimes))")
}

main()
