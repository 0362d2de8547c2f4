import EventLog
import Foundation
import Testing

@testable import InternalControl

/// Ids a person cannot tell apart are one id: `LOOK-1`, `LОOK-1` (Cyrillic О), `look-1` and `ＬOOK-1` (full
/// width) cannot name four plans.
@Suite struct LookAlikeIDTests {
    static let rules = AppendRules(clock: .pinned(at: Instant(rfc3339: "2025-03-01T12:00:00Z")!))

    static func plan(_ id: String) -> EventDraft {
        EventDraft(type: "PlanAdopted", stream: "plan-" + id, effectiveAt: CalendarDate("2024-01-10")!, actor: "mas",
                   payload: ["planId": .string(id), "organisation": "Nämnden", "year": 2024, "adoptedOn": "2024-01-10"])
    }

    static func controlPoint(_ id: String, plan: String) -> EventDraft {
        EventDraft(type: "ControlPointAdded", stream: "control-" + id, effectiveAt: CalendarDate("2024-01-10")!,
                   actor: "mas", payload: ["controlId": .string(id), "planId": .string(plan), "area": "A", "title": "T"])
    }

    /// The problems of appending `drafts` to a store holding plan LOOK-1 and control point SN-2024-LAK, and
    /// `earlier` appended after them.
    func problems(_ drafts: [EventDraft], after earlier: [EventDraft] = []) throws -> [String] {
        let store = try EventStore.create(at: NSTemporaryDirectory() + "ik-lookalike-" + UUID().uuidString, forTests: true)
        defer { try? FileManager.default.removeItem(atPath: store.path) }
        try store.append([Self.plan("LOOK-1"), Self.controlPoint("SN-2024-LAK", plan: "LOOK-1")],
                         check: Self.rules.draftCheck)
        if !earlier.isEmpty { try store.append(earlier, check: Self.rules.draftCheck) }
        let before = try store.read { try $0.size }
        do {
            try store.append(drafts, check: Self.rules.draftCheck)
        } catch StoreError.rejected(let problems) {
            #expect(try store.read { try $0.size } == before)
            return problems.map(\.description)
        }
        return []
    }

    @Test(arguments: ["look-1", "ＬOOK-1", "Look-1", "ＬＯＯＫ-1"])
    func aPlanWhoseIdLooksLikeAnExistingOneIsRefused(id: String) throws {
        #expect(try problems([Self.plan(id)]) == [
            "payload.planId: \"\(id)\" — looks the same as the existing plan LOOK-1: ids that differ only in case, "
                + "width or look-alike letters are one id; use LOOK-1, or an id that reads differently",
        ])
    }

    @Test func anIdMixingScriptsIsRefused() throws {
        #expect(try problems([Self.plan("LОOK-1")]) == [
            "payload.planId: \"LОOK-1\" — mixes Latin and Cyrillic letters; write an id in one alphabet (a letter of "
                + "another that looks the same makes an id that only looks like the one meant)",
        ])
        #expect(try problems([Self.plan("ΑBC-2")]).first?.contains("mixes Greek and Latin letters") == true)
    }

    /// Found by an attacker: `SN-2024-LAK` with a Hangul filler after it printed exactly like SN-2024-LAK and
    /// named a second control point; so did `ʟ` (a small capital L) in place of `L`.
    @Test(arguments: [("SN-2024-LAK\u{3164}", "U+3164 HANGUL FILLER at character 12"),
                      ("SN-2024-LAK\u{FFA0}", "U+FFA0 HALFWIDTH HANGUL FILLER at character 12"),
                      ("SN-2024-\u{1160}LAK", "U+1160 HANGUL JUNGSEONG FILLER at character 9"),
                      ("SN-2024-LA\u{FE0F}K", "U+FE0F VARIATION SELECTOR-16 at character 11"),
                      ("SN-2024-L\u{034F}AK", "U+034F COMBINING GRAPHEME JOINER at character 10"),
                      ("SN-2024-L\u{115F}AK", "U+115F HANGUL CHOSEONG FILLER at character 10")])
    func anIdHoldingAnInvisibleCharacterIsRefused(id: String, found: String) throws {
        #expect(IDRules.problem(id) == "holds an invisible character (\(found)); an id holds only visible letters, "
            + "digits and - _ . : /, so that two ids never print alike")
        // Its stream (control-ID) is refused by the envelope's rules before the payload is read.
        #expect(try problems([Self.controlPoint(id, plan: "LOOK-1")]).map { $0.prefix(8) } == ["stream: "])
    }

    @Test(arguments: [("SN-2024-\u{029F}AK", "U+029F LATIN LETTER SMALL CAPITAL L at character 9"),
                      ("SN-2024-\u{1D0C}AK", "U+1D0C LATIN LETTER SMALL CAPITAL L WITH STROKE at character 9"),
                      ("\u{1D00}BC-1", "U+1D00 LATIN LETTER SMALL CAPITAL A at character 1"),
                      ("L\u{0251}K-1", "U+0251 LATIN SMALL LETTER ALPHA at character 2"),
                      ("SN-2024-\u{01C0}AK", "U+01C0 LATIN LETTER DENTAL CLICK at character 9"),
                      ("SN-2024-LAK\u{02B0}", "U+02B0 MODIFIER LETTER SMALL H at character 12"),
                      ("SN-2024-L\u{A7AE}K", "U+A7AE LATIN CAPITAL LETTER SMALL CAPITAL I at character 10"),
                      ("SN-2024-L\u{0640}AK", "U+0640 ARABIC TATWEEL at character 10")])
    func anIdHoldingAPhoneticOrModifierLetterIsRefused(id: String, found: String) throws {
        #expect(try problems([Self.controlPoint(id, plan: "LOOK-1")]) == [
            "payload.controlId: \"\(id)\" — holds \(found), a phonetic or modifier letter drawn like an ordinary one; "
                + "write the id with ordinary letters",
        ])
    }

    @Test func idsInOrdinaryLettersOfAnyAlphabetPass() throws {
        #expect(try problems([Self.plan("Åtgärd-Ødegård-Ñandú-Łódź-2"), Self.plan("Ärende-ǅ-ẞ-1"), Self.plan("東京々-ー-1"),
                              Self.plan("약품-1"), Self.plan("ΑΒΓ-3"), Self.plan("Журнал-4")]).isEmpty)
    }

    /// Red team 9 (lookalike-case-nonlatin): Cyrillic, Greek and Armenian ids that differ only in case named two
    /// plans (`г` is drawn as `r`, `Г` as nothing Latin, so the two cases made two keys).
    @Test(arguments: [("ГОРОД-1", "город-1"), ("город-1", "ГОРОД-1"), ("ΣΟΦΙΑ-1", "σοφια-1"), ("Г1", "г1"), ("Հ1", "հ1")])
    func idsOfAnotherAlphabetThatDifferOnlyInCaseAreOneId(first: String, second: String) throws {
        let found = try problems([Self.plan(second)], after: [Self.plan(first)])
        #expect(found.count == 1 && found[0].contains("looks the same as the existing plan \(first)"), "\(found)")
    }

    /// Red team 9 (lookalike-nfkc-singletons): an id written with a character Unicode takes as the same as another
    /// (U+212A KELVIN SIGN is K, U+212B ANGSTROM SIGN is Å, U+2126 OHM SIGN is Ω, oxia is tonos) passed as new:
    /// Swift's == said the two streams were one, so the look-alike found was taken for the id itself.
    @Test(arguments: [("K-2024", "\u{212A}-2024"), ("Å-2024", "\u{212B}-2024"), ("Ω-2024", "\u{2126}-2024"),
                      ("\u{3AC}λφα-1", "\u{1F71}λφα-1")])
    func anIdThatIsAnotherByUnicodeEquivalenceIsRefused(first: String, second: String) throws {
        #expect(!first.utf8.elementsEqual(second.utf8))
        // In one batch the second is "already exists"; appended later only the look-alike rule can see it.
        let found = try problems([Self.plan(second)], after: [Self.plan(first)])
        #expect(found.count == 1 && found[0].contains("looks the same as the existing plan"), "\(found)")
    }

    @Test func anIdWrittenWhollyInLookAlikeLettersOfAnotherAlphabetIsRefused() throws {
        // С, О, О, К are Cyrillic: one alphabet, so not a mix, but it reads as LOOK's neighbour COOK-1.
        let found = try problems([Self.plan("COOK-1"), Self.plan("СООК-1")])
        #expect(found.count == 1 && found[0].contains("looks the same as the existing plan COOK-1"))
    }

    @Test func aReferenceThatOnlyLooksLikeAnExistingIdSaysWhichWasMeant() throws {
        #expect(try problems([Self.controlPoint("C-2", plan: "look-1")]) == [
            "payload.planId: \"look-1\" — no such plan; did you mean LOOK-1?",
        ])
        let result: JSONValue = ["performanceId": "R-1", "controlId": "sn-2024-lak", "performedOn": "2024-06-30",
                                 "examined": 10, "deviating": 0, "assessment": "satisfactory"]
        #expect(try problems([EventDraft(type: "ControlPerformed", stream: "control-sn-2024-lak",
                                         effectiveAt: CalendarDate("2024-06-30")!, actor: "mas", payload: result)])
            == ["payload.controlId: \"sn-2024-lak\" — no such control point; did you mean SN-2024-LAK?"])
        #expect(try problems([Self.controlPoint("C-2", plan: "NONE-1")]) == [
            "payload.planId: \"NONE-1\" — no such plan; adopt it first (PlanAdopted)",
        ])
    }

    @Test func lookAlikesInOneBatchAreRefusedToo() throws {
        let found = try problems([Self.plan("TWIN-1"), Self.plan("twin-1")])
        #expect(found.count == 1 && found[0].hasPrefix("payload.planId: \"twin-1\" — looks the same as the existing plan TWIN-1"))
    }

    @Test func theSameIdAgainIsStillADuplicateAndDifferentIdsPass() throws {
        #expect(try problems([Self.plan("LOOK-1")]).first?.contains("plan LOOK-1 already exists") == true)
        #expect(try problems([Self.plan("LOOK-2"), Self.plan("LOOK1"), Self.plan("東京-1"), Self.plan("Åtgärd-1")]).isEmpty)
    }
}
