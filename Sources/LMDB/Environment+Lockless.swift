import CLMDB
import Foundation
import Synchronization

/// A read without LMDB's lock (``Environment/isLockless``: the reader may read the store but not write its lock
/// file) is invisible to writers, so a writer that commits meanwhile may reuse the pages the read is walking:
/// the read then sees bytes of another tree, which look like damage. ``Environment/read(_:)`` tells the two
/// apart by the environment's last transaction id, re-read from the meta pages in the map before and after each
/// read: when it moved, the read may have seen reused pages and is run again; when it keeps moving, the read
/// fails with this error, never with a false report of damage.
public struct LocklessReadConflict: Error, Sendable, CustomStringConvertible {
    /// How often a read is tried before it gives up.
    static let attempts = 5

    /// The environment's directory.
    public let path: String
    /// How many attempts a writer spoiled.
    public let attempts: Int

    public var description: String {
        "the store \(path) is busy: it was written \(attempts == 1 ? "while" : "each time") it was read without "
            + "its lock\nYou may read the store but not write its lock file, so a writer can reuse the pages a read "
            + "is using. Read a replica or a backup (ik backup), retry when no one appends, or get write access to "
            + "\(path)/lock.mdb."
    }
}

extension Environment {
    /// Runs `body` once, in any mode: for reads with effects outside the transaction (output written as it is
    /// read), which must not be repeated. Without the lock it throws ``LocklessReadConflict`` when a writer
    /// committed during the read, even if `body` finished.
    public func readOnce<T>(_ body: (ReadTransaction) throws -> T) throws -> T {
        if isLockless { return try readWatchingForWriters(attempts: 1, body) }
        return try readSnapshot(body)
    }

    func readWatchingForWriters<T>(attempts: Int, _ body: (ReadTransaction) throws -> T) throws -> T {
        for attempt in 0..<attempts {
            // A back-off that grows, to fall between a busy writer's commits.
            if attempt > 0 { usleep(UInt32(20_000 << (attempt - 1))) }
            let before = try lastCommittedTransaction()
            LocklessWatch.readStarted(at: before)
            defer { LocklessWatch.readEnded() }
            let result: T
            do {
                result = try readSnapshot(body)
            } catch {
                // An error of a read a writer spoiled says nothing about the store: try again.
                if try lastCommittedTransaction() != before { continue }
                throw error
            }
            if try lastCommittedTransaction() == before { return result }
        }
        throw LocklessReadConflict(path: path, attempts: attempts)
    }

    /// Gives a fatal-signal handler what it needs to tell a spoiled read from damage (``LocklessWatch``).
    func watchForWriters() throws(LMDBError) {
        var fd: Int32 = -1
        try check(mdb_env_get_fd(handle, &fd), "mdb_env_get_fd")
        var stat = MDB_stat()
        try check(mdb_env_stat(handle, &stat), "mdb_env_stat")
        LocklessWatch.watch(dataFile: fd, pageSize: Int(stat.ms_psize))
    }
}

/// What a fatal-signal handler may consult (atomics and pread(2) only, all async-signal-safe): a read without the
/// lock that crashes (SIGSEGV, SIGBUS) on a page a writer reused is a busy store, not a damaged one.
public enum LocklessWatch {
    private static let dataFile = Atomic<Int32>(-1)
    private static let pageSize = Atomic<Int>(0)
    /// The last committed transaction when the current lockless read began; -1 when none is running.
    private static let readStart = Atomic<Int>(-1)

    static func watch(dataFile fd: Int32, pageSize size: Int) {
        pageSize.store(size, ordering: .relaxed)
        dataFile.store(fd, ordering: .releasing)
    }

    static func readStarted(at transaction: Int) { readStart.store(transaction, ordering: .releasing) }

    static func readEnded() { readStart.store(-1, ordering: .releasing) }

    /// Whether a lockless read is running and a writer has committed since it began. Async-signal-safe.
    public static func writerCommittedDuringRead() -> Bool {
        let start = readStart.load(ordering: .acquiring)
        let fd = dataFile.load(ordering: .acquiring)
        let size = pageSize.load(ordering: .relaxed)
        guard start >= 0, fd >= 0, size > 0 else { return false }
        // mm_txnid of each meta page: the page header (16 bytes), then magic, version, address, map size and two
        // MDB_db records (24 + 96 bytes) and the last page number (8) precede it.
        var newest = 0
        for page in 0..<2 {
            var txnid = 0
            let read = withUnsafeMutableBytes(of: &txnid) { pread(fd, $0.baseAddress, 8, off_t(page * size + 144)) }
            if read == 8 { newest = max(newest, txnid) }
        }
        return newest != start
    }
}
