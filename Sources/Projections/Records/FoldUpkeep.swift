import EventLog

/// Keeps the store's projection caches in step with the log after a write.
public enum FoldUpkeep {
    /// The names of the JSON snapshots earlier releases kept (they held payload text, and nothing reads them now).
    public static let legacySnapshotPrefix = "ledger."

    /// Removes what earlier releases cached, and returns the log's size: the seq the caches now answer for.
    @discardableResult
    public static func update(_ store: EventStore) throws -> UInt64 {
        let legacy = try store.read { try !$0.snapshotNames(withPrefix: legacySnapshotPrefix).isEmpty }
        if legacy { try store.removeSnapshots(withPrefix: legacySnapshotPrefix) }
        return try store.read { try $0.size }
    }
}
