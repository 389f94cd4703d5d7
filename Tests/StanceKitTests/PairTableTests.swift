import Testing
@testable import StanceKit

/// `PairTable` against `Dictionary` under random sets, overwrites and removals: the same answers,
/// through growth and backward-shift deletion (a removal in the middle of a probe run must leave
/// every later key of the run findable).
struct PairTableTests {
    @Test(arguments: [1, 2, 3, 4, 5])
    func behavesAsADictionary(seed: Int) {
        var rng = SplitMix(seed)
        var table = PairTable()
        var model: [UInt64: Int32] = [:]
        // Few distinct holders and targets, so keys collide, runs form, and keys come back.
        for step in 0..<20_000 {
            let key = State.pair(Int32(rng.next() % 40), Int32(rng.next() % 60))
            switch rng.next() % 10 {
            case 0..<6:
                let v = Int32(step)
                #expect(table.updateValue(v, forKey: key) == model.updateValue(v, forKey: key))
            case 6..<9:
                table[key] = nil
                model[key] = nil
            default:
                #expect(table[key] == model[key])
            }
            #expect(table.count == model.count)
        }
        for h in 0..<40 {
            for t in 0..<60 {
                let key = State.pair(Int32(h), Int32(t))
                #expect(table[key] == model[key], "pair \(h) \(t)")
            }
        }
    }

    /// Past 4 MiB of slots (350,000 pairs) the table lives in its own mapping of huge pages
    /// (`HugePages.map`), and grows from one mapping into another: every pair is still found,
    /// and removals still shift runs back.
    @Test func aLargeTableInHugePages() {
        var table = PairTable()
        let n: Int32 = 400_000
        for i in 0..<n { table[State.pair(i % 1000, i / 1000)] = i }
        #expect(table.count == Int(n))
        for i in stride(from: 0, to: n, by: 3) { table[State.pair(i % 1000, i / 1000)] = nil }
        var wrong = 0
        for i in 0..<n where table[State.pair(i % 1000, i / 1000)] != (i % 3 == 0 ? nil : i) { wrong += 1 }
        #expect(wrong == 0)
        #expect(table.count == Int(n) - Int((n + 2) / 3))
    }

    /// A table reserved for n pairs takes them without growing, and one reserved again after
    /// keys are in (a replay of a second journal) keeps them all.
    @Test func aReservedTableTakesItsPairsWithoutGrowing() {
        var table = PairTable()
        table.reserve(5_000)
        let reserved = table.capacity
        #expect(reserved >= 10_000 && reserved < 20_000, "a power of two, at most half full: \(reserved)")
        for i in 0..<Int32(5_000) { table[State.pair(i % 70, i / 70)] = i }
        #expect(table.capacity == reserved)
        table.reserve(table.count + 40_000)
        #expect(table.capacity >= 90_000)
        var wrong = 0
        for i in 0..<Int32(5_000) where table[State.pair(i % 70, i / 70)] != i { wrong += 1 }
        #expect(wrong == 0)
        #expect(table.count == 5_000)
        table.reserve(10)
        #expect(table.capacity >= 90_000, "never shrinks")
    }

    @Test func holderZeroAndTargetZeroAreKeysLikeAnyOther() {
        var table = PairTable()
        table[State.pair(0, 0)] = 7
        #expect(table[State.pair(0, 0)] == 7)
        #expect(table[State.pair(0, 1)] == nil)
        table[State.pair(0, 0)] = nil
        #expect(table[State.pair(0, 0)] == nil)
        #expect(table.count == 0)
    }
}
