import CLMDB

/// The single write transaction: reads see its own writes; its closure ends it with ``WriteCompletion``.
/// Or a scratch transaction (``Environment/scratch(_:)``): the same reads and writes over a read snapshot, its writes
/// held in memory and dropped at its end.
public final class WriteTransaction: Transaction {
    public let handle: OpaquePointer
    private var open = true
    /// Set when a put hit `MDB_MAP_FULL`, so the environment grows the map after aborting.
    private(set) var sawMapFull = false
    /// The writes of a scratch transaction; `nil` in LMDB's write transaction.
    let scratch: ScratchOverlay?

    init(handle: OpaquePointer, scratch: ScratchOverlay? = nil) {
        self.handle = handle
        self.scratch = scratch
    }

    public func withValue<T>(
        forKey key: [UInt8], in db: Database, _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T? {
        guard let scratch else { return try storedValue(forKey: key, in: db, body) }
        let table = scratch.table(db)
        if let slot = table.slots[key] { return try slot.value.map(body) }
        return table.dropped ? nil : try storedValue(forKey: key, in: db, body)
    }

    public func withCursor<T>(on db: Database, from: [UInt8]?, _ body: (Cursor) throws -> T) throws -> T {
        try storedCursor(on: db, from: from, scratch: scratch?.table(db), body)
    }

    public func statistics(of db: Database) throws -> DatabaseStatistics {
        guard let table = scratch?.table(db) else { return try storedStatistics(of: db) }
        let stored = try storedStatistics(of: db)
        return DatabaseStatistics(entries: (table.dropped ? 0 : stored.entries) + table.countChange, depth: stored.depth,
                                  pages: stored.pages)
    }

    /// Opens the named database, creating it if `create` is true.
    public func openDatabase(named name: String, create: Bool) throws -> Database {
        // A scratch transaction reads a snapshot, which can only open what exists.
        if scratch != nil { return try openDatabase(named: name) }
        var dbi: MDB_dbi = 0
        try check(mdb_dbi_open(handle, name, create ? UInt32(MDB_CREATE) : 0, &dbi), "mdb_dbi_open")
        return Database(dbi: dbi, name: name)
    }

    /// Stores `value` under `key`.
    /// - Throws: ``LMDBError`` `keyExists` with ``PutFlags/noOverwrite``, or when ``PutFlags/append`` is
    ///   given for a key that does not sort last.
    public func put(_ value: [UInt8], forKey key: [UInt8], in db: Database, flags: PutFlags = []) throws {
        try value.withUnsafeBytes { valueBytes in
            try put(valueBytes, forKey: key, in: db, flags: flags)
        }
    }

    /// Stores the bytes of `value` under `key`, without an intermediate array.
    public func put(
        _ value: UnsafeRawBufferPointer, forKey key: [UInt8], in db: Database, flags: PutFlags = []
    ) throws {
        try key.withUnsafeBytes { try put(value, forKeyBytes: $0, in: db, flags: flags) }
    }

    /// Stores the bytes of `value` under the bytes of `key`, without intermediate arrays.
    public func put(
        _ value: UnsafeRawBufferPointer, forKeyBytes key: UnsafeRawBufferPointer, in db: Database, flags: PutFlags = []
    ) throws {
        if let scratch {
            let key = Array(key)
            let existed = try contains(key: key, in: db)
            if flags.contains(.noOverwrite), existed { throw LMDBError(MDB_KEYEXIST, in: "mdb_put") }
            if flags.contains(.append), let last = try lastEntry(in: db), !last.key.lexicographicallyPrecedes(key) {
                throw LMDBError(MDB_KEYEXIST, in: "mdb_put")
            }
            scratch.table(db).set(key, value: value, existed: existed)
            return
        }
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = mdb_put(handle, db.dbi, &k, &v, flags.rawValue)
        if rc == MDB_MAP_FULL { sawMapFull = true }
        try check(rc, "mdb_put")
    }

    /// Removes `key`. - Returns: false when it was not there.
    @discardableResult
    public func delete(key: [UInt8], in db: Database) throws -> Bool {
        if let scratch {
            guard try contains(key: key, in: db) else { return false }
            scratch.table(db).set(key, value: nil, existed: true)
            return true
        }
        let rc = key.withUnsafeBytes { keyBytes -> Int32 in
            var k = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
            return mdb_del(handle, db.dbi, &k, nil)
        }
        if rc == MDB_NOTFOUND { return false }
        try check(rc, "mdb_del")
        return true
    }

    /// Runs `body` in a transaction nested in this one (LMDB's child transaction) and ends it as `body` says:
    /// committed into this transaction (which must still commit for anything to be durable), or rolled back,
    /// leaving this transaction as it was before; when `body` throws, the child is aborted and the error rethrown.
    /// This transaction must not be used inside `body`: LMDB allows only the innermost transaction to be used.
    /// - Throws: ``LMDBError`` from `mdb_txn_begin` or `mdb_txn_commit` of the child, or what `body` threw.
    public func nested<T>(_ body: (WriteTransaction) throws -> WriteCompletion<T>) throws -> T {
        // Scratch writes have no child transactions (nothing uses them there).
        if scratch != nil { throw LMDBError(MDB_BAD_TXN, in: "mdb_txn_begin") }
        var child: OpaquePointer?
        try check(mdb_txn_begin(mdb_txn_env(handle), handle, 0, &child), "mdb_txn_begin")
        guard let child else { throw LMDBError(MDB_PANIC, in: "mdb_txn_begin") }
        let transaction = WriteTransaction(handle: child)
        // A full map in the child is a full map of this transaction: the environment grows it after the abort.
        defer { if transaction.sawMapFull { sawMapFull = true } }
        do {
            switch try body(transaction) {
            case .commit(let value):
                try transaction.commit()
                return value
            case .rollback(let value):
                transaction.abortIfOpen()
                return value
            }
        } catch {
            transaction.abortIfOpen()
            throw error
        }
    }

    /// Removes every entry of `db`, keeping the database.
    public func removeAll(in db: Database) throws {
        if let scratch { return scratch.table(db).dropAll() }
        try check(mdb_drop(handle, db.dbi, 0), "mdb_drop")
    }

    func commit() throws {
        open = false
        let rc = mdb_txn_commit(handle)
        if rc == MDB_MAP_FULL { sawMapFull = true }
        try check(rc, "mdb_txn_commit")
    }

    func abortIfOpen() {
        if open { mdb_txn_abort(handle) }
        open = false
    }
}

/// How the closure of ``Environment/write(waitingAtMost:_:)`` ends its transaction, with the value to return.
public enum WriteCompletion<T> {
    case commit(T)
    case rollback(T)
}

extension WriteCompletion where T == Void {
    /// Commit, returning nothing.
    public static var commit: WriteCompletion<Void> { .commit(()) }
    /// Roll back, returning nothing.
    public static var rollback: WriteCompletion<Void> { .rollback(()) }
}
