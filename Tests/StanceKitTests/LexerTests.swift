import Testing
@testable import StanceKit

struct LexerTests {
    /// A token with its text, as the parser reads it.
    struct Lexed {
        var kind: Token.Kind
        var value: String
        var key: String
        var quoted: Bool
        var colon: Bool
    }

    func tokens(_ s: String) throws -> [Lexed] {
        var lx = Lexer(Array(s.utf8))
        var out: [Lexed] = []
        while true {
            let t = try lx.next()
            if t.kind == .end { return out }
            out.append(Lexed(kind: t.kind, value: lx.text(t), key: t.kind == .keyValue ? lx.key(t) : "", quoted: t.quoted, colon: t.colon))
        }
    }

    @Test func wordsStringsTagsAndKeyValues() throws {
        let t = try tokens(#"actor lev "Corey \"C\" Levine" kind=person role="EUTM adviser" #panel ; x"#)
        #expect(t.map(\.kind) == [.word, .word, .string, .keyValue, .keyValue, .tag, .semicolon, .word])
        #expect(t[2].value == "Corey \"C\" Levine")
        #expect(t[3].key == "kind" && t[3].value == "person" && !t[3].quoted)
        #expect(t[4].key == "role" && t[4].value == "EUTM adviser" && t[4].quoted)
        #expect(t[5].value == "panel")
    }

    @Test func escapesDecode() throws {
        let t = try tokens(#""a\nb\tc\\d""#)
        #expect(t[0].value == "a\nb\tc\\d")
    }

    @Test func unknownEscapeIsAnErrorAtTheBackslash() throws {
        #expect { _ = try tokens(#"note "x\qy""#) } throws: { e in
            let e = e as! SyntaxError
            return e.range == 7..<9 && !e.incomplete
        }
    }

    @Test func commentVersusTag() throws {
        let t = try tokens("actor x \"X\" #tag # a comment \"with a quote")
        #expect(t.map(\.kind) == [.word, .word, .string, .tag])
    }

    @Test func unclosedStringAsksForMore() throws {
        #expect { _ = try tokens("note \"open") } throws: { ($0 as! SyntaxError).incomplete }
    }

    @Test func colonEndsAWord() throws {
        let t = try tokens("stance lev + dev: argued for it")
        #expect(t[3].value == "dev" && t[3].colon)
    }

    @Test func timeWordsKeepTheirColons() throws {
        let t = try tokens("@17:42 + dev")
        #expect(t[0].value == "@17:42" && !t[0].colon)
    }

    @Test func nonASCIIStaysWhole() throws {
        let t = try tokens("actor \"Université Laurentienne\" #sécurité")
        #expect(t[1].value == "Université Laurentienne")
        #expect(t[2].value == "sécurité")
    }
}
