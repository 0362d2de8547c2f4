import LMDB

/// The part of an append that writes: one event into every database, and the Merkle cache.
struct LogWriter {
    /// Checks one draft (format, idempotency, expected version, `check`, size) and writes it when it passes;
    /// a draft whose idempotency key matches an earlier event returns that event and writes nothing.
    mutating func process(_ draft: EventDraft, index: Int, view: LogView, check: DraftCheck?) throws
        -> Result<AppendedEvent, DraftDecodingFailure>
    {
        let draft = draft.withComposedText
        // The payload encoded once, into the record it is stored as (its salt filled in when it is written).
        var record = PayloadRecord.encoding(draft.payload)
        let payloadSize = record.count - PayloadRecord.jsonStart
        var found = LogWriter.formatProblems(of: draft, index: index)
        if found.isEmpty, let key = draft.idempotencyKey, let seq = try view.seq(forIdempotencyKey: key, actor: draft.actor) {
            if let original = try matchingOriginal(of: draft, record: record, at: seq, view: view) {
                return .success(AppendedEvent(
                    draftIndex: index, seq: seq, id: original.id, stream: original.stream,
                    streamVersion: original.streamVersion, alreadyRecorded: true))
            }
            found.append(DraftProblem(
                draftIndex: index, path: "idempotencyKey", value: key,
                rule: "this key was used for a different event (seq \(seq)); use a new key for a new event",
                kind: .idempotencyKeyReused(key: key, seq: seq)))
        }
        var current: UInt64 = 0
        if found.isEmpty {
            current = try view.streamVersion(draft.stream)
            if let expected = draft.expectedVersion, expected != current {
                found.append(DraftProblem(
                    draftIndex: index, path: "expectedVersion", value: String(expected),
                    rule: "stream \(draft.stream) is at version \(current), not \(expected); read it again and retry",
                    kind: .versionConflict(stream: draft.stream, expected: expected, actual: current)))
            }
        }
        if found.isEmpty, let check { found += try check(draft, index, view) }
        // Size last: a domain check names the oversized field, which says more than "payload".
        if found.isEmpty, payloadSize > LogWriter.maxPayloadBytes {
            found.append(DraftProblem(
                draftIndex: index, path: "payload", value: "\(payloadSize) bytes",
                rule: "a payload is at most \(LogWriter.maxPayloadBytes) bytes; keep documents outside the log"))
        }
        guard found.isEmpty else { return .failure(DraftDecodingFailure(problems: found)) }
        return .success(try write(draft, record: &record, version: current + 1, index: index))
    }

    /// The largest payload an event may carry, in canonical bytes.
    static let maxPayloadBytes = 1 << 20
    let txn: WriteTransaction
    let databases: StoreDatabases
    let recordedAt: Instant
    /// Whether `recordedAt` was chosen (a pinned clock): the envelopes say so.
    let pinnedClock: Bool
    var frontier: MerkleFrontier
    var ids: EventIDGenerator
    /// Whether new ids sort after every id in `ids`, so they go in with `MDB_APPEND` (not so in a store whose
    /// random ids of an earlier release sort above today's time-ordered ones).
    var idsAppend: Bool?
    let layout: StoreLayout
    /// Whether anything was written, so ``finish()`` has a head to store.
    var wroteAny = false
    /// Keys this writer added to the stream-key index, counted by ``finish()``.
    var streamKeysAdded: UInt64 = 0
    /// Whether ``group`` is kept (for the append hook).
    let keepsGroup: Bool
    /// The events written since the append hook last ran.
    var group: [WrittenEvent] = []

    init(txn: WriteTransaction, databases: StoreDatabases, clock: Clock, policy: ClockPolicy, keepsGroup: Bool) throws {
        // The cached head, not the last envelope and the Merkle cache: one read.
        let view = LogView(transaction: txn, databases: databases)
        let head = try view.head()
        // Never before a head this store published without the new events (red team 6:
        // event-backdated-before-signed-checkpoint), as never before the last event.
        let floor = try view.recordingFloor(lastRecorded: head.lastRecordedAt)
        try self.init(txn: txn, databases: databases, head: head,
                      recordedAt: try policy.recordedTime(clock: clock, lastRecorded: floor),
                      pinnedClock: clock.pinned != nil, keepsGroup: keepsGroup)
    }

    /// A writer continuing `head`, recording new events at `recordedAt` (a replica's writer stores the leader's).
    init(txn: WriteTransaction, databases: StoreDatabases, head: LogHead, recordedAt: Instant, pinnedClock: Bool,
         keepsGroup: Bool) throws {
        self.txn = txn
        self.databases = databases
        self.keepsGroup = keepsGroup
        layout = databases.layout
        self.recordedAt = recordedAt
        self.pinnedClock = pinnedClock
        lastRecordedAt = recordedAt
        frontier = head.frontier
        ids = EventIDGenerator(after: head.lastID)
        lastID = head.lastID
    }

    /// The recorded time and time-ordered id of the last event written, for the head.
    var lastRecordedAt: Instant
    var lastID: [UInt8]?
    /// The id of the last event this writer wrote, read into ``lastID``'s bytes once, by ``finish()``.
    var lastWrittenID: String?

    /// Stores the new head (and marks the stream-key index complete) after the last event of the append.
    func finish() throws {
        guard wroteAny else { return }
        var lastID = lastID
        if let lastWrittenID { lastID = EventID.timeOrdered(lastWrittenID) }
        let head = LogHead(size: frontier.size, lastRecordedAt: lastRecordedAt, lastID: lastID, frontier: frontier)
        try txn.put(head.bytes, forKey: LogHead.key, in: databases.meta)
        try StreamKeys.markComplete(through: frontier.size, added: streamKeysAdded, txn: txn, databases: databases)
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
    func matchingOriginal(of draft: EventDraft, record: [UInt8], at seq: UInt64, view: LogView) throws
        -> Envelope?
    {
        guard let original = try view.envelope(at: seq) else { return nil }
        let digest = try view.withStoredPayload(at: seq) { salt, _ in
            record.withUnsafeBytes { PayloadRecord.digest(salt: salt, json: UnsafeRawBufferPointer(rebasing: $0[PayloadRecord.jsonStart...])) }
        }
        let same = original.type == draft.type && original.stream == draft.stream
            && original.effectiveAt == draft.effectiveAt && original.payloadDigest == digest
        return same ? original : nil
    }

    /// Writes `draft` with its payload `record` from ``PayloadRecord/encoding(_:)``, whose salt it fills in.
    mutating func write(_ draft: EventDraft, record: inout [UInt8], version: UInt64, index: Int) throws
        -> AppendedEvent
    {
        let seq = frontier.size + 1
        ids.fillRandom(&record, from: 1, count: PayloadRecord.saltLength)
        let id = ids.timeOrdered(at: recordedAt)
        let envelope = Envelope(
            seq: seq, id: id, type: draft.type, schemaVersion: draft.schemaVersion,
            stream: draft.stream, streamVersion: version, recordedAt: recordedAt, effectiveAt: draft.effectiveAt,
            actor: draft.actor, idempotencyKey: draft.idempotencyKey,
            payloadDigest: PayloadRecord.digest(ofMade: record), pinnedClock: pinnedClock, via: draft.via)
        try store(envelope, envelopeBytes: envelope.canonicalBytes, payloadRecord: record,
                  payload: draft.payload, payloadBytes: Array(record[PayloadRecord.jsonStart...]))
        return AppendedEvent(
            draftIndex: index, seq: seq, id: envelope.id, stream: draft.stream, streamVersion: version,
            alreadyRecorded: false)
    }

    /// Writes one event, the next of the log, into every database and the Merkle cache: the one place that does,
    /// for appends and for a replica's copies of its leader's events (`payloadRecord` `nil`: redacted there).
    /// `payloadBytes` is only read for the append hook's group.
    mutating func store(_ envelope: Envelope, envelopeBytes: [UInt8], payloadRecord: [UInt8]?, payload: JSONValue?,
                        payloadBytes: @autoclosure () -> [UInt8]) throws {
        let seq = envelope.seq
        let seqKey = StorageKeys.seq(seq)
        try txn.put(envelopeBytes, forKey: seqKey, in: databases.events, flags: [.append])
        if let payloadRecord { try txn.put(payloadRecord, forKey: seqKey, in: databases.payloads, flags: [.append]) }
        try txn.put(seqKey, forKey: StorageKeys.stream(envelope.stream, version: envelope.streamVersion),
                    in: databases.streams, flags: [.noOverwrite])
        let effective = layout.effectiveEntry(envelope.effectiveAt, seq: seq)
        try txn.put(effective.value, forKey: effective.key, in: databases.effective)
        if try StreamKeys.record(stream: envelope.stream, version: envelope.streamVersion, seq: seq, txn: txn,
                                 databases: databases) {
            streamKeysAdded += 1
        }
        if let key = envelope.idempotencyKey {
            try txn.put(seqKey, forKey: IdempotencyKeys.entry(actor: envelope.actor, key: key), in: databases.idempotency,
                        flags: [.noOverwrite])
        }
        var id = envelope.id
        if idsAppend == nil {
            idsAppend = try txn.lastEntry(in: databases.ids).map { $0.key.lexicographicallyPrecedes(id.utf8) } ?? true
        }
        try id.withUTF8 { id in
            try seqKey.withUnsafeBytes { seqKey in
                try txn.put(seqKey, forKeyBytes: UnsafeRawBufferPointer(id), in: databases.ids,
                            flags: idsAppend == true ? [.append] : [.noOverwrite])
            }
        }
        wroteAny = true
        lastRecordedAt = envelope.recordedAt
        lastWrittenID = envelope.id
        try frontier.push(MerkleHash.leaf(envelopeBytes)) { node in
            guard layout.keepsMerkleLevel(node.level) else { return }
            try node.hash.withUnsafeBytes { hash in
                try txn.put(hash, forKey: StorageKeys.merkle(level: node.level, index: node.index),
                            in: databases.merkle, flags: [.append])
            }
        }
        if keepsGroup {
            group.append(WrittenEvent(envelope: envelope, envelopeBytes: envelopeBytes, payload: payload ?? .null,
                                      payloadBytes: payloadBytes()))
        }
    }
}

/// Where recorded time comes from: the system clock on a normal store, which never runs ahead of it; on a test
/// store also a pinned clock (`IK_NOW`). Never earlier than the last recorded time.
struct ClockPolicy {
    let isTestStore: Bool
    let path: String

    /// The recorded time of the events an append writes now.
    /// - Throws: ``StoreError/pinnedClockRefused(pinned:path:)``, ``StoreError/clockBehind(pinned:lastRecorded:)``,
    ///   ``StoreError/recordedTimeAhead(lastRecorded:now:)``.
    func recordedTime(clock: Clock, lastRecorded last: Instant?) throws -> Instant {
        if let pinned = clock.pinned {
            guard isTestStore else { throw StoreError.pinnedClockRefused(pinned: pinned, path: path) }
            if let last, pinned < last { throw StoreError.clockBehind(pinned: pinned, lastRecorded: last) }
            return max(pinned, last ?? pinned)
        }
        let now = clock.now()
        guard let last else { return now }
        if !isTestStore, last.microseconds - now.microseconds > Clock.aheadTolerance {
            throw StoreError.recordedTimeAhead(lastRecorded: last, now: now)
        }
        return max(now, last)
    }
}
