import Foundation
import LMDB
import Testing

@testable import EventLog

@Suite struct AppendTests {
    @Test func seqsStartAtOneAndHaveNoGapsAcrossBatches() throws {
        let t = try TemporaryStore()
        let first = try t.store.append([draft(), draft(stream: "s-2")])
        let second = try t.store.append([draft(), draft(), draft(stream: "s-3")])
        #expect(first.events.map(\.seq) == [1, 2])
        #expect(second.events.map(\.seq) == [3, 4, 5])
        #expect(second.events.map(\.streamVersion) == [2, 3, 1])
        let seqs = try t.store.read { view in
            var seqs: [UInt64] = []
            try view.forEachEnvelope(in: 1...UInt64.max) { seqs.append($0.seq); return true }
            return seqs
        }
        #expect(seqs == [1, 2, 3, 4, 5])
    }

    @Test func aBatchWithOneBadDraftLeavesTheStoreByteForByteUnchanged() throws {
        let t = try TemporaryStore()
        try t.store.append([draft()])
        let before = try Data(contentsOf: URL(fileURLWithPath: t.dataFile))
        let error = #expect(throws: StoreError.self) {
            try t.store.append([draft(stream: "s-2"), draft(stream: "", payload: ["a": 1]), draft(payload: "text")])
        }
        guard case .rejected(let problems)? = error else {
            Issue.record("expected a rejection")
            return
        }
        #expect(problems.map(\.draftIndex) == [1, 2])
        #expect(problems.map(\.path) == ["stream", "payload"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: t.dataFile)) == before)
        #expect(try t.store.read { try $0.size } == 1)
    }

    @Test func anExpectedVersionConflictNamesStreamExpectedAndActual() throws {
        let t = try TemporaryStore()
        try t.store.append([draft(expectedVersion: 0), draft(expectedVersion: 1)])
        let error = #expect(throws: StoreError.self) { try t.store.append([draft(expectedVersion: 1)]) }
        guard case .rejected(let problems)? = error, let problem = problems.first else {
            Issue.record("expected a rejection")
            return
        }
        #expect(problem.kind == .versionConflict(stream: "s-1", expected: 1, actual: 2))
        #expect(problem.rule.contains("stream s-1 is at version 2, not 1"))
        #expect(try t.store.read { try $0.streamVersion("s-1") } == 2)
    }

    @Test func aRetriedAppendReturnsTheOriginalSeqsAndWritesNothing() throws {
        let t = try TemporaryStore()
        let batch = [draft(key: "k-1"), draft(stream: "s-2", key: "k-2")]
        let original = try t.store.append(batch)
        let before = try Data(contentsOf: URL(fileURLWithPath: t.dataFile))
        let retry = try t.store.append(batch)
        #expect(retry.events.map(\.seq) == original.events.map(\.seq))
        #expect(retry.events.filter { !$0.alreadyRecorded }.isEmpty)
        #expect(retry.events.map(\.id) == original.events.map(\.id))
        #expect(retry.writtenCount == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: t.dataFile)) == before)
    }

    @Test func anIdempotencyKeyReusedForAnotherEventIsRefused() throws {
        let t = try TemporaryStore()
        try t.store.append([draft(key: "k-1")])
        let error = #expect(throws: StoreError.self) {
            try t.store.append([draft(key: "k-1", payload: ["note": "something else"])])
        }
        guard case .rejected(let problems)? = error else {
            Issue.record("expected a rejection")
            return
        }
        #expect(problems.first?.kind == .idempotencyKeyReused(key: "k-1", seq: 1))
    }

    /// Red team (idempotency-confirms-others-events): another account's key returned that account's event as
    /// "already recorded", and a different draft under it named its seq. A key belongs to its actor.
    @Test func anotherActorsIdempotencyKeyNeitherConfirmsNorRevealsTheirEvent() throws {
        let t = try TemporaryStore()
        try t.store.append([draft(key: "budget-2024")])
        var same = draft(key: "budget-2024")
        same.actor = "adm"
        let theirs = try t.store.append([same])
        #expect(theirs.events.map(\.alreadyRecorded) == [false])
        #expect(theirs.events.map(\.seq) == [2])
        var other = draft(key: "budget-2024", payload: ["note": "something else"])
        other.actor = "adm2"
        #expect(try t.store.append([other]).events.map(\.seq) == [3])
        // Within one actor the key still means one event.
        #expect(try t.store.append([same]).events.map(\.alreadyRecorded) == [true])
        #expect(try t.store.verify().problems.isEmpty)
    }

    /// Replaces the tester's entry of `key` (event `seq`) with the bare entry an earlier release wrote.
    static func makeBare(key: String, of seq: UInt64, txn: WriteTransaction, in t: TemporaryStore) throws {
        let idempotency = t.store.databases.idempotency
        #expect(try txn.delete(key: IdempotencyKeys.entry(actor: "tester", key: key), in: idempotency))
        try txn.put(StorageKeys.seq(seq), forKey: IdempotencyKeys.legacyEntry(key: key), in: idempotency)
    }

    @Test func aBareKeyOfAnEarlierReleaseAnswersForItsActorInAStoreNotMarkedAsScopedOnly() throws {
        let t = try TemporaryStore()
        #expect(t.store.databases.idempotencyScopedOnly)
        try t.store.append([draft(key: "k-1")])
        // What an earlier release left: the bare key, and no mark saying every entry is scoped.
        try t.store.write { txn in
            try Self.makeBare(key: "k-1", of: 1, txn: txn, in: t)
            #expect(try txn.delete(key: IdempotencyKeys.scopedOnlyKey, in: t.store.databases.meta))
            return .commit
        }
        let older = try EventStore(openingAt: t.path)
        #expect(!older.databases.idempotencyScopedOnly)
        #expect(try older.append([draft(key: "k-1")]).events.map(\.alreadyRecorded) == [true])
        var other = draft(key: "k-1")
        other.actor = "adm"
        #expect(try older.append([other]).events.map(\.seq) == [2])
        #expect(try older.verify().problems.isEmpty)
    }

    /// Red team 8 (bare-key-in-scoped-store): verify read a bare entry the append never reads, so an index edited
    /// that way passed verify and then let one actor record two events under one key.
    @Test func inAStoreOfScopedEntriesVerifyNamesAKeyWhoseEntryIsBare() throws {
        let t = try TemporaryStore()
        try t.store.append([draft(key: "k-1")])
        try t.store.write { txn in
            try Self.makeBare(key: "k-1", of: 1, txn: txn, in: t)
            return .commit
        }
        let problems = try t.store.verify().problems
        #expect(problems.map(\.check).contains("idempotency"), "\(problems)")
    }

    /// Red team 8 (equivalent-key-records-twice): `café` as one character and as `e` with an accent were two keys,
    /// and two actors that print alike.
    @Test func aKeyAndAnActorAreOneWhateverTheirUnicodeForm() throws {
        let t = try TemporaryStore()
        var composed = draft(key: "caf\u{E9}")
        composed.actor = "jos\u{E9}"
        var decomposed = draft(key: "cafe\u{301}")
        decomposed.actor = "jose\u{301}"
        #expect(try t.store.append([composed]).events.map(\.alreadyRecorded) == [false])
        #expect(try t.store.append([decomposed]).events.map(\.alreadyRecorded) == [true])
        var angstrom = draft(key: "\u{212B}-1")
        angstrom.actor = "jos\u{E9}"
        var ring = draft(key: "\u{C5}-1")
        ring.actor = "jose\u{301}"
        #expect(try t.store.append([angstrom]).events.map(\.alreadyRecorded) == [false])
        #expect(try t.store.append([ring]).events.map(\.alreadyRecorded) == [true])
        let envelopes = try t.store.read { view in try (1...2).map { try #require(try view.envelope(at: $0)) } }
        // Stored composed (Swift's == would call the two forms equal: compare the bytes).
        #expect(envelopes.map { Array($0.actor.utf8) } == [Array("jos\u{E9}".utf8), Array("jos\u{E9}".utf8)])
        #expect(envelopes.map { Array(($0.idempotencyKey ?? "").utf8) } == [Array("caf\u{E9}".utf8), Array("\u{C5}-1".utf8)])
        #expect(try t.store.verify().problems.isEmpty)
    }

    @Test func recordedTimeNeverGoesBackAndAPinnedTimeInThePastIsRefused() throws {
        let t = try TemporaryStore()
        try t.store.append([draft()], clock: .pinned(at: instant("2025-02-11T09:00:00Z")))
        // The system clock says 2026; a pin equal to the last recorded time is allowed.
        try t.store.append([draft()], clock: .pinned(at: instant("2025-02-11T09:00:00Z")))
        let error = #expect(throws: StoreError.self) {
            try t.store.append([draft()], clock: .pinned(at: instant("2025-02-10T09:00:00Z")))
        }
        #expect(error == .clockBehind(pinned: instant("2025-02-10T09:00:00Z"), lastRecorded: instant("2025-02-11T09:00:00Z")))
        try t.store.append([draft()], clock: .pinned(at: instant("2025-03-01T00:00:00Z")))
        let times = try t.store.read { view in try (1...3).map { try view.envelope(at: $0)!.recordedAt } }
        #expect(times == [instant("2025-02-11T09:00:00Z"), instant("2025-02-11T09:00:00Z"), instant("2025-03-01T00:00:00Z")])
    }

    @Test func ikNowMustBeRFC3339() throws {
        #expect(throws: ClockError.invalidPinnedTime("yesterday")) {
            try Clock.fromEnvironment(["IK_NOW": "yesterday"])
        }
        #expect(try Clock.fromEnvironment(["IK_NOW": "2025-02-11T10:30:00+01:00"]).now() == instant("2025-02-11T09:30:00Z"))
    }

    @Test func aDryRunChecksEverythingAndWritesNothing() throws {
        let t = try TemporaryStore()
        try t.store.append([draft()])
        let before = try Data(contentsOf: URL(fileURLWithPath: t.dataFile))
        let outcome = try t.store.append([draft(), draft()], dryRun: true)
        #expect(outcome.events.map(\.seq) == [2, 3])
        #expect(try Data(contentsOf: URL(fileURLWithPath: t.dataFile)) == before)
    }

    @Test func aDomainCheckSeesEarlierDraftsOfTheSameBatch() throws {
        let t = try TemporaryStore()
        let check: DraftCheck = { draft, index, log in
            guard draft.type == "Child" else { return [] }
            return try log.streamVersion("parent") > 0
                ? [] : [DraftProblem(draftIndex: index, path: "payload.parent", rule: "no such parent")]
        }
        try t.store.append([draft("Parent", stream: "parent"), draft("Child", stream: "child")], check: check)
        let error = #expect(throws: StoreError.self) {
            try t.store.append([draft("Child", stream: "orphan"), draft("Child", stream: "orphan")], check: { d, i, l in
                d.stream == "orphan" ? [DraftProblem(draftIndex: i, path: "payload.parent", rule: "no such parent")] : []
            })
        }
        guard case .rejected(let problems)? = error else {
            Issue.record("expected a rejection")
            return
        }
        #expect(problems.map(\.draftIndex) == [0, 1])
    }

    @Test func anOversizedPayloadIsRefused() throws {
        let t = try TemporaryStore()
        let huge = JSONValue.string(String(repeating: "x", count: 2 << 20))
        #expect(throws: StoreError.self) { try t.store.append([draft(payload: ["text": huge])]) }
    }

    @Test func theStoreGrowsItsMapUnderLoad() throws {
        let t = try TemporaryStore(mapSize: 128 * 1024)
        let text = JSONValue.string(String(repeating: "ä", count: 2000))
        for batch in 0..<20 {
            try t.store.append((0..<50).map { draft(stream: "s-\(batch)-\($0)", payload: ["text": text]) })
        }
        let report = try t.store.verify()
        #expect(report.isIntact)
        #expect(report.treeSize == 1000)
    }
}
