import EventLog
import Foundation

/// The access ledger read at the store's last commit, kept while no process commits: a token or session check then
/// folds no events and opens no read transaction, so a flood of requests costs the store nothing. The key is LMDB's
/// last committed transaction id, which every commit of any process changes (an append, a redaction, `ik user` at the
/// command line, a follower's copy), so a revocation, a demotion or a new password holds from the next request on.
final class AccessLedgerCache: @unchecked Sendable {
    // @unchecked: `entry` and `foldCount` are only touched under `lock`.
    private let lock = NSLock()
    /// Held while the ledger is read, so that the checks that find a commit since wait for one read, not make many.
    private let reading = NSLock()
    private var entry: Entry?
    private var foldCount = 0

    /// What the log says of accounts at a commit.
    struct Entry: Sendable {
        /// The last committed transaction when it was read: the ledger holds at least every commit up to it.
        let transaction: Int
        let ledger: AccessLedger
        /// The store's leader when it is a replica (``EventStore/leader()``).
        let leader: String?
    }

    /// The ledger of `store` as of its last commit: the kept one while that commit is the one it was read at.
    func entry(of store: EventStore) throws -> Entry {
        let transaction = try store.lastCommittedTransaction()
        if let kept = kept(at: transaction) { return kept }
        reading.lock()
        defer { reading.unlock() }
        if let kept = kept(at: transaction) { return kept }
        // Kept under the id of the snapshot read, never the id taken above (red team 7: revoked-token-kept-after-
        // commit-race): LMDB shows a commit's id in its meta page before it gives that commit to new readers, so a
        // read in that moment sees the commit before. Kept under the older id, it is read again at the next check.
        let (ledger, snapshot) = try store.read { view in (try AccessLedger.read(from: view), view.snapshotID) }
        let fresh = Entry(transaction: snapshot, ledger: ledger, leader: try store.leader())
        lock.withLock {
            foldCount += 1
            if (entry?.transaction ?? -1) < snapshot { entry = fresh }
        }
        return fresh
    }

    /// The kept entry when `transaction` is still the last commit; `nil` when it must be read again.
    func kept(at transaction: Int) -> Entry? {
        lock.withLock { entry.flatMap { $0.transaction == transaction ? $0 : nil } }
    }

    /// How many times the ledger was read from the store (for tests).
    var folds: Int { lock.withLock { foldCount } }
}
