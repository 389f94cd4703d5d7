import Testing
@testable import StanceKit

/// Many changes on one (holder, target) pair, each case once quadratic: the results are right and
/// the undo and redo stacks hold one inverse a change, never a copy per change. (How fast they
/// run is the benchmark's to say.)
struct ScaleTests {
    static let n = 20_000

    /// An engine with `n` stances of one holder on one target, a second apart.
    func onePair() throws -> (Engine, holder: Int32, target: Int32) {
        let e = Engine()
        var script = "@2018-04-25T09:00:00-04:00 actor a \"A\"\nconcern c \"C\"\n"
        for k in 0..<ScaleTests.n {
            script += "@2018-04-25T09:00:00-04:00 stance a \(["+", "-", "~"][k % 3]) c \"t\(k)\"\n"
        }
        try run(e, script)
        return (e, e.state.entity(id: "a")!, e.state.entity(id: "c")!)
    }

    @Test func removingEveryStanceOfAPairNewestFirst() throws {
        let (e, h, t) = try onePair()
        var script = ""
        for k in stride(from: ScaleTests.n, to: 1, by: -1) { script += "remove s\(k)\n" }
        try run(e, script)
        #expect(e.state.currentStance(holder: h, target: t) == 0)
        #expect(e.state.liveStances == 1)
        try run(e, "remove s1")
        #expect(e.state.currentStance(holder: h, target: t) == nil)
        #expect(e.undoStack.count == 2 + ScaleTests.n + ScaleTests.n)
    }

    @Test func removingEveryStanceOfAPairOldestFirst() throws {
        let (e, h, t) = try onePair()
        var script = ""
        for k in 1..<ScaleTests.n { script += "remove s\(k)\n" }
        try run(e, script)
        #expect(e.state.currentStance(holder: h, target: t) == Int32(ScaleTests.n - 1))
        #expect(e.state.liveStances == 1)
    }

    @Test func undoingEveryStanceOfAPair() throws {
        let (e, h, t) = try onePair()
        try run(e, "undo \(ScaleTests.n)")
        // Taken back, not popped: their ids are never given again.
        #expect(e.state.liveStances == 0 && e.state.stances.allSatisfy(\.undone))
        #expect(e.state.currentStance(holder: h, target: t) == nil)
        #expect(e.undoStack.count == 2 && e.redoStack.count == ScaleTests.n)
        #expect(e.redoStack.changes.count == ScaleTests.n, "one inverse a stance")
    }

    @Test func undoingThenRedoingEveryStanceOfAPair() throws {
        let (e, h, t) = try onePair()
        let before = JSONExport.document(e.state)
        for _ in 0..<2 {
            try run(e, "undo \(ScaleTests.n)")
            try run(e, "redo \(ScaleTests.n)")
        }
        #expect(JSONExport.document(e.state) == before)
        #expect(e.state.currentStance(holder: h, target: t) == Int32(ScaleTests.n - 1))
        #expect(e.undoStack.count == 2 + ScaleTests.n && e.redoStack.isEmpty)
        #expect(e.undoStack.changes.count == 2 + ScaleTests.n, "one inverse a change")
    }

    @Test func undoingThenRedoingEveryRemoval() throws {
        let (e, h, t) = try onePair()
        var script = ""
        for k in stride(from: ScaleTests.n, through: 1, by: -1) { script += "remove s\(k)\n" }
        try run(e, script)
        try run(e, "undo \(ScaleTests.n)")
        #expect(e.state.currentStance(holder: h, target: t) == Int32(ScaleTests.n - 1))
        #expect(e.state.liveStances == ScaleTests.n)
        try run(e, "redo \(ScaleTests.n)")
        #expect(e.state.currentStance(holder: h, target: t) == nil)
        #expect(e.undoStack.changes.count == 2 + 2 * ScaleTests.n && e.redoStack.changes.isEmpty)
    }
}

/// `State`'s current stances against the plainest rule, recomputed from scratch: of a pair's live
/// stances, the latest in time, then the last made.
struct CurrentStanceTests {
    @Test(arguments: 0..<6)
    func currentIsTheLatestLiveStanceOfItsPair(seed: Int) throws {
        var rng = SplitMix(seed)
        let e = Engine()
        try run(e, "@2018-04-25T09:00:00-04:00 actor a \"A\"\nactor b \"B\"\nconcern c \"C\"\nconcern d \"D\"")
        let s = e.state
        let holders = ["a", "b"], targets = ["c", "d"]
        for _ in 0..<600 {
            switch rng.next() % 8 {
            case 0, 1, 2:
                // Times out of order, and often equal.
                let minute = 10 + rng.next() % 5
                try run(e, "@2018-04-25T09:\(minute):00-04:00 stance \(holders[Int(rng.next() % 2)]) + \(targets[Int(rng.next() % 2)])")
            case 3, 4:
                let live = (0..<s.stances.count).filter { !s.stances[$0].removed }
                if let k = live.isEmpty ? nil : live[Int(rng.next() % UInt64(live.count))] { try run(e, "remove s\(k + 1)") }
            case 5:
                if e.undoStack.count > 4 { try run(e, "undo") }
            default:
                if !e.redoStack.isEmpty { try run(e, "redo") }
            }
            for h in holders {
                for t in targets {
                    let hi = s.entity(id: h)!, ti = s.entity(id: t)!
                    var best: Int32?
                    for (i, st) in s.stances.enumerated() where st.holder == hi && st.target == ti && !st.removed {
                        if let b = best, st.at < s.stances[Int(b)].at { continue }
                        best = Int32(i)
                    }
                    #expect(s.currentStance(holder: hi, target: ti) == best, "seed \(seed)")
                    for (i, st) in s.stances.enumerated() where st.holder == hi && st.target == ti {
                        #expect(s.isCurrent(Int32(i)) == (Int32(i) == best))
                    }
                }
            }
        }
    }
}
