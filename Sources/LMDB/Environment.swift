import CLMDB
#if canImport(Glibc)
import Glibc
#endif

/// An LMDB environment: one directory holding `data.mdb` and `lock.mdb`, with its named databases.
///
/// Transactions are closure-scoped: ``read(_:)`` and ``write(waitingAtMost:_:)`` open one, run the closure and end
/// it. A write's closure says whether to commit or roll back (GRDB's `inTransaction`); nothing runs a closure
/// twice. When the map is full the transaction is aborted, the map grown, and the error thrown to the caller,
/// who may run the transaction again (``LMDBError/mapGrownTo``).
public final class Environment: @unchecked Sendable {
    // @unchecked: the environment is opened with MDB_NOTLS, so LMDB allows its handle to be used from any
    // thread; the only mutable state, the map size, changes only under the exclusive side of `gate`.
    let handle: OpaquePointer
    private let gate = TransactionGate()
    /// Taken before every write transaction (writable environments only).
    private let writerLock: WriterLock?
    /// The directory of the environment.
    public let path: String
    /// The options it was opened with.
    public let options: EnvironmentOptions
    /// True when the lock file could not be opened and the environment was opened with `MDB_NOLOCK`:
    /// reads are then only safe while no other process writes (read-only media, a copy).
    public let isLockless: Bool
    private var mapSize: Int

    /// Opens (and with a writable environment, creates) the environment in the existing directory `path`.
    /// - Throws: ``LMDBError`` naming the failed call, for example `mdb_env_open` with `EACCES`.
    public init(path: String, options: EnvironmentOptions = EnvironmentOptions()) throws(LMDBError) {
        self.path = path
        self.options = options
        var flags = UInt32(MDB_NOTLS)
        if options.readOnly { flags |= UInt32(MDB_RDONLY) }
        do {
            handle = try Environment.open(path: path, options: options, flags: flags)
            isLockless = false
        } catch let error where options.readOnly && error.isPermissionDenied {
            // The lock file is not ours to write (another user's store, read-only media): read without it.
            handle = try Environment.open(path: path, options: options, flags: flags | UInt32(MDB_NOLOCK))
            isLockless = true
        }
        mapSize = try Environment.envInfo(handle).me_mapsize
        do {
            writerLock = options.readOnly ? nil : try WriterLock(directory: path)
        } catch {
            mdb_env_close(handle)
            throw error
        }
        if !isLockless {
            var dead: Int32 = 0
            try check(mdb_reader_check(handle, &dead), "mdb_reader_check")
        } else {
            try watchForWriters()
        }
    }

    private static func open(path: String, options: EnvironmentOptions, flags: UInt32) throws(LMDBError)
        -> OpaquePointer
    {
        if flags & UInt32(MDB_NOLOCK) == 0 { try narrowLockFile(in: path) }
        var env: OpaquePointer?
        try check(mdb_env_create(&env), "mdb_env_create")
        guard let env else { throw LMDBError(MDB_PANIC, in: "mdb_env_create") }
        do throws(LMDBError) {
            try check(mdb_env_set_maxdbs(env, options.maxDatabases), "mdb_env_set_maxdbs")
            try check(mdb_env_set_maxreaders(env, options.maxReaders), "mdb_env_set_maxreaders")
            try check(mdb_env_set_mapsize(env, options.mapSize), "mdb_env_set_mapsize")
            try check(mdb_env_open(env, path, flags, mdb_mode_t(options.fileMode)), "mdb_env_open")
        } catch {
            mdb_env_close(env)
            throw error
        }
        return env
    }

    /// Makes `lock.mdb` the owner's alone (0600) before LMDB opens it, whatever mode the data file has (red team 7:
    /// group-reader-locks-out-every-writer): whoever may open it can hold a shared fcntl lock over it, and every
    /// process that then begins a transaction fails (LMDB marks its readers with write locks there). A read needs
    /// no lock file: one who may not write it reads without it. An older store's wider file is narrowed here when
    /// its owner opens it; anyone else or read-only media leave it as it is.
    private static func narrowLockFile(in directory: String) throws(LMDBError) {
        let path = directory + "/lock.mdb"
        let opened = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode_t(0o600))
        // Not ours to make or open (`EACCES`, `EROFS`), or no directory: LMDB's own open then says what it finds.
        guard opened >= 0 else { return }
        defer { close(opened) }
        if fchmod(opened, 0o600) != 0 && errno != EPERM {
            throw LMDBError(errno, in: "fchmod(lock.mdb)")
        }
    }

    deinit {
        mdb_env_close(handle)
    }

    /// The current size of the memory map in bytes.
    public var currentMapSize: Int {
        gate.lockShared()
        defer { gate.unlock() }
        return mapSize
    }

    /// Runs `body` in a read transaction: a consistent snapshot that never blocks the writer.
    /// Keep it short: a long read holds old pages from reuse. Without the lock (``isLockless``) a writer may
    /// reuse those pages meanwhile: the read is then run again, and fails with ``LocklessReadConflict`` when it
    /// never finds a quiet moment; `body` must have no effect outside the transaction (else use ``readOnce(_:)``).
    public func read<T>(_ body: (ReadTransaction) throws -> T) throws -> T {
        if isLockless { return try readWatchingForWriters(attempts: LocklessReadConflict.attempts, body) }
        return try readSnapshot(body)
    }

    /// Runs `body` in a scratch transaction: a ``WriteTransaction`` over a read snapshot whose writes are held in
    /// memory, seen by its own reads, and dropped when `body` returns. It never takes the writer lock, so it neither
    /// waits for a writer nor holds one up: for checking what a write would do (a dry run). Its memory grows with
    /// what it writes. Like ``read(_:)``, `body` may run again without the lock: it must have no effect outside.
    public func scratch<T>(_ body: (WriteTransaction) throws -> T) throws -> T {
        try read { txn in try body(WriteTransaction(handle: txn.handle, scratch: ScratchOverlay())) }
    }

    /// One read transaction, whatever the lock.
    func readSnapshot<T>(_ body: (ReadTransaction) throws -> T) throws -> T {
        var resized = false
        while true {
            gate.lockShared()
            var txn: OpaquePointer?
            let rc = mdb_txn_begin(handle, nil, UInt32(MDB_RDONLY), &txn)
            if rc == MDB_MAP_RESIZED, !resized {
                gate.unlock()
                try adoptMapSizeOfOtherProcess()
                resized = true
                continue
            }
            if rc == MDB_READERS_FULL, !resized, !isLockless {
                gate.unlock()
                var dead: Int32 = 0
                try check(mdb_reader_check(handle, &dead), "mdb_reader_check")
                resized = true
                continue
            }
            defer { gate.unlock() }
            try check(rc, "mdb_txn_begin")
            guard let txn else { throw LMDBError(MDB_PANIC, in: "mdb_txn_begin") }
            let transaction = ReadTransaction(handle: txn)
            do {
                let result = try body(transaction)
                // Commit, not abort: database handles opened in a read transaction survive only a commit.
                try transaction.commit()
                return result
            } catch {
                transaction.abortIfOpen()
                throw error
            }
        }
    }

    /// Runs `body` in the write transaction and ends it as `body` says: ``WriteCompletion/commit(_:)`` or
    /// ``WriteCompletion/rollback(_:)``; when `body` throws, the transaction is aborted and the error rethrown.
    ///
    /// One writer at a time across all processes: the writer lock is taken first, waiting at most `timeout`
    /// seconds (default ``EnvironmentOptions/writerWait``; `.infinity` waits as long as it takes). Do not call
    /// this from inside another transaction's closure on the same thread.
    /// - Throws: ``WriterBusy`` when another writer held the lock all that time; ``LMDBError`` `mapFull` with
    ///   ``LMDBError/mapGrownTo`` set when the map was full and has been grown: nothing was written, and running
    ///   the same transaction again may succeed.
    public func write<T>(waitingAtMost timeout: Double? = nil, _ body: (WriteTransaction) throws -> WriteCompletion<T>)
        throws -> T
    {
        guard let writerLock else { throw LMDBError(EACCES, in: "mdb_txn_begin") }
        try writerLock.acquire(timeout: timeout ?? options.writerWait)
        var released = false
        defer { if !released { try? writerLock.release() } }
        let result = try runWrite(body)
        released = true
        try writerLock.release()
        return result
    }

    private func runWrite<T>(_ body: (WriteTransaction) throws -> WriteCompletion<T>) throws -> T {
        var resized = 0
        while true {
            gate.lockShared()
            var txn: OpaquePointer?
            let rc = mdb_txn_begin(handle, nil, 0, &txn)
            if rc == MDB_MAP_RESIZED, resized < 8 {
                gate.unlock()
                try adoptMapSizeOfOtherProcess()
                resized += 1
                continue
            }
            guard rc == MDB_SUCCESS, let txn else {
                gate.unlock()
                throw LMDBError(rc == MDB_SUCCESS ? MDB_PANIC : rc, in: "mdb_txn_begin")
            }
            let transaction = WriteTransaction(handle: txn)
            do {
                let result: T
                switch try body(transaction) {
                case .commit(let value):
                    try transaction.commit()
                    result = value
                case .rollback(let value):
                    transaction.abortIfOpen()
                    result = value
                }
                gate.unlock()
                return result
            } catch {
                transaction.abortIfOpen()
                gate.unlock()
                guard transaction.sawMapFull else { throw error }
                throw try grow()
            }
        }
    }

    /// Runs `attempt` (a write the caller knows can run again with the same effect) once more each time it
    /// failed only because the map was full and has been grown, up to a few times.
    public func runAgainWhenMapGrown<T>(_ attempt: () throws -> T) throws -> T {
        var tries = 0
        while true {
            do {
                return try attempt()
            } catch let error as LMDBError where error.mapGrownTo != nil && tries < 32 {
                tries += 1
            }
        }
    }

    /// Makes the map at least `bytes` large now, before a transaction that will need it and cannot be run again
    /// after growing the map (a streamed append).
    public func reserveMapSize(_ bytes: Int) throws(LMDBError) {
        gate.lockExclusive()
        defer { gate.unlock() }
        let wanted = min(max(bytes, mapSize), options.maxMapSize)
        guard wanted > mapSize else { return }
        try check(mdb_env_set_mapsize(handle, wanted), "mdb_env_set_mapsize")
        mapSize = try Environment.envInfo(handle).me_mapsize
    }

    /// Grows the map after a transaction found it full, and returns the error that says so. Called only with no
    /// transaction of this process open, which the exclusive gate ensures.
    private func grow() throws(LMDBError) -> LMDBError {
        gate.lockExclusive()
        defer { gate.unlock() }
        let wanted = min(mapSize * 2, options.maxMapSize)
        guard wanted > mapSize else {
            throw LMDBError(MDB_MAP_FULL, in: "mdb_put",
                            hint: "The store reached its largest map size (\(options.maxMapSize) bytes)")
        }
        try check(mdb_env_set_mapsize(handle, wanted), "mdb_env_set_mapsize")
        mapSize = try Environment.envInfo(handle).me_mapsize
        return LMDBError(MDB_MAP_FULL, in: "mdb_put", mapGrownTo: mapSize)
    }

    /// Another process grew the map: adopt the size recorded in the file (size 0 means "as stored").
    private func adoptMapSizeOfOtherProcess() throws(LMDBError) {
        gate.lockExclusive()
        defer { gate.unlock() }
        try check(mdb_env_set_mapsize(handle, 0), "mdb_env_set_mapsize")
        mapSize = try Environment.envInfo(handle).me_mapsize
    }

    /// Opens the named database, creating it when `create` is true (needs a writable environment).
    public func openDatabase(named name: String, create: Bool = false) throws -> Database {
        if create {
            return try write { txn in .commit(try txn.openDatabase(named: name, create: true)) }
        }
        return try read { txn in try txn.openDatabase(named: name) }
    }

    /// Writes a consistent copy of the environment to the open file descriptor `fd`, optionally compacted
    /// (free pages left out, which also drops the old copies of overwritten pages). Safe while others write.
    public func copy(toFileDescriptor fd: Int32, compact: Bool) throws(LMDBError) {
        try check(mdb_env_copyfd2(handle, fd, compact ? UInt32(MDB_CP_COMPACT) : 0), "mdb_env_copyfd2")
    }

    /// Flushes the data to disk even if the environment was opened without sync.
    public func sync() throws(LMDBError) {
        try check(mdb_env_sync(handle, 1), "mdb_env_sync")
    }

    /// Clears the reader slots of processes that died without closing their read transactions.
    /// - Returns: how many stale slots were cleared.
    @discardableResult
    public func clearStaleReaders() throws(LMDBError) -> Int {
        guard !isLockless else { return 0 }
        var dead: Int32 = 0
        try check(mdb_reader_check(handle, &dead), "mdb_reader_check")
        return Int(dead)
    }

    static func envInfo(_ handle: OpaquePointer) throws(LMDBError) -> MDB_envinfo {
        var info = MDB_envinfo()
        try check(mdb_env_info(handle, &info), "mdb_env_info")
        return info
    }

    /// The process ids holding a reader slot now (a read transaction open, or a slot kept for reuse by a live
    /// process), from `mdb_reader_list`.
    public func activeReaders() throws(LMDBError) -> [Int32] {
        try readerSnapshots().map(\.pid)
    }

    /// The environment's size and reader figures.
    public func info() throws(LMDBError) -> EnvironmentInfo {
        let info = try Environment.envInfo(handle)
        var stat = MDB_stat()
        try check(mdb_env_stat(handle, &stat), "mdb_env_stat")
        return EnvironmentInfo(
            mapSize: info.me_mapsize, lastPageNumber: Int(info.me_last_pgno), pageSize: Int(stat.ms_psize),
            lastTransactionID: Int(info.me_last_txnid), maxReaders: Int(info.me_maxreaders),
            readerSlotsUsed: Int(info.me_numreaders))
    }

    /// The id of the last committed transaction, read from the meta pages in the map (so it sees other
    /// processes' commits even without the lock), with no transaction: every commit of any process changes it.
    /// Under the shared side of the gate, as the map may not move while it is read.
    public func lastCommittedTransaction() throws(LMDBError) -> Int {
        gate.lockShared()
        defer { gate.unlock() }
        return Int(try Environment.envInfo(handle).me_last_txnid)
    }

    /// The version of the linked liblmdb, for example `LMDB 0.9.24: (July 24, 2019)`.
    public static var libraryVersion: String {
        String(cString: mdb_version(nil, nil, nil))
    }
}

/// Sizes and counters of an ``Environment``.
public struct EnvironmentInfo: Sendable, Equatable {
    public let mapSize: Int
    public let lastPageNumber: Int
    public let pageSize: Int
    public let lastTransactionID: Int
    public let maxReaders: Int
    /// The most reader slots in use at once since the lock file was set up (LMDB's `me_numreaders`, a high-water
    /// mark); ``Environment/activeReaders()`` lists the slots in use now.
    public let readerSlotsUsed: Int
}
