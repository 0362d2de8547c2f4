import EventLog

/// Keeps the store's projection caches in step with the log when it is opened to write.
public enum FoldUpkeep {
    /// The names of the JSON snapshots earlier releases kept (they held payload text, and nothing reads them now).
    public static let legacySnapshotPrefix = "ledger."

    /// Removes what earlier releases cached and brings the fold records up to the head of the log (all of them
    /// for a store written before there were any; with `rebuild`, again from the first event).
    /// - Returns: the seq the records reach.
    @discardableResult
    public static func update(_ store: EventStore, rebuild: Bool = false) throws -> UInt64 {
        let legacy = try store.read { try !$0.snapshotNames(withPrefix: legacySnapshotPrefix).isEmpty }
        if legacy { try store.removeSnapshots(withPrefix: legacySnapshotPrefix) }
        return try StoredRecords.update(store, rebuild: rebuild)
    }
}
