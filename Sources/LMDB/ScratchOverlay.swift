import CLMDB

/// The writes of a scratch transaction (``Environment/scratch(_:)``), held in memory over a read snapshot and never
/// written to the file: per database, the keys put or deleted since the snapshot, sorted as LMDB sorts them (bytes,
/// then length: Swift's lexicographic order of byte arrays).
final class ScratchOverlay {
    private var tables: [MDB_dbi: ScratchTable] = [:]

    func table(_ db: Database) -> ScratchTable {
        if let table = tables[db.dbi] { return table }
        let table = ScratchTable()
        tables[db.dbi] = table
        return table
    }
}

/// One database's scratch writes.
final class ScratchTable {
    /// A key's bytes and its value (`nil`: deleted), in storage that lives as long as the table, so an ``Entry``
    /// handed out stays valid as LMDB's do.
    struct Slot {
        let key: UnsafeRawBufferPointer
        let value: UnsafeRawBufferPointer?
    }

    /// Every key written or deleted, sorted.
    private(set) var keys: [[UInt8]] = []
    private(set) var slots: [[UInt8]: Slot] = [:]
    /// Whether every entry of the snapshot was removed (``WriteTransaction/removeAll(in:)``).
    private(set) var dropped = false
    /// Entries added minus entries removed, against the snapshot (or against none when dropped).
    private(set) var countChange = 0
    private var allocations: [UnsafeMutableRawBufferPointer] = []

    deinit { for allocation in allocations { allocation.deallocate() } }

    /// Records `value` (`nil`: a deletion) for `key`; `existed` tells whether the key had a value before.
    func set(_ key: [UInt8], value: UnsafeRawBufferPointer?, existed: Bool) {
        if slots[key] == nil {
            if let last = keys.last, !last.lexicographicallyPrecedes(key) {
                keys.insert(key, at: firstIndex(atOrAfter: key))
            } else {
                keys.append(key)
            }
        }
        slots[key] = Slot(key: UnsafeRawBufferPointer(copy(key)), value: value.map { UnsafeRawBufferPointer(copy($0)) })
        countChange += (value != nil ? 1 : 0) - (existed ? 1 : 0)
    }

    /// Forgets every entry, the snapshot's too.
    func dropAll() {
        keys.removeAll()
        slots.removeAll()
        dropped = true
        countChange = 0
    }

    /// The index of the first key at or after `target`.
    func firstIndex(atOrAfter target: [UInt8]) -> Int {
        var (low, high) = (0, keys.count)
        while low < high {
            let middle = (low + high) / 2
            if keys[middle].lexicographicallyPrecedes(target) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private func copy<C: Collection>(_ bytes: C) -> UnsafeMutableRawBufferPointer where C.Element == UInt8 {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        allocations.append(storage)
        storage.copyBytes(from: bytes)
        return UnsafeMutableRawBufferPointer(rebasing: storage[0..<bytes.count])
    }
}
