import Foundation
import Testing

@testable import EventLog
@testable import LMDB

/// A dry run runs the one append engine in a scratch transaction over a read snapshot, never taking the writer (red
/// team 6: dry-runs-hold-the-writer). Its verdict must be the append's: the same problems, seqs, stream versions,
/// idempotency matches (within the batch too), and the same log seen by each draft's check.
@Suite struct DryRunTests {
    /// What each draft of type `Probe` saw of the log in its check: walks over the indexes the batch's earlier drafts
    /// wrote to (streams, effective dates, ids, idempotency keys, envelopes).
    final class Probes {
        var seen: [String] = []

        var check: DraftCheck {
            { draft, _, log in
                guard draft.type == "Probe" else { return [] }
                var walk = [
                    "size \(try log.size)",
                    "s-1 v\(try log.streamVersion("s-1")) \(try log.seqs(inStream: "s-1"))",
                    "streams \(try log.streamIDs(withPrefix: "s-"))",
                    "effective \(try log.seqs(effectiveIn: date("2024-01-01")...date("2024-12-31")))",
                    "k-9 \(String(describing: try log.seq(forIdempotencyKey: "k-9", actor: "tester")))",
                ]
                try log.forEachEnvelope(in: 1...UInt64.max) { envelope in
                    let byID = try log.seq(forEventID: envelope.id)
                    walk.append("\(envelope.seq) \(envelope.type) \(envelope.stream) v\(envelope.streamVersion) id→\(String(describing: byID))")
                    return true
                }
                self.seen.append(walk.joined(separator: "; "))
                return []
            }
        }
    }

    /// An outcome without what is random (ids, salts, so the root), or the problems of a refusal.
    struct Verdict: Equatable {
        var events: [String] = []
        var counts = ""
        var problems: [DraftProblem] = []
    }

    static func verdict(_ append: () throws -> AppendOutcome) -> Verdict {
        do {
            let outcome = try append()
            let ids = outcome.events.map(\.id)
            return Verdict(events: outcome.events.map { event in
                "\(event.draftIndex): seq \(event.seq) \(event.stream) v\(event.streamVersion)"
                    + (event.alreadyRecorded ? " again" : "") + " id of draft \(ids.firstIndex(of: event.id) ?? -1)"
            }, counts: "\(outcome.drafts) drafts, \(outcome.writtenCount) written, \(outcome.alreadyRecordedCount) again, "
                + "seqs \(String(describing: outcome.firstSeq))–\(String(describing: outcome.lastSeq)), size \(outcome.treeSize)")
        } catch StoreError.rejected(let problems) {
            return Verdict(problems: problems)
        } catch {
            return Verdict(counts: "\(error)")
        }
    }

    @Test func aDryRunGivesTheVerdictOfTheAppendItself() throws {
        let t = try TemporaryStore()
        try t.store.append([draft(key: "k-1"), draft(), draft(stream: "s-2", effectiveAt: "2024-03-01")])
        let accepted = [
            // Versions across the drafts of one batch, a key used twice in it for the same event, an earlier key
            // again, and checks that walk what the batch wrote before them.
            draft(expectedVersion: 2), draft("Probe", stream: "p"), draft(expectedVersion: 3, payload: ["note": "2"]),
            draft(stream: "s-3", effectiveAt: "2024-02-01", key: "k-9"), draft(stream: "s-3", effectiveAt: "2024-02-01", key: "k-9"),
            draft(key: "k-1"), draft("Probe", stream: "p", effectiveAt: "2024-01-15"),
        ]
        let refused = [
            // A version the batch itself moved past, a key the batch used for another event, a bad stream.
            draft(expectedVersion: 4), draft(expectedVersion: 4), draft(stream: "s-4", key: "k-8"),
            draft(stream: "s-5", key: "k-8"), draft("Probe", stream: "p"), draft(stream: ""),
        ]
        for batch in [accepted, refused] {
            let before = try Data(contentsOf: URL(fileURLWithPath: t.dataFile))
            let dryProbes = Probes()
            let dry = Self.verdict { try t.store.append(batch, dryRun: true, check: dryProbes.check) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: t.dataFile)) == before, "a dry run writes nothing")
            let probes = Probes()
            let real = Self.verdict { try t.store.append(batch, check: probes.check) }
            #expect(dry == real)
            #expect(dryProbes.seen == probes.seen && !dryProbes.seen.isEmpty, "\(dryProbes.seen)\n\(probes.seen)")
        }
        // Not only equal: what the append must say.
        #expect(try t.store.read { try $0.size } == 8)
        let dryAccepted = Self.verdict {
            try t.store.append([
                draft(), draft("Probe", stream: "p"), draft(payload: ["note": "2"]),
                draft(stream: "s-3", effectiveAt: "2024-02-01", key: "k-9"), draft(stream: "s-3", effectiveAt: "2024-02-01", key: "k-9"),
                draft(key: "k-1"), draft("Probe", stream: "p", effectiveAt: "2024-01-15"),
            ], dryRun: true)
        }
        #expect(dryAccepted.events == [
            "0: seq 9 s-1 v5 id of draft 0", "1: seq 10 p v3 id of draft 1", "2: seq 11 s-1 v6 id of draft 2",
            "3: seq 7 s-3 v1 again id of draft 3", "4: seq 7 s-3 v1 again id of draft 3",
            "5: seq 1 s-1 v1 again id of draft 5", "6: seq 12 p v4 id of draft 6",
        ])
        let refusal = Self.verdict { try t.store.append(refused, dryRun: true) }
        #expect(refusal.problems.map(\.path) == ["expectedVersion", "idempotencyKey", "stream"])
        #expect(refusal.problems.first?.kind == .versionConflict(stream: "s-1", expected: 4, actual: 5))
        #expect(refusal.problems.dropFirst().first?.kind == .idempotencyKeyReused(key: "k-8", seq: 10))
    }

    @Test func aDryRunNeverTakesTheWriter() throws {
        let t = try TemporaryStore(options: EventStore.Options(writerWait: 0.2))
        try t.store.append([draft()])
        let holding = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let environment = t.store.environment
        let writer = Thread {
            _ = try? environment.write { _ -> WriteCompletion<Void> in
                holding.signal()
                done.wait()
                return .rollback
            }
            finished.signal()
        }
        writer.start()
        holding.wait()
        defer {
            done.signal()
            finished.wait()
        }
        #expect(throws: StoreError.self) { try t.store.append([draft()]) }
        let dry = try t.store.append([draft(), draft(stream: "s-2"), draft()], dryRun: true)
        #expect(dry.events.map(\.streamVersion) == [2, 1, 3] && dry.events.map(\.seq) == [2, 3, 4])
        let refusal = #expect(throws: StoreError.self) { try t.store.append([draft(expectedVersion: 0)], dryRun: true) }
        #expect(refusal == .rejected([DraftProblem(
            draftIndex: 0, path: "expectedVersion", value: "0", rule: "stream s-1 is at version 1, not 0; read it again and retry",
            kind: .versionConflict(stream: "s-1", expected: 0, actual: 1))]))
    }
}
