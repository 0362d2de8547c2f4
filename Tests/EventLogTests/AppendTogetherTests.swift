import Foundation
import Testing

@testable import EventLog

/// A group commit: several inputs in one write transaction, each all or nothing on its own.
@Suite struct AppendTogetherTests {
    @Test func aRefusedInputLeavesNothingAndTheOthersLandWithContiguousSeqs() throws {
        let t = try TemporaryStore()
        try t.store.append([draft()])
        let results = try t.store.appendTogether([
            [.draft(draft(stream: "s-2")), .draft(draft(stream: "s-2"))],
            [.draft(draft(stream: "s-3")), .draft(draft(stream: "s-1", expectedVersion: 5))],
            [.draft(draft(stream: "s-4", key: "k"))],
            [.draft(draft(stream: "s-4", key: "k"))],
        ]) { nil }
        #expect(results.count == 4)
        #expect((try? results[0].get())?.events.map(\.seq) == [2, 3])
        guard case .failure(.rejected(let problems)) = results[1] else {
            Issue.record("the second input should be refused")
            return
        }
        #expect(problems.map(\.draftIndex) == [1])
        #expect((try? results[2].get())?.events.map(\.seq) == [4])
        // A later input sees the earlier ones: the same idempotency key is already recorded.
        #expect((try? results[3].get())?.events.map(\.alreadyRecorded) == [true])
        let streams = try t.store.read { view in try (1...4).map { try view.envelope(at: UInt64($0))?.stream } }
        #expect(streams == ["s-1", "s-2", "s-2", "s-4"])
        #expect(try t.store.read { try $0.seqs(inStream: "s-3") }.isEmpty)
        #expect(try t.store.verify().problems.isEmpty)
    }

    @Test func everyInputRefusedWritesNothing() throws {
        let t = try TemporaryStore()
        try t.store.append([draft()])
        let before = try Data(contentsOf: URL(fileURLWithPath: t.dataFile))
        let results = try t.store.appendTogether([[.draft(draft(expectedVersion: 0))], [.problems([
            DraftProblem(draftIndex: 0, path: "", rule: "not valid JSON")])]]) { nil }
        #expect(results.allSatisfy { if case .failure = $0 { true } else { false } })
        #expect(try Data(contentsOf: URL(fileURLWithPath: t.dataFile)) == before)
    }
}
