import CLMDB

extension Environment {
    /// Overwrites the environment's free pages with zeros, so bytes that were deleted are gone from the file
    /// and not only from the tree: LMDB copies pages on write and leaves the old copies in the file until it
    /// reuses them. Fills every free page with a zero-filled value in a scratch database, drops it, twice
    /// (pages freed by the last transaction become reusable only after the next one).
    /// - Returns: how many pages were overwritten.
    /// - Throws: ``LMDBError`` (for instance `dbsFull` when no database slot is left for the scratch database).
    @discardableResult
    public func scrubFreePages() throws -> Int {
        var overwritten = 0
        for _ in 0..<2 {
            let free = try freePageCount()
            try write { txn in
                let scratch = try txn.openDatabase(named: "scrub", create: true)
                // Values above half a page go to overflow pages of their own: one free page each.
                let zeros = [UInt8](repeating: 0, count: try info().pageSize - 64)
                for i in 0..<(free + 8) {
                    try txn.put(zeros, forKey: withUnsafeBytes(of: UInt64(i).bigEndian, Array.init), in: scratch)
                }
            }
            try write { txn in
                let scratch = try txn.openDatabase(named: "scrub", create: false)
                try check(mdb_drop(txn.handle, scratch.dbi, 1), "mdb_drop")
            }
            overwritten += free
        }
        return overwritten
    }

    /// Pages in the file that no tree uses: the file's pages less those of every database, the free list and
    /// the two meta pages.
    public func freePageCount() throws -> Int {
        try read { txn in
            var used = 2
            for dbi: MDB_dbi in [0, 1] {
                var stat = MDB_stat()
                try check(mdb_stat(txn.handle, dbi, &stat), "mdb_stat")
                used += stat.ms_branch_pages + stat.ms_leaf_pages + stat.ms_overflow_pages
            }
            try txn.withCursor(on: Database(dbi: 1, name: "")) { cursor in
                var moved = try cursor.first()
                while moved {
                    let name = try cursor.copyKey()
                    var dbi: MDB_dbi = 0
                    if mdb_dbi_open(txn.handle, String(decoding: name, as: UTF8.self), 0, &dbi) == MDB_SUCCESS {
                        var stat = MDB_stat()
                        try check(mdb_stat(txn.handle, dbi, &stat), "mdb_stat")
                        used += stat.ms_branch_pages + stat.ms_leaf_pages + stat.ms_overflow_pages
                    }
                    moved = try cursor.next()
                }
            }
            return max(0, try info().lastPageNumber + 1 - used)
        }
    }
}
