import LMDB

/// Brings a store of the first format to the second, when it is first opened for writing: the envelopes,
/// payloads and every answer stay as they were (same roots, same exports); only indexes and caches change.
/// 1. ``begin(_:databases:)``, one small transaction: `formatVersion` becomes 2 (so the release before refuses the
///    store from then on), `meta` records the new layout and that an upgrade is under way, the head of the log is
///    cached (``LogHead``). Appends from then on write the new layout.
/// 2. ``step(_:databases:limit:)``, in transactions of at most `limit` entries each, as ``StoredRecords`` are built:
///    `effective` entries keyed by day are rewritten keyed by year (``StoreLayout/effectiveByYear``), and the Merkle
///    cache loses the levels below ``StoreLayout/merkleMinInnerLevel`` (hashed from the leaves when asked for).
///    The last step removes the mark. Other writers may append between steps.
/// Reads do not depend on how far it got (``StoreLayout``), and a store opened read-only is read as it is.
enum StoreMigration {
    /// Entries of each index rewritten or removed per transaction.
    static let defaultStep = 100_000
    /// The mark's value once the Merkle cache's walk is complete: above every key of it (9 bytes).
    static let merkleDone = [UInt8](repeating: 0xFF, count: 10)

    /// Starts the upgrade (or does nothing, for a store of this format); returns the layout the store has now.
    static func begin(_ txn: WriteTransaction, databases: StoreDatabases) throws -> StoreLayout {
        var layout = try StoreLayout.read(txn, meta: databases.meta)
        let version = try txn.copyValue(forKey: Array("formatVersion".utf8), in: databases.meta)
        if layout == .first {
            try StoreLayout.current.write(txn, meta: databases.meta)
            try txn.put([], forKey: StoreLayout.upgradeKey, in: databases.meta)
            layout = StoreLayout.current
            layout.upgrading = true
        }
        if version != Array(EventStore.formatVersion.utf8) {
            try txn.put(Array(EventStore.formatVersion.utf8), forKey: Array("formatVersion".utf8), in: databases.meta)
        }
        let view = LogView(transaction: txn, databases: databases)
        if try view.cachedHead() == nil {
            try txn.put(try view.recomputedHead().bytes, forKey: LogHead.key, in: databases.meta)
        }
        return layout
    }

    /// One step of the upgrade: rewrites up to `limit` `effective` entries of the day layout and walks up to
    /// `limit` entries of the Merkle cache, dropping the levels no longer kept.
    /// - Returns: whether the upgrade is complete (its mark removed).
    static func step(_ txn: WriteTransaction, databases: StoreDatabases, limit: Int) throws -> Bool {
        guard let resume = try txn.copyValue(forKey: StoreLayout.upgradeKey, in: databases.meta) else { return true }
        // effective: the day layout's keys sort after every key of the year layout; each step takes the first ones.
        var days: [(key: [UInt8], date: CalendarDate, seq: UInt64)] = []
        try txn.withCursor(on: databases.effective, from: StoreLayout.firstDayKey) { cursor in
            while days.count < limit, let entry = try cursor.next() {
                guard entry.key.count == 18,
                    let date = CalendarDate(String(decoding: entry.key.prefix(10), as: UTF8.self))
                else { throw StoreError.damaged("an effective-date entry is not a date and a seq") }
                days.append((Array(entry.key), date, try StorageKeys.readBigEndian(entry.key, at: 10)))
            }
        }
        for day in days {
            _ = try txn.delete(key: day.key, in: databases.effective)
            let entry = StoreLayout.yearEntry(day.date, seq: day.seq)
            try txn.put(entry.value, forKey: entry.key, in: databases.effective)
        }
        // merkle: keys are (last leaf, level); walk on from where the last step stopped.
        let kept = StoreLayout.current
        var walked = 0
        var next: [UInt8]?
        try txn.withCursor(on: databases.merkle, from: resume.isEmpty ? nil : resume) { cursor in
            while let entry = try cursor.next() {
                guard walked < limit else {
                    next = Array(entry.key)
                    return
                }
                walked += 1
                guard entry.key.count == 9 else { throw StoreError.damaged("a Merkle cache key of \(entry.key.count) bytes") }
                if !kept.keepsMerkleLevel(Int(entry.key[8])) { try cursor.deleteCurrent() }
            }
        }
        if let next {
            try txn.put(next, forKey: StoreLayout.upgradeKey, in: databases.meta)
            return false
        }
        guard days.count < limit else {
            // The Merkle cache is done; later steps walk it no more (no key sorts after this one).
            try txn.put(merkleDone, forKey: StoreLayout.upgradeKey, in: databases.meta)
            return false
        }
        _ = try txn.delete(key: StoreLayout.upgradeKey, in: databases.meta)
        return true
    }
}
