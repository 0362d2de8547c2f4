import LMDB

/// A replica: a store that holds a copy of a leader's log, event for event the same bytes (ids, seqs, stream versions,
/// recorded times, digests, salts, payloads, redactions), written only by ``EventStore/appendReplicated(through:chunks:checkingRedactions:proving:)``.
/// `meta["replicaOf"]` names the leader; ordinary appends refuse such a store until ``EventStore/promote(clock:)``.
extension EventStore {
    static let replicaKey = Array("replicaOf".utf8)

    /// The leader this store is a replica of (its URL), or `nil` for a writer's store.
    public func leader() throws -> String? {
        try read { try Self.leader(in: $0.transaction, databases: $0.databases) }
    }

    static func leader(in txn: any Transaction, databases: StoreDatabases) throws -> String? {
        try txn.copyValue(forKey: replicaKey, in: databases.meta).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Marks this store, empty or already a replica of `leader`, as a replica of `leader`.
    /// - Throws: ``ReplicaError/notAReplica(path:)`` for a store that holds events and is not a replica.
    public func markReplica(of leader: String) throws {
        try writeAgainWhenMapGrown { txn in
            let view = LogView(transaction: txn, databases: databases)
            if try Self.leader(in: txn, databases: databases) == nil, try view.size > 0 {
                throw ReplicaError.notAReplica(path: path)
            }
            try txn.put(Array(leader.utf8), forKey: Self.replicaKey, in: databases.meta)
            return .commit
        }
    }

    /// Appends the leader's events, which must continue this replica's log, in one write transaction, and commits
    /// only when every event passes `verify`'s checks and `proving` accepts the new head (size and root): it checks
    /// the leader's proof that this head is a prefix of (or is) the leader's signed one.
    ///
    /// `next(after)` gives the leader's events after seq `after` (one chunk). A payload-less line is committed only
    /// together with the `PayloadRedacted` that accounts for it, so every commit verifies on its own: while a line
    /// copied in this transaction has none yet and the log is short of `last` (the leader's signed head), the next
    /// chunk goes into the same transaction (red team 6: a redaction more than a chunk after its target).
    /// - Throws: ``ReplicaError`` (nothing written): ``ReplicaError/redactedAfterHead(seq:)`` when a payload is
    ///   missing and no redaction of it lies up to `last`; ``ReplicaError/redactionRefused(seq:target:problems:)`` when
    ///   a redaction whose target's payload this replica still holds fails `checkingRedactions` against it, as it
    ///   would at the leader's append; or a storage error, or what `next` or `proving` throw.
    @discardableResult
    public func appendReplicated(through last: UInt64, chunks next: (_ after: UInt64) throws -> [ReplicatedEvent],
                                 checkingRedactions check: RedactionCheck? = nil,
                                 proving: (UInt64, MerkleHash) throws -> Void) throws -> (size: UInt64, root: MerkleHash)
    {
        try writeAgainWhenMapGrown { txn in
            guard try Self.leader(in: txn, databases: databases) != nil else { throw ReplicaError.notAReplica(path: path) }
            try StreamKeys.catchUp(txn: txn, databases: databases)
            let view = LogView(transaction: txn, databases: databases)
            let head = try view.head()
            var events = head.size < last ? try next(head.size) : []
            guard let first = events.first else {
                try proving(head.size, head.frontier.root)
                return .rollback((head.size, head.frontier.root))
            }
            var versions: [String: UInt64] = [:]
            var writer = try LogWriter(txn: txn, databases: databases, head: head, recordedAt: first.envelope.recordedAt,
                                       pinnedClock: false, keepsGroup: appendHook != nil)
            var unaccounted: [UInt64] = []
            while true {
                for (offset, event) in events.enumerated() {
                    let expected = writer.frontier.size + 1 + UInt64(offset)
                    guard event.envelope.seq == expected else {
                        throw ReplicaError.notContiguous(expected: expected, found: event.envelope.seq)
                    }
                    // Read before this chunk is stored: a stream met first here has nothing in this transaction yet.
                    if versions[event.envelope.stream] == nil {
                        versions[event.envelope.stream] = try view.streamVersion(event.envelope.stream)
                    }
                }
                for event in events {
                    try writer.store(event.envelope, envelopeBytes: event.envelopeBytes, payloadRecord: event.payloadRecord,
                                     payload: event.payload, payloadBytes: event.payloadBytes)
                }
                try recordRedactions(in: events, txn: txn, check: check)
                unaccounted += events.filter { $0.payload == nil }.map(\.envelope.seq)
                unaccounted = try unaccounted.filter { try view.redaction(of: $0) == nil }
                guard !unaccounted.isEmpty, writer.frontier.size < last else { break }
                events = try next(writer.frontier.size)
                if events.isEmpty { break }
            }
            if let seq = unaccounted.first { throw ReplicaError.redactedAfterHead(seq: seq) }
            if let hook = appendHook, !writer.group.isEmpty {
                try hook.body(AppendedGroup(events: writer.group), DerivedStore(transaction: txn, databases: databases))
            }
            try writer.finish()
            var walk = try VerificationWalk(view: view, anchors: [], testStore: isTestStore)
            if !isTestStore { walk.latestAllowed = Clock.systemNow().microseconds + Clock.aheadTolerance }
            try walk.checkAppended(from: first.envelope.seq, frontier: head.frontier, streamVersions: versions)
            guard walk.problems.isEmpty else { throw ReplicaError.refused(walk.problems) }
            try proving(writer.frontier.size, writer.frontier.root)
            return .commit((writer.frontier.size, writer.frontier.root))
        }
    }

    /// What ``redact(_:clock:check:snapshotPrefix:)`` does to a target, for each redaction among `events`: the
    /// target's payload goes (when this replica still holds it, after `check` passed against it) and the redaction is
    /// recorded.
    func recordRedactions(in events: [ReplicatedEvent], txn: WriteTransaction, check: RedactionCheck?) throws {
        let view = LogView(transaction: txn, databases: databases)
        for event in events where event.envelope.type == Self.redactionEventType {
            guard let redaction = event.payload, let id = redaction["targetId"]?.stringValue,
                let target = try view.seq(forEventID: id), target < event.envelope.seq
            else { continue }  // verify names what is wrong with it
            guard let envelope = try view.envelope(at: target) else { continue }
            // Verify's rule (LogView.redactionProblem): a redaction is of its target's stream. Deleting the payload
            // for one that is not would commit what this replica's own verify then refuses (red team 6:
            // follower-commits-what-verify-refuses).
            guard envelope.stream == event.envelope.stream else {
                throw ReplicaError.redactionRefused(seq: event.envelope.seq, target: target, problems: [
                    "stream: the PayloadRedacted is of stream \(event.envelope.stream), its target of stream "
                        + "\(envelope.stream); a redaction is of its target's stream",
                ])
            }
            if let check,
                case .matches(let payload) = try view.withPayload(at: target, matching: envelope.payloadDigest, {
                    try JSONParser.parse($0)
                })
            {
                let problems = try check.body(envelope, payload, redaction, view)
                if !problems.isEmpty {
                    throw ReplicaError.redactionRefused(seq: event.envelope.seq, target: target, problems: problems)
                }
            }
            let key = StorageKeys.seq(target)
            if try txn.delete(key: key, in: databases.payloads),
                try txn.copyValue(forKey: Self.scrubPendingKey, in: databases.meta) == nil
            {
                try txn.put(Array(String(event.envelope.seq).utf8), forKey: Self.scrubPendingKey, in: databases.meta)
            }
            try txn.put(StorageKeys.seq(event.envelope.seq), forKey: key, in: databases.redactions)
        }
    }
}
