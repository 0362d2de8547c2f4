import EventLog
import Foundation
import InternalControl
import Testing

@testable import Projections

/// Red team 8 (lookalike-via-consistent-index-edit): the look-alike index edited so the rule saw no look-alike, a
/// second plan written under a look-alike id, the entry put back: the index verified, and so did the store.
@Suite struct LookAlikeVerificationTests {
    @Test func verifyNamesAThingWhoseIdLooksLikeOneOfItsKindWrittenBefore() throws {
        let path = NSTemporaryDirectory() + "ik-lookalike-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try EventStore.create(at: path, forTests: true, options: StoreOpening.options(readOnly: false))
        // Written below the rules (as an edited index lets the rules pass them): look-alikes of one kind, of two
        // kinds, and of no kind the rules know.
        let streams = ["plan-LOOK-3", "plan-X-1", "plan-look-3", "deviation-LOOK-3", "s-1", "S-1", "plan-ꓡꓳꓳꓗ-3"]
        try store.append(streams.map { stream in
            EventDraft(type: "Noted", stream: stream, effectiveAt: CalendarDate(year: 2024, month: 1, day: 1)!,
                       actor: "tester", idempotencyKey: nil, expectedVersion: nil, payload: ["note": "n"])
        })
        let problems = try StoreVerification.report(of: store).problems.filter { $0.check == "lookalike" }
        #expect(problems.map(\.seq) == [3, 7], "\(problems)")
        #expect(problems.first?.detail.contains("stream plan-look-3 looks the same as plan-LOOK-3 (first written at seq 1)")
            == true)
    }
}
