import LMDB

/// What a redaction did.
public struct RedactionOutcome: Sendable {
    public let append: AppendOutcome
    public let redactedSeq: UInt64
    /// Free pages overwritten afterwards, so the removed bytes are gone from the file.
    public let scrubbedPages: Int
}

extension EventStore {
    /// Appends `draft` (the event that records the redaction) and removes the payload of event `seq` in the same
    /// write transaction; the envelope and its `payloadDigest` stay, so the tree still proves. Snapshots whose
    /// names start with `snapshotPrefix` are dropped in the same transaction (they may hold the payload's
    /// content), then the free pages are overwritten so no copy of the bytes stays in the file.
    /// - Throws: ``StoreError/rejected(_:)`` when the draft is refused; nothing is changed then.
    public func redact(seq: UInt64, with draft: EventDraft, clock: Clock = .system, check: DraftCheck? = nil,
                       snapshotPrefix: String? = nil) throws -> RedactionOutcome {
        let databases = self.databases
        let outcome = try append([draft], clock: clock, check: check) { txn, appended in
            guard let redacting = appended.first?.seq, try txn.delete(key: StorageKeys.seq(seq), in: databases.payloads) else {
                throw StoreError.rejected([DraftProblem(draftIndex: 0, path: "payload.targetId", value: String(seq),
                                                        rule: "the target's payload is already gone")])
            }
            try txn.put(StorageKeys.seq(redacting), forKey: StorageKeys.seq(seq), in: databases.redactions)
            if let snapshotPrefix { try Self.removeSnapshots(withPrefix: snapshotPrefix, in: txn, databases: databases) }
        }
        let scrubbed = try environment.scrubFreePages()
        return RedactionOutcome(append: outcome, redactedSeq: seq, scrubbedPages: scrubbed)
    }
}

extension LogView {
    /// The seq of the event that redacted event `seq`'s payload, or `nil`.
    public func redaction(of seq: UInt64) throws -> UInt64? {
        try transaction.withValue(forKey: StorageKeys.seq(seq), in: databases.redactions) { StorageKeys.readBigEndian($0) }
    }
}
