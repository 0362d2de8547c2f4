import CLMDB

/// One entry of a database, read in place. Its bytes are valid until the cursor that returned it moves again
/// or its transaction ends; copy them (`Array(entry.key)`) to keep them.
public struct Entry {
    public let key: UnsafeRawBufferPointer
    public let value: UnsafeRawBufferPointer
}

/// A position in a database, valid only inside the closure of ``Transaction/withCursor(on:from:_:)``.
///
/// Iterate with the throwing ``next()``, as GRDB's cursors do: `while let entry = try cursor.next() { … }`, or
/// ``forEach(_:)`` and ``map(_:)``. The first ``next()`` returns the entry the cursor was opened at (the first
/// entry, or the first at or after `from`); later ones move forward. Every move returns the entry it landed on,
/// or `nil` when there is none.
public final class Cursor {
    enum Start {
        case first
        case atOrAfter([UInt8])
        case started
    }

    let handle: OpaquePointer
    // A cursor lives in one transaction on one thread and never hands out access to these: the run-time
    // exclusivity checks of a class's stored properties cost ~5 % of a walk over a million records (perf).
    @exclusivity(unchecked) var key = MDB_val()
    @exclusivity(unchecked) var value = MDB_val()
    @exclusivity(unchecked) var positioned = false
    @exclusivity(unchecked) var start: Start
    /// In a scratch transaction, its writes to this database, merged with the snapshot's entries.
    let scratch: ScratchTable?
    /// In a scratch transaction: the key the cursor is on (or was on, before its entry was deleted), and its entry.
    @exclusivity(unchecked) var scratchKey: [UInt8]?
    @exclusivity(unchecked) var scratchEntry: Entry?

    init(handle: OpaquePointer, from: [UInt8]?, scratch: ScratchTable? = nil) {
        self.handle = handle
        self.scratch = scratch
        start = from.map { .atOrAfter($0) } ?? .first
    }

    func close() { mdb_cursor_close(handle) }

    var entry: Entry {
        Entry(key: UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size),
              value: UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
    }

    private func landed(_ rc: Int32) throws -> Entry? {
        start = .started
        if rc == MDB_NOTFOUND {
            positioned = false
            return nil
        }
        try check(rc, "mdb_cursor_get")
        positioned = true
        return entry
    }

    private func move(_ op: MDB_cursor_op) throws -> Entry? {
        try landed(mdb_cursor_get(handle, &key, &value, op))
    }

    private func move(_ op: MDB_cursor_op, to target: [UInt8]) throws -> Entry? {
        let rc = target.withUnsafeBytes { bytes -> Int32 in
            key = MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            return mdb_cursor_get(handle, &key, &value, op)
        }
        return try landed(rc)
    }

    /// The next entry: on the first call the entry the cursor was opened at, then each following one.
    public func next() throws -> Entry? {
        if let scratch {
            switch start {
            case .first: return try scratchLanded(scratchForward(scratch, from: nil, inclusive: true))
            case .atOrAfter(let target): return try scratchLanded(scratchForward(scratch, from: target, inclusive: true))
            case .started: return try scratchLanded(scratchKey.map { try scratchForward(scratch, from: $0, inclusive: false) } ?? nil)
            }
        }
        switch start {
        case .first: return try move(MDB_FIRST)
        case .atOrAfter(let target): return try move(MDB_SET_RANGE, to: target)
        case .started: return try move(MDB_NEXT)
        }
    }

    /// Moves to the first entry.
    public func first() throws -> Entry? {
        if let scratch { return try scratchLanded(scratchForward(scratch, from: nil, inclusive: true)) }
        return try move(MDB_FIRST)
    }
    /// Moves to the last entry.
    public func last() throws -> Entry? {
        if let scratch { return try scratchLanded(scratchBackward(scratch, before: nil)) }
        return try move(MDB_LAST)
    }
    /// Moves to the previous entry (the last when not yet positioned).
    public func previous() throws -> Entry? {
        if let scratch { return try scratchLanded(scratchBackward(scratch, before: scratchKey)) }
        return try move(MDB_PREV)
    }
    /// Moves to the first entry whose key is greater than or equal to `target`.
    public func seek(atOrAfter target: [UInt8]) throws -> Entry? {
        if let scratch { return try scratchLanded(scratchForward(scratch, from: target, inclusive: true)) }
        return try move(MDB_SET_RANGE, to: target)
    }
    /// Moves to the entry whose key equals `target`.
    public func seek(exactly target: [UInt8]) throws -> Entry? {
        if let scratch { return try scratchLanded(scratchExactly(scratch, target)) }
        return try move(MDB_SET_KEY, to: target)
    }
    /// Moves to the last entry whose key is less than `target`.
    public func seek(before target: [UInt8]) throws -> Entry? {
        try seek(atOrAfter: target) != nil ? try previous() : try last()
    }

    /// The entry at the cursor, or `nil` when it is not on one.
    public var current: Entry? { positioned ? (scratch == nil ? entry : scratchEntry) : nil }

    /// Calls `body` with every entry from here on (see ``next()``).
    public func forEach(_ body: (Entry) throws -> Void) throws {
        while let entry = try next() { try body(entry) }
    }

    /// The results of `transform` for every entry from here on (see ``next()``).
    public func map<T>(_ transform: (Entry) throws -> T) throws -> [T] {
        var results: [T] = []
        while let entry = try next() { results.append(try transform(entry)) }
        return results
    }

    /// Deletes the entry at the cursor (write transactions only); the following ``next()`` returns the entry that
    /// came after it.
    public func deleteCurrent() throws {
        guard positioned else { throw LMDBError(MDB_NOTFOUND, in: "mdb_cursor_del") }
        if let scratch, let scratchKey {
            scratch.set(scratchKey, value: nil, existed: true)
            positioned = false
            return
        }
        try check(mdb_cursor_del(handle, 0), "mdb_cursor_del")
        // LMDB leaves the cursor on the entry that followed the deleted one, and its MDB_NEXT returns that entry.
        positioned = false
        start = .started
    }
}
