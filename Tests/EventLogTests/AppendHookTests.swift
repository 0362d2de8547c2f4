import Foundation
import Testing

@testable import EventLog

/// The append hook: derived records written in the append's transaction, or not at all.
@Suite struct AppendHookTests {
    /// A hook that stores each event's stream as its record and counts streams in `interned`.
    static let streams = AppendHook { group, derived in
        for event in group.events {
            try derived.putRecord(Array(event.envelope.stream.utf8), at: event.envelope.seq)
            let key = Array(event.envelope.stream.utf8)
            let count = (try derived.value(forKey: key)?.first ?? 0) + 1
            try derived.put([count], forKey: key)
            #expect(try derived.log.envelope(at: event.envelope.seq)?.id == event.envelope.id)
            #expect(event.payloadBytes == CanonicalJSON.encode(event.payload))
        }
        try derived.setVersion("streams-1")
    }

    @Test func theHookWritesRecordsOfEveryEventInTheAppendsTransaction() throws {
        let t = try TemporaryStore(options: EventStore.Options(appendHook: Self.streams))
        try t.store.append([draft(stream: "a"), draft(stream: "b"), draft(stream: "a")])
        try t.store.read { view in
            #expect(try view.record(at: 2) == Array("b".utf8))
            #expect(try view.derivedValue(forKey: Array("a".utf8)) == [2])
            #expect(try view.recordsVersion == "streams-1")
            var seen: [UInt64] = []
            try view.forEachRecord(in: 2...3) { seq, _ in seen.append(seq) }
            #expect(seen == [2, 3])
        }
    }

    @Test func aThrowingHookRefusesTheWholeAppendAndADryRunKeepsNothing() throws {
        struct Refused: Error {}
        let refusing = AppendHook { group, derived in
            try derived.putRecord([1], at: group.seqs!.lowerBound)
            throw Refused()
        }
        let t = try TemporaryStore(options: EventStore.Options(appendHook: refusing))
        #expect(throws: Refused.self) { try t.store.append([draft()]) }
        #expect(try t.store.read { try $0.size } == 0)
        #expect(try t.store.read { try $0.record(at: 1) } == nil)
        let recorded = try TemporaryStore(options: EventStore.Options(appendHook: Self.streams))
        try recorded.store.append([draft(stream: "a")], dryRun: true)
        #expect(try recorded.store.read { try $0.record(at: 1) } == nil)
    }

    @Test func aStreamedAppendCallsTheHookPerChunkAndIdempotentRepeatsAreLeftOut() throws {
        final class Groups: @unchecked Sendable {
            var sizes: [Int] = []
        }
        let groups = Groups()
        let counting = AppendHook { group, _ in groups.sizes.append(group.events.count) }
        let t = try TemporaryStore(options: EventStore.Options(appendHook: counting))
        try t.store.append([draft(key: "k1")])
        let outcome = try t.store.appendStream { index in
            index == 0 ? .draft(draft(key: "k1")) : index <= 5000 ? .draft(draft(stream: "s-\(index)")) : nil
        }
        #expect(outcome.writtenCount == 5000)
        #expect(outcome.alreadyRecordedCount == 1)
        #expect(groups.sizes == [1, 4096, 904])
    }

    @Test func recordsAreRebuiltOutsideAnAppend() throws {
        let t = try TemporaryStore()
        try t.store.append([draft(stream: "a"), draft(stream: "b")])
        #expect(try t.store.read { try $0.record(at: 1) } == nil)
        try t.store.updateDerived { derived in
            for seq: UInt64 in 1...2 {
                try derived.putRecord(Array(try derived.log.envelope(at: seq)!.stream.utf8), at: seq)
            }
        }
        #expect(try t.store.read { try $0.record(at: 2) } == Array("b".utf8))
        try t.store.updateDerived { try $0.removeRecords(from: 2) }
        #expect(try t.store.read { [try $0.record(at: 1), try $0.record(at: 2)] } == [Array("a".utf8), nil])
    }
}
