import Testing
@testable import StanceKit

/// The reading half of the journal's fast path, on its own.
struct CanonicalScannerTests {
    /// `idRef` finds an id and hashes it in one pass, eight bytes at a time; it must end at the
    /// next space (or the end of the line) and hash as `DraftId.hash` does (the id table finds an
    /// entity by that hash, whichever way the id was read).
    @Test("idRef ends an id at the next space and hashes it as DraftId.hash does", arguments: 0..<40)
    func idRefAgrees(length: Int) {
        var rng = SplitMix(length)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-".utf8)
        for after in ["", " supports x", " ", "  "] {
            var id = [alphabet[Int(rng.next() % 26)]] // an id starts with a letter
            for _ in 0..<length { id.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            let line = Array("@t stance ".utf8) + id + Array(after.utf8)
            line.withUnsafeBufferPointer { p in
                let scanner = CanonicalScanner(bytes: p)
                let start = 10
                let word = (start: start, end: (start..<line.count).first { line[$0] == 32 } ?? line.count)
                let ref = scanner.idRef(start, line.count)
                #expect(ref != nil)
                guard let ref else { return }
                #expect(Int(ref.start) == word.start && Int(ref.end) == word.end, "'\(String(decoding: line, as: UTF8.self))'")
                #expect(ref.hash == DraftId.hash(UnsafeRawPointer(p.baseAddress!), word.start, word.end))
            }
        }
    }

    @Test("different ids of the same length hash differently")
    func hashesDiffer() {
        var seen = Set<UInt64>()
        for k in 0..<10_000 {
            let id = Array("actor-\(k)".utf8)
            id.withUnsafeBytes { seen.insert(DraftId.hash($0.baseAddress!, 0, id.count)) }
        }
        #expect(seen.count == 10_000)
    }

    /// `positionWord` reads eight bytes at once; it must read every word as `position` does.
    @Test("positionWord reads a word as position does")
    func positionWordAgrees() {
        let words = ["supports", "opposes", "mixed", "neutral", "raises", "supportsx", "support", "oppose", "mixe",
                     "Mixed", "raise", "neutrals", "s", "", "opposes\u{0}", "supports\u{0}x", "mixed\u{0}"]
        for word in words {
            for after in ["", " civ", " civ \"a long enough text\""] {
                let line = Array(("@t stance lev " + word + after).utf8)
                line.withUnsafeBufferPointer { p in
                    let scanner = CanonicalScanner(bytes: p)
                    let i = 14
                    let e = (i..<line.count).first { line[$0] == 32 } ?? line.count
                    let a = scanner.positionWord(i, line.count), b = scanner.position(i, e)
                    #expect(a?.value == b?.value && a?.length == b?.length, "'\(word)\(after)'")
                }
            }
        }
    }
}
