import LMDB

extension EventStore {
    /// Recomputes everything from the stored bytes: each envelope's canonical form and seq, each payload's
    /// digest, every index entry (the look-alike index `streamkeys` recomputed from `streams`), every cached
    /// Merkle node, the root, stored checkpoints and `anchors`.
    /// - Parameter progress: called now and then with (events done, events in all).
    public func verify(anchors: [Anchor] = [], progress: ((UInt64, UInt64) -> Void)? = nil) throws
        -> VerificationReport
    {
        try read { view in
            var walk = try VerificationWalk(view: view, anchors: anchors, testStore: isTestStore)
            // A normal store's recorded times come from the machine's clock: none may be ahead of it.
            if !isTestStore { walk.latestAllowed = Clock.systemNow().microseconds + Clock.aheadTolerance }
            do {
                try walk.run(progress: progress)
            } catch let error as LMDBError {
                walk.problems.append(VerificationProblem(
                    seq: walk.frontier.size + 1, check: "storage", detail: "the data file cannot be read: \(error)"))
            }
            return walk.report()
        }
    }
}

/// One pass over the log in seq order, the Merkle cache walked beside it in the same order.
struct VerificationWalk {
    let view: LogView
    let anchors: [Anchor]
    /// Events recorded after this (microseconds) are flagged: recorded in the future; `nil` on a test store.
    var latestAllowed: Int64?
    /// Whether the store's meta marks it as made for tests, the only kind that may hold pinned-clock events.
    let testStore: Bool
    var pinnedClockEvents: UInt64 = 0
    var problems: [VerificationProblem] = []
    var frontier = MerkleFrontier()
    var redacted: [UInt64] = []
    var streamVersions: [String: UInt64] = [:]
    var keyedEvents = 0
    /// The last time-ordered id seen and its seq: each is above the one before (ids of earlier releases, random,
    /// are not ordered and are passed over).
    var lastTimeOrderedID: (bytes: [UInt8], seq: UInt64)?
    var rootsAtSize: [UInt64: MerkleHash] = [:]
    var checkpoints: [Checkpoint] = []
    /// The layout as `meta` says in this transaction (an upgrade may have gone on since the store was opened).
    let layout: StoreLayout
    let limit = 1000

    init(view: LogView, anchors: [Anchor], testStore: Bool) throws {
        self.view = view
        self.anchors = anchors
        self.testStore = testStore
        layout = try StoreLayout.read(view.transaction, meta: view.databases.meta)
    }

    mutating func problem(_ seq: UInt64?, _ check: String, _ detail: String) {
        if problems.count < limit { problems.append(VerificationProblem(seq: seq, check: check, detail: detail)) }
    }

    mutating func run(progress: ((UInt64, UInt64) -> Void)?) throws {
        let databases = view.databases
        let total = try view.size
        let stored = try view.storedCheckpoints()
        checkpoints = stored.checkpoints
        for size in stored.unreadable {
            problem(nil, "checkpoint", "the stored checkpoint at size \(size) is damaged: it is not the canonical JSON "
                + "ik wrote")
        }
        let wanted = Set(checkpoints.map(\.treeSize) + anchors.map(\.treeSize))
        if wanted.contains(0) { rootsAtSize[0] = MerkleHash.emptyRoot }
        let layout = self.layout
        try view.transaction.withCursor(on: databases.merkle) { merkle in
            var cached = try merkle.next()
            /// Passes over the cached subtrees of levels an upgrade has yet to remove.
            func skipStale() throws {
                while let entry = cached, entry.key.count == 9, layout.mayHoldStaleMerkleLevel(Int(entry.key[8])) {
                    cached = try merkle.next()
                }
            }
            try view.transaction.withCursor(on: databases.events) { events in
                while let entry = try events.next() {
                    let expected = frontier.size + 1
                    let seq = entry.key.count == 8 ? try StorageKeys.readBigEndian(entry.key) : 0
                    let bytes = Array(entry.value)
                    if seq != expected {
                        problem(expected, "sequence", "expected seq \(expected) next, found key \(seq): "
                            + "an event is missing or out of place")
                    }
                    try checkEvent(seq: expected, bytes: bytes)
                    for node in frontier.push(MerkleHash.leaf(bytes)) where layout.keepsMerkleLevel(node.level) {
                        try skipStale()
                        let key = StorageKeys.merkle(level: node.level, index: node.index)
                        guard let stored = cached, stored.key.elementsEqual(key) else {
                            problem(expected, "merkle", "the cache lacks the level-\(node.level) subtree ending here")
                            continue
                        }
                        if MerkleHash(bytes: stored.value) != node.hash {
                            problem(expected, "merkle", node.level == 0
                                ? "the envelope's leaf hash differs from the cached one: the envelope was changed"
                                : "the cached level-\(node.level) subtree hash differs from the recomputed one")
                        }
                        cached = try merkle.next()
                    }
                    if wanted.contains(frontier.size) { rootsAtSize[frontier.size] = frontier.root }
                    if frontier.size % 65_536 == 0 { progress?(frontier.size, total) }
                }
            }
            try skipStale()
            if cached != nil { problem(nil, "merkle", "the cache holds subtrees beyond the last event") }
        }
        progress?(frontier.size, total)
        try checkIndexCounts()
        for found in try StreamKeys.problems(in: view, limit: limit) { problem(found.seq, found.check, found.detail) }
        try checkHead()
        try checkPublishedTimes()
    }

    /// A head published at a time lies between the recorded times of its last event and the next one: a checkpoint
    /// that names a time before its events, or an event recorded before a checkpoint that does not hold it, was
    /// back-dated (red team 6). ``Checkpoint/publicationSlack`` allows for an append that began before a checkpoint
    /// was read and committed after.
    mutating func checkPublishedTimes() throws {
        let stored = checkpoints.map { (size: $0.treeSize, time: $0.time, name: "the stored checkpoint") }
        let given = anchors.compactMap { anchor in anchor.time.map { (size: anchor.treeSize, time: $0, name: "the checkpoint given") } }
        for head in stored + given where head.size <= frontier.size {
            if head.size > 0, let last = try view.envelope(at: head.size), head.time < last.recordedAt {
                problem(head.size, "checkpoint", "\(head.name) of size \(head.size) names the time \(head.time), before "
                    + "event \(head.size) was recorded (\(last.recordedAt)): a head is never published before its events")
            }
            if head.size < frontier.size, let next = try view.envelope(at: head.size + 1),
                Checkpoint.backdates(next.recordedAt, after: head.time)
            {
                problem(head.size + 1, "clock", "recordedAt \(next.recordedAt) is before \(head.name) of size "
                    + "\(head.size), published at \(head.time) without this event: the event was back-dated")
            }
            if let latestAllowed, head.time.microseconds > latestAllowed {
                problem(nil, "checkpoint", "\(head.name) of size \(head.size) names the time \(head.time), ahead of "
                    + "this machine's clock (\(Clock.systemNow())), which a normal store never signs")
            }
        }
    }

    mutating func checkEvent(seq: UInt64, bytes: [UInt8]) throws {
        let databases = view.databases
        let envelope: Envelope
        do {
            envelope = try bytes.withUnsafeBytes { try Envelope(bytes: $0) }
        } catch {
            problem(seq, "envelope", "not a readable envelope: \(error)")
            return
        }
        if envelope.canonicalBytes != bytes {
            problem(seq, "envelope", "the stored bytes are not the envelope's canonical JSON")
        }
        if envelope.seq != seq { problem(seq, "envelope", "the envelope says seq \(envelope.seq)") }
        // The append's rules for the envelope's text, read again: text written into the file behind ik's back
        // (an invisible or control character in an actor, its leaf hash recomputed) verified (red team 9:
        // verify-and-replica-accept-forbidden-envelope-text).
        let text = EventDraft(type: envelope.type, stream: envelope.stream, effectiveAt: envelope.effectiveAt,
                              actor: envelope.actor, idempotencyKey: envelope.idempotencyKey, payload: .null)
        for found in EnvelopeText.problems(of: text, index: 0) {
            problem(seq, "envelope text", "\(found.path): \(found.value) — \(found.rule)")
        }
        if seq > 1, let previous = try? view.envelope(at: seq - 1), envelope.recordedAt < previous.recordedAt {
            problem(seq, "envelope", "recordedAt \(envelope.recordedAt) is earlier than the event before")
        }
        if let latestAllowed, envelope.recordedAt.microseconds > latestAllowed {
            problem(seq, "clock", "recordedAt \(envelope.recordedAt) is in the future: ahead of this machine's clock "
                + "(\(Clock.systemNow())), which a normal store never records")
        }
        if envelope.pinnedClock {
            pinnedClockEvents += 1
            if !testStore {
                problem(seq, "clock", "recorded with a pinned clock (IK_NOW): its recordedAt \(envelope.recordedAt) was "
                    + "chosen, which only a store made for tests (ik init --test) allows, and this store is not marked as one")
            }
        }
        let payload = try view.withStoredPayload(at: seq) { salt, bytes -> (MerkleHash, Bool) in
            let canonical = (try? JSONParser.parse(bytes)).map { CanonicalJSON.encode($0).elementsEqual(bytes) }
            return (PayloadRecord.digest(salt: salt, json: bytes), canonical ?? false)
        }
        if let (digest, canonical) = payload {
            if digest != envelope.payloadDigest {
                problem(seq, "payload", "its SHA-256 (with its salt) differs from the envelope's payloadDigest: the payload was changed")
            } else if !canonical {
                problem(seq, "payload", "the stored payload is not canonical JSON")
            }
        } else if let redacting = try view.redaction(of: seq) {
            if let reason = try view.redactionProblem(of: envelope, by: redacting) {
                problem(seq, "payload", "the payload is missing and \(reason)")
            } else {
                redacted.append(seq)
            }
        } else {
            problem(seq, "payload", "the payload is missing and no redaction is recorded for it")
        }
        let version = streamVersions[envelope.stream, default: 0] + 1
        streamVersions[envelope.stream] = version
        if envelope.streamVersion != version {
            problem(seq, "streams", "stream \(envelope.stream) should be at version \(version), "
                + "the envelope says \(envelope.streamVersion)")
        }
        let streamEntry = try view.transaction.withValue(
            forKey: StorageKeys.stream(envelope.stream, version: envelope.streamVersion), in: databases.streams
        ) { $0.count == 8 ? try StorageKeys.readBigEndian($0) : 0 }
        if streamEntry != seq {
            problem(seq, "streams", "the index entry for \(envelope.stream) version \(envelope.streamVersion) "
                + (streamEntry.map { "points to seq \($0)" } ?? "is missing"))
        }
        // Mid-upgrade, an entry may still be in the first layout.
        let effective = layout.effectiveEntry(envelope.effectiveAt, seq: seq)
        let dayKey = StorageKeys.effective(envelope.effectiveAt, seq: seq)
        let found = try view.transaction.copyValue(forKey: effective.key, in: databases.effective) == effective.value
        let foundDay = try layout.upgrading && view.transaction.copyValue(forKey: dayKey, in: databases.effective) == []
        if !found && !foundDay {
            problem(seq, "effective", "the index entry for \(envelope.effectiveAt) is missing")
        }
        if try view.seq(forEventID: envelope.id) != seq {
            problem(seq, "ids", "the index entry for event id \(envelope.id) is missing or points elsewhere")
        }
        if let id = EventID.timeOrdered(envelope.id) {
            if let last = lastTimeOrderedID, !last.bytes.lexicographicallyPrecedes(id) {
                problem(seq, "ids", "event id \(envelope.id) is not above the id of seq \(last.seq): ids only rise")
            }
            lastTimeOrderedID = (id, seq)
        }
        if let key = envelope.idempotencyKey {
            keyedEvents += 1
            // The entry the append looks up (a bare one only where the store may hold bare ones).
            let entry = try view.idempotencyEntry(IdempotencyKeys.entry(actor: envelope.actor, key: key))
                ?? (databases.idempotencyScopedOnly ? nil : view.idempotencyEntry(IdempotencyKeys.legacyEntry(key: key)))
            if entry != seq {
                problem(seq, "idempotency", "the entry for key \"\(key)\" "
                    + (entry.map { "points to seq \($0)" } ?? "is missing"))
            }
        }
    }

    /// Why the redaction entry pointing at `redacting` does not account for the missing payload of `envelope`,
    /// or `nil` when it does: a later event of the same stream, of type PayloadRedacted, whose payload names
    /// this event. The redaction entry alone is not trusted: anyone with LMDB could write one.
    /// The head cached in `meta` against the head recomputed from the stored bytes (a store of the first format has
    /// none).
    mutating func checkHead() throws {
        guard let stored = try view.transaction.copyValue(forKey: LogHead.key, in: view.databases.meta) else {
            // A store nothing was ever appended to has no head yet: the first append writes it (red team 5: a fresh
            // store, or a replica whose first poll alarmed, was reported as damaged).
            if layout != .first && frontier.size > 0 {
                problem(nil, "head", "the head of the log is not cached in meta; an append would read it from the log")
            }
            return
        }
        let last = frontier.size == 0 ? nil : try view.envelope(at: frontier.size)
        let recomputed = LogHead(size: frontier.size, lastRecordedAt: last?.recordedAt,
                                 lastID: last.flatMap { EventID.timeOrdered($0.id) }, frontier: frontier)
        let cached = stored.withUnsafeBytes { LogHead(bytes: $0) }
        if cached != recomputed {
            problem(frontier.size == 0 ? nil : frontier.size, "head", "the head cached in meta ("
                + (cached.map { "size \($0.size), last recorded \($0.lastRecordedAt?.description ?? "none")" } ?? "unreadable")
                + ") differs from the log's (size \(frontier.size), last recorded \(last?.recordedAt.description ?? "none"))")
        }
    }

    mutating func checkIndexCounts() throws {
        let databases = view.databases
        let size = frontier.size
        let txn = view.transaction
        let streams = try txn.statistics(of: databases.streams).entries
        if streams != Int(size) { problem(nil, "streams", "\(streams) index entries for \(size) events") }
        let effective = try txn.statistics(of: databases.effective).entries
        if effective != Int(size) { problem(nil, "effective", "\(effective) index entries for \(size) events") }
        let ids = try txn.statistics(of: databases.ids).entries
        if ids != Int(size) { problem(nil, "ids", "\(ids) index entries for \(size) events") }
        let keys = try txn.statistics(of: databases.idempotency).entries
        if keys != keyedEvents { problem(nil, "idempotency", "\(keys) entries for \(keyedEvents) keyed events") }
        let payloads = try txn.statistics(of: databases.payloads).entries
        if payloads + redacted.count != Int(size) {
            problem(nil, "payload", "\(payloads) payloads and \(redacted.count) redactions for \(size) events")
        }
    }

    func report() -> VerificationReport {
        var all = problems
        for checkpoint in checkpoints {
            let recomputed = rootsAtSize[checkpoint.treeSize]
            if checkpoint.treeSize > frontier.size {
                all.append(VerificationProblem(seq: frontier.size + 1, check: "checkpoint",
                    detail: "a stored checkpoint has size \(checkpoint.treeSize), but the log has \(frontier.size) events"))
            } else if recomputed != checkpoint.root {
                all.append(VerificationProblem(seq: nil, check: "checkpoint",
                    detail: "the stored checkpoint \(checkpoint.treeSize):\(checkpoint.root.hex) does not match the "
                        + "recomputed root \(recomputed?.hex ?? "?")"))
            }
        }
        for anchor in anchors {
            if anchor.treeSize > frontier.size {
                all.append(VerificationProblem(seq: nil, check: "anchor",
                    detail: "the anchor has size \(anchor.treeSize), but the log has only \(frontier.size) events"))
            } else if rootsAtSize[anchor.treeSize] != anchor.root {
                all.append(VerificationProblem(seq: nil, check: "anchor",
                    detail: "the log's first \(anchor.treeSize) events have root "
                        + "\(rootsAtSize[anchor.treeSize]?.hex ?? "?"), not the anchor's \(anchor.root.hex)"))
            }
        }
        return VerificationReport(
            treeSize: frontier.size, root: frontier.root, problems: all, redactedSeqs: redacted,
            checkpointsChecked: checkpoints.count, anchorsChecked: anchors.count, pinnedClockEvents: pinnedClockEvents)
    }
}
