import EventLog
import Foundation
import Testing

@testable import InternalControl

@Suite struct PersonalIdentityNumberTests {
    @Test(arguments: ["19121212-1212", "191212121212", "121212-1212", "1212121212", "121212+1212", "701063-2391",
                      "Brukare 811218-9876 fick fel dos", "(19121212-1212)",
                      // Written after a label or in an id, with a word processor's dashes, or with a space.
                      "pnr.19121212-1212", "Pnr-19121212-1212", "ref/19121212-1212", "D-19121212-1212",
                      "19121212\u{2013}1212", "19121212\u{2011}1212", "121212 1212", "19121212 1212",
                      "tel 070 121212 1212"])
    func validNumbersInAnySpellingAreFound(text: String) {
        #expect(PersonalIdentityNumber.firstMatch(in: text) != nil)
    }

    @Test(arguments: ["2024-10-15", "20241015", "121212-1213", "1212121213", "Dnr 1.1–106/2012", "070-123 45 67",
                      "0701234567", "2410151234", "19121212-12120", "1912121212121", "12-1212-1212", "SN-2024-LAK",
                      "991332-1234", "2024-121212-1212", "1.19121212-1212", "Dnr 2024/121212-1212",
                      "kl 12.30 121212", "2024 1212 12"])
    func lookalikesAreNotFound(text: String) {
        #expect(PersonalIdentityNumber.firstMatch(in: text) == nil)
    }

    @Test func theMatchIsMaskedForMessages() {
        #expect(PersonalIdentityNumber.firstMatch(in: "pnr 19121212-1212.") == "19121212-****")
    }

    @Test func theActorAndTheIdempotencyKeyAreCheckedToo() throws {
        // They go into the envelope, which is hashed into the tree and can never be redacted.
        let rules = AppendRules(clock: .pinned(at: Instant(rfc3339: "2025-03-01T12:00:00Z")!))
        let payload: JSONValue = ["planId": "P-1", "organisation": "Nämnden", "year": 2024, "adoptedOn": "2024-01-10"]
        let store = try EventStore.create(at: NSTemporaryDirectory() + "ik-pnr-" + UUID().uuidString)
        let problems: [DraftProblem] = try store.read { view in
            try rules.check(EventDraft(type: "PlanAdopted", stream: "plan-P-1", effectiveAt: CalendarDate("2024-01-10")!,
                                       actor: "19121212-1212", idempotencyKey: "k-121212-1212", payload: payload),
                            index: 0, log: view)
        }
        #expect(problems.map(\.path) == ["actor", "idempotencyKey"])
        #expect(problems.allSatisfy { $0.description.contains("****") && !$0.description.contains("-1212") })
    }
}
