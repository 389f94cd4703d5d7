import Testing
@testable import StanceKit

/// Ids from names in any script: Latin diacritics folded, Cyrillic (ICAO Doc 9303) and Greek
/// (ELOT 743) transliterated, another script a clear error asking for an id.
struct ScriptTests {
    @Test func latinLettersWithAnyDiacriticFoldToTheirBase() {
        #expect(Identifier.make(from: "Nguyễn Văn A") == "nguyen-van-a")
        // The same name decomposed (e + combining circumflex + combining tilde).
        #expect(Identifier.make(from: "Nguye\u{302}\u{303}n Va\u{306}n A") == "nguyen-van-a")
        #expect(Identifier.make(from: "Dvořák Łódź Øresund") == "dvorak-lodz-oresund")
        #expect(Identifier.make(from: "Ærø Œuvre Straße") == "aero-oeuvre-strasse")
        #expect(Identifier.make(from: "Đặng Thị Ngọc Thịnh") == "dang-thi-ngoc-thinh")
    }

    @Test func cyrillicIsTransliteratedByICAO9303() {
        #expect(Identifier.make(from: "Путин") == "putin")
        #expect(Identifier.make(from: "Владимир Путин") == "vladimir-putin")
        #expect(Identifier.make(from: "Щукин Юрий") == "shchukin-iurii")
        #expect(Identifier.make(from: "Хрущёв") == "khrushchev")
        #expect(Identifier.make(from: "Їжакевич Ґудзь") == "izhakevich-gudz")
    }

    @Test func greekIsTransliteratedByELOT743() {
        #expect(Identifier.make(from: "Κυριάκος Μητσοτάκης") == "kyriakos-mitsotakis")
        #expect(Identifier.make(from: "Ευάγγελος Βενιζέλος") == "evangelos-venizelos")
        #expect(Identifier.make(from: "Αυτοκράτωρ") == "aftokrator")
        #expect(Identifier.make(from: "Μπακογιάννη") == "bakogianni")
        #expect(Identifier.make(from: "Ουρανία Αθηνά") == "ourania-athina")
        // A dialytika keeps the vowels apart: Ταΰγετος is ta-y-getos, not taf-getos.
        #expect(Identifier.make(from: "Ταΰγετος") == "taygetos")
    }

    @Test func aNameInAnotherScriptAsksForAnIdAndNamesTheScript() throws {
        let e = Engine()
        for (name, script) in [("习近平", "Chinese (Han)"), ("محمد", "Arabic"), ("שלום", "Hebrew"), ("김정은", "Korean (Hangul)")] {
            let d = failure(e, "actor \"\(name)\"")
            #expect(d?.message.contains("in \(script) script") == true, "\(name): \(d?.message ?? "no error")")
            #expect(d?.message.contains("actor ID \"NAME\"") == true)
        }
        try run(e, #"actor xi "习近平""#)
        #expect(e.state.entity(id: "xi") != nil)
    }

    @Test func referencesFoldEveryDiacritic() throws {
        let e = Engine()
        try run(e, #"actor "Nguyễn Văn A""#)
        #expect(try run(e, "show nguyen").first?.hasPrefix("actor nguyen-van-a") == true)
        #expect(try run(e, "show văn").first?.hasPrefix("actor nguyen-van-a") == true)
    }

    @Test func tableWidthsCountTerminalColumns() {
        #expect(TextTable.width("中文") == 4)
        #expect(TextTable.width("e\u{301}te\u{301}") == 3)
        #expect(TextTable.width("Université") == 10)
        var t = TextTable()
        t.add(["习近平", "x"])
        t.add(["ab", "y"])
        // The second column starts at the same terminal column on both rows.
        #expect(t.render() == "习近平  x\nab      y\n")
    }
}
