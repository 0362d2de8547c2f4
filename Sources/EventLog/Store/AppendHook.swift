import LMDB

/// Work that runs inside an append's write transaction after each group of events is written (the whole batch,
/// or each chunk of a streamed append; in a dry run too, which is then rolled back): the place to write records
/// derived from the events, so they land with the events or not at all. A throw refuses the whole append.
///
/// Register it when opening or creating the store (``EventStore/Options/appendHook``).
public struct AppendHook: Sendable {
    let body: @Sendable (AppendedGroup, DerivedStore) throws -> Void

    /// - Parameter body: called with the events just written and the store's derived databases.
    public init(_ body: @escaping @Sendable (_ group: AppendedGroup, _ derived: DerivedStore) throws -> Void) {
        self.body = body
    }
}

/// The events an append has just written, in seq order; drafts that matched an earlier event by idempotency key
/// wrote nothing and are not here.
public struct AppendedGroup: Sendable {
    public let events: [WrittenEvent]

    /// The seqs of the group, or `nil` when it is empty.
    public var seqs: ClosedRange<UInt64>? {
        guard let first = events.first?.envelope.seq, let last = events.last?.envelope.seq else { return nil }
        return first...last
    }
}

/// One event as the append wrote it: the envelope and its stored (hashed) bytes, the payload and its canonical
/// bytes.
public struct WrittenEvent: Sendable {
    public let envelope: Envelope
    public let envelopeBytes: [UInt8]
    public let payload: JSONValue
    public let payloadBytes: [UInt8]
}

/// The store's derived databases inside a write transaction: `records` (one opaque record per seq) and `interned`
/// (opaque keys and values), and the records' version in `meta`. What is in them is the caller's; the log only
/// keeps them. Valid only inside the closure that received it.
public struct DerivedStore {
    let transaction: WriteTransaction
    let databases: StoreDatabases

    /// The log inside the same transaction, the events just written included.
    public var log: LogView { LogView(transaction: transaction, databases: databases) }

    /// The record of `seq`, or `nil`.
    public func record(at seq: UInt64) throws -> [UInt8]? {
        try transaction.copyValue(forKey: StorageKeys.seq(seq), in: databases.records)
    }

    /// Stores `bytes` as the record of `seq`, replacing any.
    public func putRecord(_ bytes: [UInt8], at seq: UInt64) throws {
        try transaction.put(bytes, forKey: StorageKeys.seq(seq), in: databases.records)
    }

    /// Removes every record with a seq at or above `seq` (0: all of them).
    public func removeRecords(from seq: UInt64) throws {
        try transaction.withCursor(on: databases.records, from: StorageKeys.seq(seq)) { cursor in
            while try cursor.next() != nil { try cursor.deleteCurrent() }
        }
    }

    /// The value stored under `key` in `interned`, or `nil`.
    public func value(forKey key: [UInt8]) throws -> [UInt8]? {
        try transaction.copyValue(forKey: key, in: databases.interned)
    }

    /// Stores `value` under `key` in `interned`, replacing any.
    public func put(_ value: [UInt8], forKey key: [UInt8]) throws {
        try transaction.put(value, forKey: key, in: databases.interned)
    }

    /// Removes every key of `interned` that starts with `prefix`.
    public func removeValues(withPrefix prefix: [UInt8]) throws {
        try transaction.withCursor(on: databases.interned, from: prefix) { cursor in
            while let entry = try cursor.next(), entry.key.starts(with: prefix) { try cursor.deleteCurrent() }
        }
    }

    /// Removes `key` from `interned`. - Returns: false when it was not there.
    @discardableResult
    public func removeValue(forKey key: [UInt8]) throws -> Bool {
        try transaction.delete(key: key, in: databases.interned)
    }

    /// The version of the records, as last set (`meta` key `recordsVersion`).
    public var version: String? {
        get throws { try log.recordsVersion }
    }

    /// Sets (or with `nil` removes) the version of the records.
    public func setVersion(_ version: String?) throws {
        let key = Array(StoreDatabases.recordsVersionKey.utf8)
        if let version {
            try transaction.put(Array(version.utf8), forKey: key, in: databases.meta)
        } else {
            try transaction.delete(key: key, in: databases.meta)
        }
    }
}

extension LogView {
    /// The derived record of `seq`, or `nil`.
    public func record(at seq: UInt64) throws -> [UInt8]? {
        guard let records = databases.recordsDatabase else { return nil }
        return try transaction.copyValue(forKey: StorageKeys.seq(seq), in: records)
    }

    /// Runs `body` on the derived record of `seq` without copying it; `nil` when there is none.
    public func withRecord<T>(at seq: UInt64, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T? {
        guard let records = databases.recordsDatabase else { return nil }
        return try transaction.withValue(forKey: StorageKeys.seq(seq), in: records, body)
    }

    /// Calls `body` with the seq and bytes (valid only during the call) of every derived record in `range`.
    public func forEachRecord(in range: ClosedRange<UInt64>, _ body: (UInt64, UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        guard let records = databases.recordsDatabase else { return }
        try transaction.withCursor(on: records, from: StorageKeys.seq(range.lowerBound)) { cursor in
            while let entry = try cursor.next() {
                let seq = try StorageKeys.readBigEndian(entry.key)
                guard seq <= range.upperBound else { return }
                try body(seq, entry.value)
            }
        }
    }

    /// The value stored under `key` in the derived `interned` database, or `nil`.
    public func derivedValue(forKey key: [UInt8]) throws -> [UInt8]? {
        guard let interned = databases.internedDatabase else { return nil }
        return try transaction.copyValue(forKey: key, in: interned)
    }

    /// Calls `body` with each key and value (valid only during the call) of the derived `interned` database that
    /// starts with `prefix`, from the first at or after `from` (itself starting with `prefix`), in key order, until
    /// it returns false.
    public func forEachDerivedValue(withPrefix prefix: [UInt8], from: [UInt8]? = nil,
                                    _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool) throws {
        guard let interned = databases.internedDatabase else { return }
        try transaction.withCursor(on: interned, from: from ?? prefix) { cursor in
            while let entry = try cursor.next(), entry.key.starts(with: prefix), try body(entry.key, entry.value) {}
        }
    }

    /// The version of the derived records, or `nil` when none was set.
    public var recordsVersion: String? {
        get throws {
            try transaction.copyValue(forKey: Array(StoreDatabases.recordsVersionKey.utf8), in: databases.meta)
                .map { String(decoding: $0, as: UTF8.self) }
        }
    }
}

extension EventStore {
    /// Runs `body` on the derived databases in a write transaction of its own (rebuilding records outside an
    /// append), committing when it returns. It waits for the writer lock as an append does.
    public func updateDerived<T>(_ body: (DerivedStore) throws -> T) throws -> T {
        try write { txn in .commit(try body(DerivedStore(transaction: txn, databases: databases))) }
    }
}
