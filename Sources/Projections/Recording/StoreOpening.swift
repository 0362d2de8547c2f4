import EventLog
#if canImport(Glibc)
import Glibc
#endif

/// How every program opens a store: the one place that says what runs in an append's transaction (the append hook),
/// for the command line and the server alike.
public enum StoreOpening {
    /// What runs in every append's transaction: the fold records are written with the events.
    public static let appendHook: AppendHook? = StoredRecords.hook

    /// The options every open uses; a writer waits at most `writerWait` seconds for another.
    public static func options(readOnly: Bool, writerWait: Double = 30) -> EventStore.Options {
        EventStore.Options(readOnly: readOnly, writerWait: writerWait, appendHook: appendHook)
    }

    /// Opens the store at `path` for reading only, so users without write access can read it.
    public static func openForReading(at path: String) throws -> EventStore {
        try EventStore(openingAt: path, options: options(readOnly: true))
    }

    /// Opens the store at `path` for writing; completes a scrub a redaction left pending, unless `finishingScrub`
    /// is false.
    /// - Throws: ``StoreError/permissionDenied(path:reason:)`` when the directory is not writable, or the store's
    ///   errors of opening.
    public static func openForWriting(at path: String, writerWait: Double = 30, finishingScrub: Bool = true) throws
        -> EventStore
    {
        if access(path, W_OK) != 0 && EventStore.exists(at: path) {
            throw StoreError.permissionDenied(path: path, reason: "the directory is not writable by this user")
        }
        let store = try EventStore(openingAt: path, options: options(readOnly: false, writerWait: writerWait))
        // A store written before the fold records (or with records of another version) gets them now, once. Best
        // effort: until they are there, queries fold from the log itself, with the same answers.
        _ = try? FoldUpkeep.update(store)
        // A redaction whose old bytes a reader held: the first writer after that reader completes the scrub.
        // Best effort, without waiting: the caller's own work goes on, and ik verify says if it is still pending.
        if finishingScrub, (try? store.pendingScrub()) != nil { _ = try? store.finishScrub() }
        return store
    }
}
