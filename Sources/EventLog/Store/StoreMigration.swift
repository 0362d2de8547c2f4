import LMDB

/// Brings a store of the first format to the second, when it is first opened for writing: the envelopes,
/// payloads and every answer stay as they were (same roots, same exports); only indexes and caches change.
/// - `effective` is keyed by year and seq (``StoreLayout/effectiveByYear``), rewritten from its old keys;
/// - the Merkle cache keeps the leaves and the levels from ``StoreLayout/merkleMinInnerLevel`` up (the ones between
///   are hashed from the leaves when asked for);
/// - the head of the log is cached in `meta` (``LogHead``).
/// A store opened read-only is read in the layout it has.
enum StoreMigration {
    static func migrate(_ txn: WriteTransaction, databases: inout StoreDatabases) throws {
        let target = StoreLayout.current
        if !databases.layout.effectiveByYear {
            var entries: [(CalendarDate, UInt64)] = []
            try txn.withCursor(on: databases.effective) { cursor in
                while let entry = try cursor.next() {
                    guard entry.key.count == 18,
                        let date = CalendarDate(String(decoding: entry.key.prefix(10), as: UTF8.self))
                    else { throw StoreError.damaged("an effective-date entry is not a date and a seq") }
                    entries.append((date, try StorageKeys.readBigEndian(entry.key, at: 10)))
                }
            }
            try txn.removeAll(in: databases.effective)
            // Year, then seq: the order of the new keys, so each goes in at the end.
            entries.sort { ($0.0.year, $0.1) < ($1.0.year, $1.1) }
            for (date, seq) in entries {
                let entry = target.effectiveEntry(date, seq: seq)
                try txn.put(entry.value, forKey: entry.key, in: databases.effective, flags: [.append])
            }
        }
        if databases.layout.merkleMinInnerLevel < target.merkleMinInnerLevel {
            try txn.withCursor(on: databases.merkle) { cursor in
                while let entry = try cursor.next() {
                    guard entry.key.count == 9 else { throw StoreError.damaged("a Merkle cache key of \(entry.key.count) bytes") }
                    if !target.keepsMerkleLevel(Int(entry.key[8])) { try cursor.deleteCurrent() }
                }
            }
        }
        try target.write(txn, meta: databases.meta)
        databases.layout = target
        try txn.put(Array(EventStore.formatVersion.utf8), forKey: Array("formatVersion".utf8), in: databases.meta)
        let view = LogView(transaction: txn, databases: databases)
        if try view.cachedHead() == nil {
            try txn.put(try view.recomputedHead().bytes, forKey: LogHead.key, in: databases.meta)
        }
    }
}
