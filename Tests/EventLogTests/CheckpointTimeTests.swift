import Testing

@testable import EventLog

/// A published head's time lies between the recorded times of its last event and the next (red team 6:
/// checkpoint-time-before-its-events, event-backdated-before-signed-checkpoint).
@Suite struct CheckpointTimeTests {
    func later(_ instant: Instant, seconds: Int64) -> Instant {
        Instant(microsecondsSinceEpoch: instant.microseconds + seconds * 1_000_000)
    }

    @Test func anAppendAfterAStoredCheckpointIsNeverRecordedBeforeIt() throws {
        let t = try TemporaryStore()
        try t.store.append([draft()])
        // A checkpoint taken tomorrow, then the clock set back to today: the next event is recorded no earlier.
        let tomorrow = later(Clock.systemNow(), seconds: 86_400)
        let checkpoint = try t.store.checkpoint(clock: .pinned(at: tomorrow))
        try t.store.append([draft()])
        let recorded = try t.store.read { view in try view.envelope(at: 2)!.recordedAt }
        #expect(recorded >= checkpoint.time, "recorded \(recorded), checkpoint \(checkpoint.time)")
        let error = #expect(throws: StoreError.self) {
            try t.store.append([draft()], clock: .pinned(at: later(tomorrow, seconds: -3_600)))
        }
        #expect(error == .clockBehind(pinned: later(tomorrow, seconds: -3_600), lastRecorded: tomorrow))
        #expect(try t.store.verify().problems.isEmpty)
    }

    @Test func aCheckpointNeverNamesATimeBeforeItsEvents() throws {
        let t = try TemporaryStore()
        let tomorrow = later(Clock.systemNow(), seconds: 86_400)
        try t.store.append([draft()], clock: .pinned(at: tomorrow))
        // The system clock is a day behind the last event.
        let checkpoint = try t.store.checkpoint(store: false)
        #expect(checkpoint.time >= tomorrow, "checkpoint \(checkpoint.time), event \(tomorrow)")
        #expect(throws: StoreError.self) { try t.store.checkpoint(clock: .pinned(at: later(tomorrow, seconds: -60))) }
    }

    @Test func verifyRefusesAGivenCheckpointNamedBeforeItsLastEvent() throws {
        let t = try TemporaryStore()
        try t.store.append([draft()], clock: .pinned(at: instant("2025-02-11T09:00:00Z")))
        let root = try t.store.verify().root
        let early = Anchor(treeSize: 1, root: root, time: instant("2025-02-10T09:00:00Z"))
        let report = try t.store.verify(anchors: [early])
        #expect(report.problems.map(\.check) == ["checkpoint"])
        #expect(report.problems.first?.detail.contains("before event 1 was recorded") == true, "\(report.problems)")
        #expect(try t.store.verify(anchors: [Anchor(treeSize: 1, root: root, time: instant("2025-02-11T09:00:00Z"))])
            .problems.isEmpty)
    }

    @Test func verifyNamesAnEventRecordedBeforeACheckpointThatDoesNotHoldIt() throws {
        let t = try TemporaryStore()
        try t.store.append([draft()], clock: .pinned(at: instant("2025-02-01T09:00:00Z")))
        // Published on the 11th with one event, not stored (as a server's note is not).
        let published = try t.store.checkpoint(clock: .pinned(at: instant("2025-02-11T09:00:00Z")), store: false)
        try t.store.append([draft()], clock: .pinned(at: instant("2025-02-06T09:00:00Z")))
        let given = Anchor(treeSize: published.treeSize, root: published.root, time: published.time)
        let report = try t.store.verify(anchors: [given])
        #expect(report.problems.map(\.check) == ["clock"], "\(report.problems)")
        #expect(report.problems.first?.seq == 2)
        #expect(report.problems.first?.detail.contains("the event was back-dated") == true)
        // Within the slack (an append that began before the checkpoint was read) is no problem.
        let slack = Anchor(treeSize: 1, root: published.root, time: instant("2025-02-06T09:00:30Z"))
        #expect(try t.store.verify(anchors: [slack]).problems.isEmpty)
    }

    @Test func verifyNamesAnEventBackDatedBeforeAStoredCheckpoint() throws {
        let t = try TemporaryStore()
        try t.store.append([draft()], clock: .pinned(at: instant("2025-02-01T09:00:00Z")))
        let stored = try t.store.checkpoint(clock: .pinned(at: instant("2025-02-11T09:00:00Z")))
        // The insider takes the checkpoint out with LMDB, appends "on the 6th" and puts it back.
        let key = StorageKeys.seq(stored.treeSize)
        try t.store.write { txn in
            _ = try txn.delete(key: key, in: t.store.databases.checkpoints)
            return .commit(())
        }
        try t.store.append([draft()], clock: .pinned(at: instant("2025-02-06T09:00:00Z")))
        try t.store.write { txn in
            try txn.put(CanonicalJSON.encode(stored.json), forKey: key, in: t.store.databases.checkpoints)
            return .commit(())
        }
        let report = try t.store.verify()
        #expect(report.problems.map(\.check) == ["clock"], "\(report.problems)")
        #expect(report.problems.first?.detail.contains("before the stored checkpoint of size 1") == true)
    }
}
