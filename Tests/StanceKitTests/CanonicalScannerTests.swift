import Testing
@testable import StanceKit

/// The reading half of the journal's fast path, on its own.
struct CanonicalScannerTests {
    /// `idRef` finds an id and hashes it in one pass, eight bytes at a time; it must end at the
    /// next space (or the end of the line), and number the id as `id` (which hashes it with
    /// `DraftId.hash`) numbers the same bytes elsewhere: a `parent=` is read that way.
    @Test("idRef ends an id at the next space and numbers it as id does", arguments: 0..<40)
    func idRefAgrees(length: Int) {
        var rng = SplitMix(length)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-".utf8)
        for after in ["", " supports x", " ", "  "] {
            var id = [alphabet[Int(rng.next() % 26)]] // an id starts with a letter
            for _ in 0..<length { id.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            let prefix = Array("@t concern c \"C\" parent=".utf8)
            let line = prefix + id + Array(" stance ".utf8) + id + Array(after.utf8)
            line.withUnsafeBufferPointer { p in
                var scanner = CanonicalScanner(bytes: p)
                let parent = scanner.id(prefix.count, prefix.count + id.count)
                let start = prefix.count + id.count + 8
                let word = (start: start, end: (start..<line.count).first { line[$0] == 32 } ?? line.count)
                let ref = scanner.idRef(start, line.count)
                #expect(ref != nil)
                guard let ref else { return }
                #expect(Int(ref.start) == word.start && Int(ref.end) == word.end, "'\(String(decoding: line, as: UTF8.self))'")
                #expect(ref.number == parent.number && parent.number == 0)
            }
        }
    }

    /// The numbers ids get: the same bytes the same number wherever they are read, different
    /// bytes different numbers, given 0, 1, 2, … in the order first seen (a dictionary of the
    /// ids' strings says what they must be). Short ids from few letters, so that many repeat and
    /// many differ in one byte.
    @Test("ids are numbered by their bytes, in the order first seen", arguments: 0..<8)
    func idNumbers(seed: Int) {
        var rng = SplitMix(seed)
        var expected: [String: Int32] = [:]
        var numbers = IdNumbers()
        for _ in 0..<5_000 {
            let length = 1 + Int(rng.next() % 12)
            let id = (0..<length).map { _ in UInt8(97 + rng.next() % 3) }
            let want = expected[String(decoding: id, as: UTF8.self), default: Int32(expected.count)]
            expected[String(decoding: id, as: UTF8.self)] = want
            // Read at a different place each time, as ids are from chunk to chunk.
            let pad = Int(rng.next() % 9)
            let buffer = [UInt8](repeating: 32, count: pad) + id
            let got = buffer.withUnsafeBytes { numbers.number($0.baseAddress!, pad, buffer.count, hash: DraftId.hash($0.baseAddress!, pad, buffer.count)) }
            #expect(got == want, "'\(String(decoding: id, as: UTF8.self))'")
        }
        #expect(numbers.count == Int32(expected.count))
    }

    @Test("different ids of the same length hash differently")
    func hashesDiffer() {
        var seen = Set<UInt64>()
        for k in 0..<10_000 {
            let id = Array("actor-\(k)".utf8)
            _ = id.withUnsafeBytes { seen.insert(DraftId.hash($0.baseAddress!, 0, id.count)) }
        }
        #expect(seen.count == 10_000)
    }

    /// A stance line's draft holds no reference (its tags are places in the chunk, like its ids),
    /// so that a chunk's drafts are dropped and copied as plain bytes.
    @Test("a stance draft is plain data")
    func stanceDraftIsPlainData() {
        #expect(_isPOD(StanceDraft.self))
    }

    /// The tags of a stance line: up to two in its draft, each once; more, or one twice, and the
    /// line goes the general way (no draft).
    @Test("a stance draft has up to two tags, each once")
    func stanceDraftTags() {
        let cases: [(String, [String]?)] = [("", []), (" #a", ["a"]), (" #a #b-c", ["a", "b-c"]), (" #a #b #c", nil),
                                            (" #a #a", nil), (" #ab #a", ["ab", "a"]), (" #", nil), (" #a  #b", nil)]
        for (tags, expected) in cases {
            let (draft, line) = read("@2018-04-25T09:00:00-04:00 stance lev supports civ \"text\" by=bruno\(tags)")
            guard let expected else {
                #expect(draft == nil, "'\(tags)'")
                continue
            }
            guard case .stance(let d) = draft else {
                Issue.record("no stance draft for '\(tags)'")
                continue
            }
            let ranges = [(d.tag0Start, d.tag0End), (d.tag1Start, d.tag1End)].prefix(Int(d.tagCount))
            #expect(ranges.map { String(decoding: line[Int($0.0)..<Int($0.1)], as: UTF8.self) } == expected, "'\(tags)'")
        }
    }

    /// A `set` line: one plain key in a draft of its own (`setOne`), several keys in a list, and a
    /// special key (`name`, `kind`, …), a key given twice, or anything malformed, the general way.
    @Test("a set line's draft: one key, several, or none")
    func setDrafts() {
        let cases: [(String, [String]?)] = [
            (" role=chair", ["role=chair"]), (" role=\"vice chair\"", ["role=vice chair"]),
            (" role=\"a \\\"b\\\"\"", ["role=a \"b\""]), (" role=chair seat=2", ["role=chair", "seat=2"]),
            (" role=\"x\" seat=2", ["role=x", "seat=2"]), (" kind=org", nil), (" name=\"N\"", nil), (" holder=x", nil),
            (" role=chair name=\"N\"", nil), (" role=a role=b", nil), (" role=", nil), (" role", nil), (" =x", nil),
            (" -role=x", nil), (" role=\"open", nil), (" role=\"x\"y", nil), ("  role=x", nil), (" role=x ", nil),
            (" role=a\tb", nil), (" role=\"bad \\q\"", nil),
        ]
        for (rest, expected) in cases {
            let (draft, line) = read("@2018-04-25T09:00:00-04:00 set lev\(rest)")
            var got: [String]?
            switch draft {
            case .setOne(let ref, let key, let value, _):
                #expect(String(decoding: line[Int(ref.start)..<Int(ref.end)], as: UTF8.self) == "lev")
                got = ["\(key)=\(value)"]
                #expect(expected?.count == 1, "'\(rest)': one key in a list of its own")
            case .set(_, let attrs, _):
                got = attrs.map { "\($0.key)=\($0.value)" }
                #expect(attrs.count > 1, "'\(rest)': one key goes in setOne")
            case nil: got = nil
            default: Issue.record("'\(rest)': not a set draft")
            }
            #expect(got == expected, "'\(rest)'")
        }
    }

    /// The command word is read eight bytes at once (`head`): only the five words the fast path
    /// knows, spelt exactly and followed by one space, give a draft.
    @Test("only a known command word, exactly, gives a draft")
    func commandWords() {
        let known = ["stance lev supports civ", "link lev opposes civ", "set lev role=chair", "actor lev \"Lev\"",
                     "concern civ \"Civ\""]
        for line in known {
            #expect(read("@2018-04-25T09:00:00-04:00 " + line).draft != nil, "'\(line)'")
        }
        let words = ["Stance", "stanc", "stances", "st\u{0}nce", "stan\u{e9}", "stance\t", "stance ", " stance", "",
                     "sta-ce", "lin", "links", "Set", "sett", "actors", "concerns", "concer", "stanc\u{7f}"]
        for word in words {
            #expect(read("@2018-04-25T09:00:00-04:00 \(word) lev supports civ").draft == nil, "'\(word)'")
        }
        // Short lines, where eight bytes are not there to load, read the same.
        #expect(read("@2018-04-25T09:00:00-04:00 set a b").draft == nil)
        #expect(read("@2018-04-25T09:00:00-04:00 set a=b").draft == nil)
        #expect(read("@2018-04-25T09:00:00-04:00 set x a=").draft == nil)
    }

    /// The draft of one line (its ids and ranges are places in `line`), and the line's bytes.
    private func read(_ text: String) -> (draft: CanonicalDraft?, line: [UInt8]) {
        let line = Array(text.utf8)
        let draft = line.withUnsafeBufferPointer { p in
            var scanner = CanonicalScanner(bytes: p)
            var escaped: [UInt8] = []
            return scanner.draft(0, line.count, escaped: &escaped)
        }
        return (draft, line)
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

    /// `quoted` reads a text in one pass, eight bytes at a time; it must give what the general
    /// path reads (below): the same end, the same bytes, and nil for the same texts (no closing
    /// quote, no space after it, an unknown escape, a NUL, invalid UTF-8). Random texts from
    /// bytes that matter (quotes, backslashes, escapes' letters, NUL, the bytes of é, €, 😀, stray
    /// and overlong bytes, a surrogate's lead), at every alignment.
    @Test("quoted reads a text as the lexer and the input check do", arguments: 0..<8)
    func quotedAgrees(seed: Int) {
        var rng = SplitMix(seed)
        let alphabet: [UInt8] = Array("ab z\"\\nt".utf8) + [0, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xED, 0xA0, 0xC0, 0xFF, 0x80]
        for _ in 0..<4_000 {
            let pad = Int(rng.next() % 9)
            var text: [UInt8] = []
            for _ in 0..<Int(rng.next() % 40) {
                // Mostly plain letters, so that runs of eight clean bytes come up.
                text.append(rng.next() % 3 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(97 + rng.next() % 26))
            }
            let line = [UInt8](repeating: 120, count: pad) + [34] + text
            let i = pad
            line.withUnsafeBufferPointer { p in
                let got = CanonicalScanner(bytes: p).quoted(i, line.count)
                let want = quotedAsTheLexerReadsIt(line, i)
                let shown = text.map { String($0, radix: 16) }.joined(separator: " ")
                #expect(got?.end == want?.end, "\(shown)")
                if let got, let want {
                    #expect((got.escaped ?? Array(line[got.range])) == want.bytes, "\(shown)")
                }
            }
        }
    }

    /// What `quoted` must find, the general path's way: the lexer's string token at `i`, which must
    /// be followed by a space or the end of the line, and whose bytes between the quotes must pass
    /// `InputCheck` (no NUL, valid UTF-8). nil where the lexer refuses it or either check fails.
    private func quotedAsTheLexerReadsIt(_ line: [UInt8], _ i: Int) -> (bytes: [UInt8], end: Int)? {
        var lexer = Lexer(line, offset: i)
        guard let token = try? lexer.next(), token.kind == .string else { return nil }
        let end = lexer.offset
        guard end == line.count || line[end] == 32 else { return nil }
        guard InputCheck.firstProblem(Array(line[(i + 1)..<(end - 1)])) == nil else { return nil }
        return (Array(token.value.utf8), end)
    }
}
