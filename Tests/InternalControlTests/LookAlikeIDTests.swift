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

    /// The problems of appending `drafts` to a store holding plan LOOK-1 and control point SN-2024-LAK.
    func problems(_ drafts: [EventDraft]) throws -> [String] {
        let store = try EventStore.create(at: NSTemporaryDirectory() + "ik-lookalike-" + UUID().uuidString, forTests: true)
        defer { try? FileManager.default.removeItem(atPath: store.path) }
        try store.append([Self.plan("LOOK-1"), Self.controlPoint("SN-2024-LAK", plan: "LOOK-1")],
                         check: Self.rules.draftCheck)
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
