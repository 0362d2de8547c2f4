import EventLog
import Foundation
import InternalControl
import Testing

@testable import Projections

/// Red team 6 (log-filter-holds-every-read-thread): a server's log chunk ended after so many events *matched*, so a
/// `type` that matched few read the whole log in one job. A chunk now ends after so many events *read*, matched or not.
@Suite struct LogSelectionTests {
    static func store(_ events: Int) throws -> (String, EventStore) {
        let path = NSTemporaryDirectory() + "ik-selection-" + UUID().uuidString
        let store = try EventStore.create(at: path, forTests: true, options: StoreOpening.options(readOnly: false))
        let drafts = (0..<events).map { i in
            EventDraft(type: i == events - 1 ? "Rare" : "Noted", stream: i % 2 == 0 ? "even" : "odd",
                       effectiveAt: CalendarDate(year: 2024, month: 1 + i % 12, day: 1)!, actor: "tester",
                       idempotencyKey: nil, expectedVersion: nil, payload: ["note": "n"])
        }
        try store.append(drafts)
        return (path, store)
    }

    @Test func aJobReadsAtMostItsBoundWhetherOrNotTheFilterMatches() throws {
        let (path, store) = try Self.store(1000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let april = try QueryScope(from: CalendarDate(year: 2024, month: 4, day: 1)!, to: CalendarDate(year: 2024, month: 4, day: 30)!)
        // (scope, stream, the most seqs one job may pass, jobs, found): a job reads at most 100 events.
        let cases: [(QueryScope, String?, UInt64, Int, [UInt64])] = [
            (.everything, nil, 100, 10, [1000]), (.everything, "even", 200, 5, []), (april, nil, 1000, 1, [1000]),
        ]
        for (scope, stream, step, expectedJobs, expectedFound) in cases {
            var after: UInt64 = 0
            var jobs = 0
            var found: [UInt64] = []
            while true {
                let next = try store.read { view in
                    try LogSelection(scope: scope, stream: stream, type: "Rare", afterSeq: after, view: view)
                        .forEach(upTo: 50, scanning: 100) { event in
                            found.append(event.envelope.seq)
                            return true
                        }
                }
                jobs += 1
                guard let next else { break }
                #expect(next > after && next - after <= step, "\(next) after \(after)")
                after = next
            }
            #expect(found == expectedFound && jobs == expectedJobs, "\(String(describing: stream)): \(found), \(jobs) jobs")
        }
    }

    @Test func aLimitOfMatchesEndsTheJobAtTheLastOneGiven() throws {
        let (path, store) = try Self.store(300)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let next = try store.read { view in
            try LogSelection(scope: .everything, stream: "odd", view: view).forEach(upTo: 10, scanning: 1000) { _ in true }
        }
        #expect(next == 20)
        let rest = try store.read { view in
            try LogSelection(scope: .everything, stream: "odd", afterSeq: 280, view: view).forEach(upTo: 10, scanning: 1000) { _ in true }
        }
        #expect(rest == nil)
    }
}
