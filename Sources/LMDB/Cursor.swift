import CLMDB

/// A position in a database, valid only inside the closure of ``Transaction/withCursor(on:_:)``.
///
/// Moves return whether they landed on an entry; ``withCurrent(_:)`` reads that entry without copying.
public final class Cursor {
    private let handle: OpaquePointer
    private var key = MDB_val()
    private var value = MDB_val()
    private var positioned = false

    init(handle: OpaquePointer) { self.handle = handle }

    func close() { mdb_cursor_close(handle) }

    private func move(_ op: MDB_cursor_op) throws -> Bool {
        let rc = mdb_cursor_get(handle, &key, &value, op)
        if rc == MDB_NOTFOUND {
            positioned = false
            return false
        }
        try check(rc, "mdb_cursor_get")
        positioned = true
        return true
    }

    private func move(_ op: MDB_cursor_op, to target: [UInt8]) throws -> Bool {
        let rc = target.withUnsafeBytes { bytes -> Int32 in
            key = MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            return mdb_cursor_get(handle, &key, &value, op)
        }
        if rc == MDB_NOTFOUND {
            positioned = false
            return false
        }
        try check(rc, "mdb_cursor_get")
        positioned = true
        return true
    }

    /// Moves to the first entry.
    public func first() throws -> Bool { try move(MDB_FIRST) }
    /// Moves to the last entry.
    public func last() throws -> Bool { try move(MDB_LAST) }
    /// Moves to the next entry (the first when not yet positioned).
    public func next() throws -> Bool { try move(MDB_NEXT) }
    /// Moves to the previous entry (the last when not yet positioned).
    public func previous() throws -> Bool { try move(MDB_PREV) }
    /// Moves to the first entry whose key is greater than or equal to `target`.
    public func seek(atOrAfter target: [UInt8]) throws -> Bool { try move(MDB_SET_RANGE, to: target) }
    /// Moves to the entry whose key equals `target`.
    public func seek(exactly target: [UInt8]) throws -> Bool { try move(MDB_SET_KEY, to: target) }

    /// Runs `body` on the key and value at the cursor without copying; valid only inside `body`.
    /// - Throws: ``LMDBError`` `notFound` when the cursor is not on an entry.
    public func withCurrent<T>(_ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> T)
        throws -> T
    {
        guard positioned else { throw LMDBError(MDB_NOTFOUND, in: "mdb_cursor_get") }
        return try body(
            UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size),
            UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
    }

    /// A copy of the key at the cursor.
    public func copyKey() throws -> [UInt8] { try withCurrent { key, _ in Array(key) } }
    /// A copy of the value at the cursor.
    public func copyValue() throws -> [UInt8] { try withCurrent { _, value in Array(value) } }

    /// Deletes the entry at the cursor (write transactions only).
    public func deleteCurrent() throws {
        try check(mdb_cursor_del(handle, 0), "mdb_cursor_del")
        positioned = false
    }
}
