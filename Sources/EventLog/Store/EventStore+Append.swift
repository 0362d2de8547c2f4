import Foundation
import LMDB

/// One draft's outcome in an append.
public struct AppendedEvent: Sendable, Hashable {
    /// Position of the draft in the batch.
    public let draftIndex: Int
    public let seq: UInt64
    public let id: String
    public let stream: String
    public let streamVersion: UInt64
    /// True when the idempotency key matched an earlier event and nothing new was written.
    public let alreadyRecorded: Bool
}

/// What an append did.
public struct AppendOutcome: Sendable, Hashable {
    public let events: [AppendedEvent]
    /// Tree size and root after the append.
    public let treeSize: UInt64
    public let root: MerkleHash
    public let recordedAt: Instant?

    /// Number of events newly written.
    public var writtenCount: Int { events.filter { !$0.alreadyRecorded }.count }
}

/// Checks one draft against the log as of the append, inside the write transaction. It sees the events of
/// the same batch that come before the draft. Returns the problems found (empty when the draft is fine).
public typealias DraftCheck = (_ draft: EventDraft, _ index: Int, _ log: LogView) throws -> [DraftProblem]

extension EventStore {
    /// Appends `drafts` in one write transaction: all of them land, or none do. With `dryRun` every check
    /// runs and the outcome is computed, then the transaction is abandoned.
    ///
    /// Seqs continue the log without gaps. A draft whose idempotency key was used before for the same
    /// event returns the original seq and writes nothing; for a different event it is refused. Every
    /// draft is checked (expected version, then `check`) and every problem is reported together.
    /// - Throws: ``StoreError/rejected(_:)`` with all problems, ``StoreError/clockBehind(pinned:lastRecorded:)``,
    ///   ``StoreError/readOnly(path:)``, or a storage error; in every case nothing was written.
    @discardableResult
    public func append(
        _ drafts: [EventDraft], clock: Clock = .system, dryRun: Bool = false, check: DraftCheck? = nil
    ) throws -> AppendOutcome {
        try append(drafts, clock: clock, dryRun: dryRun, check: check, alsoInTransaction: nil)
    }

    /// ``append(_:clock:dryRun:check:)`` with more work done in the same transaction after the events are written.
    func append(
        _ drafts: [EventDraft], clock: Clock, dryRun: Bool = false, check: DraftCheck?,
        alsoInTransaction: ((WriteTransaction, [AppendedEvent]) throws -> Void)?
    ) throws -> AppendOutcome {
        do {
            return try appendInTransaction(drafts, clock: clock, dryRun: dryRun, check: check, also: alsoInTransaction)
        } catch let finished as DryRunFinished {
            return finished.outcome
        }
    }

    private func appendInTransaction(
        _ drafts: [EventDraft], clock: Clock, dryRun: Bool, check: DraftCheck?,
        also: ((WriteTransaction, [AppendedEvent]) throws -> Void)?
    ) throws -> AppendOutcome {
        try write { txn in
            try StreamKeys.catchUp(txn: txn, databases: databases)
            var writer = try LogWriter(txn: txn, databases: databases, clock: clock)
            var events: [AppendedEvent] = []
            var problems: [DraftProblem] = []
            let batchStart = writer.frontier.size + 1
            for (index, draft) in drafts.enumerated() {
                let view = LogView(transaction: txn, databases: databases, batchStart: batchStart)
                switch try writer.process(draft, index: index, view: view, check: check) {
                case .success(let event): events.append(event)
                case .failure(let failure): problems += failure.problems
                }
            }
            if !problems.isEmpty { throw StoreError.rejected(problems) }
            try also?(txn, events)
            let outcome = AppendOutcome(
                events: events, treeSize: writer.frontier.size, root: writer.frontier.root,
                recordedAt: writer.wroteAny ? writer.recordedAt : nil)
            if dryRun { throw DryRunFinished(outcome: outcome) }
            return outcome
        }
    }
}

/// Abandons the transaction of a dry run, carrying what the append would have done.
private struct DryRunFinished: Error {
    let outcome: AppendOutcome
}

/// The part of an append that writes: one event into every database, and the Merkle cache.
struct LogWriter {
    /// Checks one draft (format, idempotency, expected version, `check`, size) and writes it when it passes;
    /// a draft whose idempotency key matches an earlier event returns that event and writes nothing.
    mutating func process(_ draft: EventDraft, index: Int, view: LogView, check: DraftCheck?) throws
        -> Result<AppendedEvent, DraftDecodingFailure>
    {
        let payloadBytes = CanonicalJSON.encode(draft.payload)
        var found = LogWriter.formatProblems(of: draft, index: index)
        if found.isEmpty, let key = draft.idempotencyKey, let seq = try view.seq(forIdempotencyKey: key) {
            if let original = try matchingOriginal(of: draft, payloadBytes: payloadBytes, at: seq, view: view) {
                return .success(AppendedEvent(
                    draftIndex: index, seq: seq, id: original.id, stream: original.stream,
                    streamVersion: original.streamVersion, alreadyRecorded: true))
            }
            found.append(DraftProblem(
                draftIndex: index, path: "idempotencyKey", value: key,
                rule: "this key was used for a different event (seq \(seq)); use a new key for a new event",
                kind: .idempotencyKeyReused(key: key, seq: seq)))
        }
        if found.isEmpty {
            let current = try view.streamVersion(draft.stream)
            if let expected = draft.expectedVersion, expected != current {
                found.append(DraftProblem(
                    draftIndex: index, path: "expectedVersion", value: String(expected),
                    rule: "stream \(draft.stream) is at version \(current), not \(expected); read it again and retry",
                    kind: .versionConflict(stream: draft.stream, expected: expected, actual: current)))
            }
        }
        if found.isEmpty, let check { found += try check(draft, index, view) }
        // Size last: a domain check names the oversized field, which says more than "payload".
        if found.isEmpty, payloadBytes.count > LogWriter.maxPayloadBytes {
            found.append(DraftProblem(
                draftIndex: index, path: "payload", value: "\(payloadBytes.count) bytes",
                rule: "a payload is at most \(LogWriter.maxPayloadBytes) bytes; keep documents outside the log"))
        }
        guard found.isEmpty else { return .failure(DraftDecodingFailure(problems: found)) }
        return .success(try write(draft, payloadBytes: payloadBytes, index: index, view: view))
    }

    /// The largest payload an event may carry, in canonical bytes.
    static let maxPayloadBytes = 1 << 20
    let txn: WriteTransaction
    let databases: StoreDatabases
    let recordedAt: Instant
    var frontier: MerkleFrontier
    var wroteAny = false
    var ids = EventIDGenerator()

    init(txn: WriteTransaction, databases: StoreDatabases, clock: Clock) throws {
        self.txn = txn
        self.databases = databases
        let view = LogView(transaction: txn, databases: databases)
        let size = try view.size
        let now = clock.now()
        if let last = try view.lastRecordedAt {
            if let pinned = clock.pinned, pinned < last { throw StoreError.clockBehind(pinned: pinned, lastRecorded: last) }
            recordedAt = max(now, last)
        } else {
            recordedAt = now
        }
        frontier = try view.frontier(size: size)
    }

    static func formatProblems(of draft: EventDraft, index: Int) -> [DraftProblem] {
        var problems: [DraftProblem] = []
        problems += EnvelopeText.problems(of: draft, index: index)
        if draft.payload.objectValue == nil {
            problems.append(.init(
                draftIndex: index, path: "payload", value: draft.payload.kindDescription, rule: "must be an object"))
        }
        return problems
    }

    /// The original event when it is the same event as `draft` (type, stream, effective date, payload: the
    /// draft's payload hashed with the original's salt must give the original's digest).
    func matchingOriginal(of draft: EventDraft, payloadBytes: [UInt8], at seq: UInt64, view: LogView) throws
        -> Envelope?
    {
        guard let original = try view.envelope(at: seq) else { return nil }
        let digest = try view.withStoredPayload(at: seq) { salt, _ in
            payloadBytes.withUnsafeBytes { PayloadRecord.digest(salt: salt, json: $0) }
        }
        let same = original.type == draft.type && original.stream == draft.stream
            && original.effectiveAt == draft.effectiveAt && original.payloadDigest == digest
        return same ? original : nil
    }

    mutating func write(_ draft: EventDraft, payloadBytes: [UInt8], index: Int, view: LogView) throws
        -> AppendedEvent
    {
        let seq = frontier.size + 1
        let version = try view.streamVersion(draft.stream) + 1
        let salt = ids.randomBytes(PayloadRecord.saltLength)
        let envelope = Envelope(
            seq: seq, id: ids.random(), type: draft.type, schemaVersion: draft.schemaVersion,
            stream: draft.stream, streamVersion: version, recordedAt: recordedAt, effectiveAt: draft.effectiveAt,
            actor: draft.actor, idempotencyKey: draft.idempotencyKey,
            payloadDigest: MerkleHash.sha256(salt + payloadBytes))
        let envelopeBytes = envelope.canonicalBytes
        let seqKey = StorageKeys.seq(seq)
        try txn.put(envelopeBytes, forKey: seqKey, in: databases.events, flags: [.append])
        try txn.put(PayloadRecord.make(salt: salt, json: payloadBytes), forKey: seqKey, in: databases.payloads,
                    flags: [.append])
        try txn.put(seqKey, forKey: StorageKeys.stream(draft.stream, version: version), in: databases.streams,
                    flags: [.noOverwrite])
        try txn.put([], forKey: StorageKeys.effective(draft.effectiveAt, seq: seq), in: databases.effective)
        try StreamKeys.record(stream: draft.stream, version: version, seq: seq, txn: txn, databases: databases)
        if let key = draft.idempotencyKey {
            try txn.put(seqKey, forKey: Array(key.utf8), in: databases.idempotency, flags: [.noOverwrite])
        }
        try txn.put(seqKey, forKey: Array(envelope.id.utf8), in: databases.ids, flags: [.noOverwrite])
        for node in frontier.push(MerkleHash.leaf(envelopeBytes)) {
            try node.hash.withUnsafeBytes { hash in
                try txn.put(hash, forKey: StorageKeys.merkle(level: node.level, index: node.index),
                            in: databases.merkle, flags: [.append])
            }
        }
        wroteAny = true
        return AppendedEvent(
            draftIndex: index, seq: seq, id: envelope.id, stream: draft.stream, streamVersion: version,
            alreadyRecorded: false)
    }
}
