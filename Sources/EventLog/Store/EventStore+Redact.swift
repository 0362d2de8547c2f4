import LMDB

/// What a redaction did.
public struct RedactionOutcome: Sendable {
    public let append: AppendOutcome
    /// The seqs whose payloads were removed, in the order of the drafts.
    public let redactedSeqs: [UInt64]
}

extension EventStore {
    /// The event type that records a redaction; `verify` accepts a missing payload only when such an event of
    /// the same stream names it.
    public static let redactionEventType = "PayloadRedacted"

    /// Appends one redaction event per target (each draft of type ``redactionEventType`` naming its target's id)
    /// and removes every target's payload in the same write transaction; the envelopes and their
    /// `payloadDigest`s stay, so the tree still proves. Snapshots whose names start with `snapshotPrefix` are
    /// dropped in the same transaction (they may hold the payloads' content). The old bytes are still in the
    /// file: the same transaction records a pending scrub (``pendingScrub()``), which ``finishScrub(waitingUpTo:)``
    /// carries out and clears; call it next (after any other write of this process).
    /// - Parameter targets: pairs of the seq whose payload goes and the draft that records it.
    /// - Throws: ``StoreError/rejected(_:)`` when a draft is refused or a payload is already gone; nothing is
    ///   changed then.
    public func redact(_ targets: [(seq: UInt64, draft: EventDraft)], clock: Clock = .system, check: DraftCheck? = nil,
                       snapshotPrefix: String? = nil) throws -> RedactionOutcome {
        let databases = self.databases
        for (index, target) in targets.enumerated() where target.draft.type != Self.redactionEventType {
            throw StoreError.rejected([DraftProblem(draftIndex: index, path: "type", value: target.draft.type,
                                                    rule: "a redaction is recorded by a \(Self.redactionEventType) event")])
        }
        let outcome = try append(targets.map(\.draft), clock: clock, check: check) { txn, appended in
            for (index, (target, event)) in zip(targets, appended).enumerated() {
                guard try txn.delete(key: StorageKeys.seq(target.seq), in: databases.payloads) else {
                    throw StoreError.rejected([DraftProblem(draftIndex: index, path: "payload.targetId",
                                                            value: String(target.seq),
                                                            rule: "the target's payload is already gone")])
                }
                try txn.put(StorageKeys.seq(event.seq), forKey: StorageKeys.seq(target.seq), in: databases.redactions)
            }
            if let snapshotPrefix { try Self.removeSnapshots(withPrefix: snapshotPrefix, in: txn, databases: databases) }
            if let first = appended.first, try txn.copyValue(forKey: Self.scrubPendingKey, in: databases.meta) == nil {
                try txn.put(Array(String(first.seq).utf8), forKey: Self.scrubPendingKey, in: databases.meta)
            }
        }
        return RedactionOutcome(append: outcome, redactedSeqs: targets.map(\.seq))
    }
}

extension LogView {
    /// The seq of the event that redacted event `seq`'s payload, or `nil`.
    public func redaction(of seq: UInt64) throws -> UInt64? {
        try transaction.withValue(forKey: StorageKeys.seq(seq), in: databases.redactions) { try StorageKeys.readBigEndian($0) }
    }
}
