import LMDB

/// A replica: a store that holds a copy of a leader's log, event for event the same bytes (ids, seqs, stream versions,
/// recorded times, digests, salts, payloads, redactions), written only by ``EventStore/appendReplicated(_:proving:)``.
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

    /// Appends the leader's `events`, which must continue this replica's log, in one write transaction, and commits
    /// only when every event passes `verify`'s checks and `proving` accepts the new head (size and root): it checks
    /// the leader's proof that this head is a prefix of (or is) the leader's signed one.
    /// - Throws: ``ReplicaError`` (nothing written), or a storage error.
    @discardableResult
    public func appendReplicated(_ events: [ReplicatedEvent], proving: (UInt64, MerkleHash) throws -> Void) throws
        -> (size: UInt64, root: MerkleHash)
    {
        try writeAgainWhenMapGrown { txn in
            guard try Self.leader(in: txn, databases: databases) != nil else { throw ReplicaError.notAReplica(path: path) }
            try StreamKeys.catchUp(txn: txn, databases: databases)
            let view = LogView(transaction: txn, databases: databases)
            let head = try view.head()
            guard let first = events.first else {
                try proving(head.size, head.frontier.root)
                return .rollback((head.size, head.frontier.root))
            }
            var versions: [String: UInt64] = [:]
            for (offset, event) in events.enumerated() {
                guard event.envelope.seq == head.size + 1 + UInt64(offset) else {
                    throw ReplicaError.notContiguous(expected: head.size + 1 + UInt64(offset), found: event.envelope.seq)
                }
                if versions[event.envelope.stream] == nil {
                    versions[event.envelope.stream] = try view.streamVersion(event.envelope.stream)
                }
            }
            var writer = try LogWriter(txn: txn, databases: databases, head: head, recordedAt: first.envelope.recordedAt,
                                       pinnedClock: false, keepsGroup: appendHook != nil)
            for event in events {
                try writer.store(event.envelope, envelopeBytes: event.envelopeBytes, payloadRecord: event.payloadRecord,
                                 payload: event.payload, payloadBytes: event.payloadBytes)
            }
            try recordRedactions(in: events, txn: txn)
            for event in events where event.payload == nil {
                guard try view.redaction(of: event.envelope.seq) != nil else {
                    throw ReplicaError.redactedAfterHead(seq: event.envelope.seq)
                }
            }
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
    /// target's payload goes (when this replica still holds it) and the redaction is recorded.
    func recordRedactions(in events: [ReplicatedEvent], txn: WriteTransaction) throws {
        let view = LogView(transaction: txn, databases: databases)
        for event in events where event.envelope.type == Self.redactionEventType {
            guard let id = event.payload?["targetId"]?.stringValue, let target = try view.seq(forEventID: id),
                target < event.envelope.seq
            else { continue }  // verify names what is wrong with it
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
