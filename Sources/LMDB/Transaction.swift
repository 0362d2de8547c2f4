import CLMDB

/// What both transactions can do: the read side of LMDB. Write APIs live on ``WriteTransaction`` only.
public protocol Transaction {
    /// The raw LMDB transaction, valid while the closure that received the transaction runs.
    var handle: OpaquePointer { get }
    /// Runs `body` on the stored bytes of `key` without copying them; `nil` when the key is missing.
    func withValue<T>(forKey key: [UInt8], in db: Database, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T?
    /// Runs `body` with a cursor over `db` (see the default implementation).
    func withCursor<T>(on db: Database, from: [UInt8]?, _ body: (Cursor) throws -> T) throws -> T
    /// Entry count and depth of `db` as this transaction sees it.
    func statistics(of db: Database) throws -> DatabaseStatistics
}

extension Transaction {
    /// The id of the commit this transaction reads (LMDB's txnid; a write transaction's is the one it will commit).
    /// Not the same as ``Environment/lastCommittedTransaction()`` read at its start: LMDB shows a commit's id in its
    /// meta page before new readers are given that commit, so only this id says what a snapshot holds.
    public var snapshotID: Int { Int(mdb_txn_id(handle)) }

    /// Opens an existing named database.
    /// - Throws: ``LMDBError`` with code `notFound` when it does not exist.
    public func openDatabase(named name: String) throws -> Database {
        var dbi: MDB_dbi = 0
        try check(mdb_dbi_open(handle, name, 0, &dbi), "mdb_dbi_open")
        return Database(dbi: dbi, name: name)
    }

    /// Runs `body` on the stored bytes of `key` without copying them; `nil` when the key is missing.
    /// The bytes are valid only inside `body`.
    public func withValue<T>(
        forKey key: [UInt8], in db: Database, _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T? {
        try storedValue(forKey: key, in: db, body)
    }

    /// ``withValue(forKey:in:_:)`` in the LMDB transaction itself.
    func storedValue<T>(
        forKey key: [UInt8], in db: Database, _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T? {
        var value = MDB_val()
        let rc = key.withUnsafeBytes { keyBytes -> Int32 in
            var k = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
            return mdb_get(handle, db.dbi, &k, &value)
        }
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "mdb_get")
        return try body(UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
    }

    /// A copy of the stored bytes of `key`; `nil` when the key is missing.
    public func copyValue(forKey key: [UInt8], in db: Database) throws -> [UInt8]? {
        try withValue(forKey: key, in: db) { Array($0) }
    }

    /// Whether `key` is present.
    public func contains(key: [UInt8], in db: Database) throws -> Bool {
        try withValue(forKey: key, in: db) { _ in true } ?? false
    }

    /// Entry count and depth of `db` as this transaction sees it.
    public func statistics(of db: Database) throws -> DatabaseStatistics { try storedStatistics(of: db) }

    func storedStatistics(of db: Database) throws -> DatabaseStatistics {
        var stat = MDB_stat()
        try check(mdb_stat(handle, db.dbi, &stat), "mdb_stat")
        return DatabaseStatistics(
            entries: stat.ms_entries, depth: Int(stat.ms_depth),
            pages: stat.ms_branch_pages + stat.ms_leaf_pages + stat.ms_overflow_pages)
    }

    /// Runs `body` with a cursor over `db`, closed when `body` returns. Its first ``Cursor/next()`` returns the
    /// first entry, or with `from` the first entry whose key is at or after `from`.
    public func withCursor<T>(on db: Database, from: [UInt8]?, _ body: (Cursor) throws -> T) throws -> T {
        try storedCursor(on: db, from: from, scratch: nil, body)
    }

    /// ``withCursor(on:from:_:)`` from the first entry.
    public func withCursor<T>(on db: Database, _ body: (Cursor) throws -> T) throws -> T {
        try withCursor(on: db, from: nil, body)
    }

    /// A cursor of the LMDB transaction itself, merged with `scratch` when given.
    func storedCursor<T>(on db: Database, from: [UInt8]?, scratch: ScratchTable?, _ body: (Cursor) throws -> T) throws
        -> T
    {
        var pointer: OpaquePointer?
        try check(mdb_cursor_open(handle, db.dbi, &pointer), "mdb_cursor_open")
        guard let pointer else { throw LMDBError(MDB_PANIC, in: "mdb_cursor_open") }
        let cursor = Cursor(handle: pointer, from: from, scratch: scratch)
        defer { cursor.close() }
        return try body(cursor)
    }

    /// The last entry of `db` whose key is less than `key` (`nil` for none), copied out.
    public func lastEntry(before key: [UInt8]? = nil, in db: Database) throws -> (key: [UInt8], value: [UInt8])? {
        try withCursor(on: db) { cursor in
            let entry = try key.map { try cursor.seek(before: $0) } ?? cursor.last()
            return entry.map { (Array($0.key), Array($0.value)) }
        }
    }
}

/// A read-only snapshot of the environment.
public final class ReadTransaction: Transaction {
    public let handle: OpaquePointer
    private var open = true

    init(handle: OpaquePointer) { self.handle = handle }

    func commit() throws {
        open = false
        try check(mdb_txn_commit(handle), "mdb_txn_commit")
    }

    func abortIfOpen() {
        if open { mdb_txn_abort(handle) }
        open = false
    }
}
