import CLMDB

/// A cursor of a scratch transaction: the snapshot's entries and the transaction's own writes (``ScratchTable``),
/// merged in key order; a key the transaction wrote or deleted hides the snapshot's entry of that key.
extension Cursor {
    /// The entry after (or at, when `inclusive`) `target`, or the first when `target` is `nil`.
    func scratchForward(_ table: ScratchTable, from target: [UInt8]?, inclusive: Bool) throws -> Entry? {
        var stored: Entry?
        if !table.dropped {
            var found = try target.map { try raw(MDB_SET_RANGE, to: $0) } ?? raw(MDB_FIRST)
            if !inclusive, let target, let entry = found, entry.key.elementsEqual(target) { found = try raw(MDB_NEXT) }
            while let entry = found, table.slots[Array(entry.key)] != nil { found = try raw(MDB_NEXT) }
            stored = found
        }
        var index = target.map { table.firstIndex(atOrAfter: $0) } ?? 0
        if !inclusive, let target, index < table.keys.count, table.keys[index] == target { index += 1 }
        while index < table.keys.count, table.slots[table.keys[index]]?.value == nil { index += 1 }
        guard index < table.keys.count, let written = table.entry(at: index) else { return stored }
        guard let stored else { return written }
        return stored.key.lexicographicallyPrecedes(written.key) ? stored : written
    }

    /// The entry before `target`, or the last when `target` is `nil`.
    func scratchBackward(_ table: ScratchTable, before target: [UInt8]?) throws -> Entry? {
        var stored: Entry?
        if !table.dropped {
            var found: Entry?
            if let target {
                found = try raw(MDB_SET_RANGE, to: target) != nil ? try raw(MDB_PREV) : try raw(MDB_LAST)
            } else {
                found = try raw(MDB_LAST)
            }
            while let entry = found, table.slots[Array(entry.key)] != nil { found = try raw(MDB_PREV) }
            stored = found
        }
        var index = (target.map { table.firstIndex(atOrAfter: $0) } ?? table.keys.count) - 1
        while index >= 0, table.slots[table.keys[index]]?.value == nil { index -= 1 }
        guard index >= 0, let written = table.entry(at: index) else { return stored }
        guard let stored else { return written }
        return stored.key.lexicographicallyPrecedes(written.key) ? written : stored
    }

    /// The entry of `target` exactly.
    func scratchExactly(_ table: ScratchTable, _ target: [UInt8]) throws -> Entry? {
        if let slot = table.slots[target] { return slot.value.map { Entry(key: slot.key, value: $0) } }
        return table.dropped ? nil : try raw(MDB_SET_KEY, to: target)
    }

    func scratchLanded(_ found: Entry?) -> Entry? {
        start = .started
        positioned = found != nil
        scratchKey = found.map { Array($0.key) }
        scratchEntry = found
        return found
    }

    /// One move of the LMDB cursor over the snapshot, leaving the merged position alone.
    private func raw(_ op: MDB_cursor_op, to target: [UInt8]? = nil) throws -> Entry? {
        let rc: Int32
        if let target {
            rc = target.withUnsafeBytes { bytes -> Int32 in
                key = MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                return mdb_cursor_get(handle, &key, &value, op)
            }
        } else {
            rc = mdb_cursor_get(handle, &key, &value, op)
        }
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "mdb_cursor_get")
        return entry
    }
}

extension ScratchTable {
    /// The entry of the key at `index`, `nil` when it was deleted.
    func entry(at index: Int) -> Entry? {
        guard let slot = slots[keys[index]], let value = slot.value else { return nil }
        return Entry(key: slot.key, value: value)
    }
}
