import LMDB

extension EventStore {
    /// The event that records a replica becoming the writer: payload `{"leader": URL, "treeSize": N, "root": hex}`,
    /// the leader it followed and the head it took over; stream ``promotionStream``.
    public static let promotionEventType = "ReplicaPromoted"
    public static let promotionStream = "replica-promotion"

    /// Makes this replica the writer: in one write transaction the replica mark goes and a ``promotionEventType``
    /// event records the leader and the head taken over (the replica's head: every event it verified), as `actor` and
    /// how it was established (`via`, ``EventVia``).
    /// - Throws: ``ReplicaError/notAReplica(path:)`` for a store that is not a replica (nothing written).
    public func promote(actor: String, via: String?, clock: Clock = .system) throws -> (leader: String, treeSize: UInt64, root: MerkleHash,
                                                                         outcome: AppendOutcome) {
        try writeAgainWhenMapGrown { txn in
            guard let leader = try Self.leader(in: txn, databases: databases) else { throw ReplicaError.notAReplica(path: path) }
            let head = try LogView(transaction: txn, databases: databases).head()
            _ = try txn.delete(key: Self.replicaKey, in: databases.meta)
            let draft = EventDraft(
                type: Self.promotionEventType, stream: Self.promotionStream, effectiveAt: Stockholm.today(clock), actor: actor,
                payload: ["leader": .string(leader), "treeSize": .integer(Int64(head.size)),
                          "root": .string(head.frontier.root.hex)], via: via)
            let run = AppendRun(clock: clock, dryRun: false, check: nil, problemLimit: .max, listsEvents: true,
                                groupSize: .max, also: nil)
            switch try run.execute(in: txn, store: self, next: { $0 == 0 ? .draft(draft) : nil }) {
            case .commit(let outcome): return .commit((leader, head.size, head.frontier.root, outcome))
            case .rollback(let outcome): return .rollback((leader, head.size, head.frontier.root, outcome))
            }
        }
    }
}
