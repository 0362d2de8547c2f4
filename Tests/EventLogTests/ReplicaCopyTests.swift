import Foundation
import Testing

@testable import EventLog

/// A replica copies its leader in chunks (``EventStore/appendReplicated(through:chunks:proving:)``): a payload-less line
/// goes in with the `PayloadRedacted` that accounts for it, however many chunks later, and every commit verifies.
@Suite struct ReplicaCopyTests {
    /// A leader of 12 events whose seq 2 was redacted by seq 12 (`redactTarget`), and its export lines.
    func leader(redactTarget: Bool = true) throws -> (TemporaryStore, [[UInt8]]) {
        let leader = try TemporaryStore()
        try leader.store.append((1...11).map { draft(stream: $0 == 2 ? "s-2" : "s-1", payload: ["note": .string("n\($0)")]) })
        if redactTarget {
            let id = try leader.store.read { try $0.envelope(at: 2)!.id }
            _ = try leader.store.redact([(2, draft(EventStore.redactionEventType, stream: "s-2",
                                               payload: ["targetId": .string(id), "reason": "gallring"]))])
        }
        let lines = try leader.store.read { view in
            var lines: [[UInt8]] = []
            try view.forEachEvent(in: 1...UInt64.max) { lines.append($0.exportLine); return true }
            return lines
        }
        return (leader, lines)
    }

    /// Copies `lines` into `replica` as a follower does, `chunk` events a request, through seq `last`; returns the
    /// requests' `after`s.
    @discardableResult
    func copy(_ lines: [[UInt8]], into replica: EventStore, chunk: Int, through last: UInt64) throws -> [UInt64] {
        var asked: [UInt64] = []
        var reached = try replica.read { try $0.size }
        while reached < last {
            reached = try replica.appendReplicated(through: last, chunks: { after in
                asked.append(after)
                return try lines[Int(after)..<min(Int(last), Int(after) + chunk)].enumerated().map {
                    try ReplicatedEvent(exportLine: $0.element, number: $0.offset + 1)
                }
            }, proving: { _, _ in }).size
        }
        return asked
    }

    @Test func aPayloadRedactedChunksAfterItsTargetIsCopiedInOneCommitAndTheReplicaVerifies() throws {
        let (leader, lines) = try leader()
        #expect(lines.count == 12 && lines[1].count < lines[2].count)  // seq 2 is payload-less
        let replica = try TemporaryStore()
        try replica.store.markReplica(of: "http://leader")
        // Chunks of 3: seq 1–3 hold the payload-less seq 2, whose redaction is seq 12: one transaction takes 1–12.
        let asked = try copy(lines, into: replica.store, chunk: 3, through: 12)
        #expect(asked == [0, 3, 6, 9])
        let copied = try replica.store.verify()
        #expect(copied.problems.isEmpty, "\(copied.problems)")
        #expect(try replica.store.read { try $0.head().frontier.root } == leader.store.read { try $0.head().frontier.root })
        #expect(try replica.store.read { try $0.redaction(of: 2) } == 12)
    }

    @Test func aPayloadMissingWithNoRedactionUpToTheHeadIsRefusedAndNothingIsWritten() throws {
        let (_, lines) = try leader()
        let replica = try TemporaryStore()
        try replica.store.markReplica(of: "http://leader")
        // The leader's head is 11: the redaction (seq 12) came after it.
        let error = #expect(throws: ReplicaError.self) { try copy(lines, into: replica.store, chunk: 3, through: 11) }
        #expect(error == .redactedAfterHead(seq: 2))
        #expect(try replica.store.read { try $0.size } == 0)
        // A chunk without payload-less lines before it is committed on its own.
        let (_, plain) = try self.leader(redactTarget: false)
        var stripped = plain
        stripped[4] = CanonicalJSON.encode(.object(["envelope": try JSONParser.parse(plain[4])["envelope"]!, "payload": .null]))
        let partial = try TemporaryStore()
        try partial.store.markReplica(of: "http://leader")
        #expect(throws: ReplicaError.redactedAfterHead(seq: 5)) { try copy(stripped, into: partial.store, chunk: 3, through: 11) }
        #expect(try partial.store.read { try $0.size } == 3)
        #expect(try partial.store.verify().problems.isEmpty)
    }
}
