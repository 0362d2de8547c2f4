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

    /// Why the redaction entry `redacting` does not account for the missing payload of `envelope`, or `nil` when it
    /// does: THE rule (verify, the access ledger) — a later ``EventStore/redactionEventType`` event of the same
    /// stream whose payload names the event.
    public func redactionProblem(of envelope: Envelope, by redacting: UInt64) throws -> String? {
        guard redacting > envelope.seq, redacting <= (try size), let marker = try self.envelope(at: redacting) else {
            return "its redaction entry points to seq \(redacting), which is not a later event of the log"
        }
        guard marker.type == EventStore.redactionEventType, marker.stream == envelope.stream else {
            return "its redaction entry points to seq \(redacting), a \(marker.type) of stream \(marker.stream), "
                + "not a \(EventStore.redactionEventType) of this event's stream"
        }
        guard let payload = try payload(at: redacting), payload["targetId"]?.stringValue == envelope.id else {
            return "the PayloadRedacted at seq \(redacting) does not name this event (\(envelope.id))"
        }
        return nil
    }

    /// The payload of the redaction that accounts for the missing payload of `envelope`
    /// (``redactionProblem(of:by:)``), read only when it matches its own envelope's digest; `nil` when there is none.
    public func accountingRedaction(of envelope: Envelope) throws -> JSONValue? {
        guard let redacting = try redaction(of: envelope.seq), try redactionProblem(of: envelope, by: redacting) == nil,
            let marker = try self.envelope(at: redacting),
            case .matches(let payload) = try withPayload(at: redacting, matching: marker.payloadDigest, { try JSONParser.parse($0) })
        else { return nil }
        return payload
    }
}
