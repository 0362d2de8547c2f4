import CLMDB
import Foundation

/// What ``Environment/scrubFreeSpace()`` did.
public struct ScrubReport: Sendable, Equatable {
    /// Free pages (and pages past the last one in use) overwritten with zeros.
    public let overwrittenPages: Int
    /// Pages in use whose free gap (between their node pointers and their nodes) was overwritten with zeros.
    public let clearedGaps: Int
    /// Free pages left alone because a reader's snapshot may still use them.
    public let heldPages: Int
    /// The processes holding those snapshots.
    public let holders: [Int32]

    /// Whether no byte outside the live data was left.
    public var isComplete: Bool { heldPages == 0 }
}

extension Environment {
    /// Overwrites, in place, every byte of `data.mdb` that no snapshot can read: whole free pages, pages past the
    /// last one in use, and the free gap inside each page in use. Deleting a record leaves its bytes in its page's
    /// gap, and LMDB writes whole pages whose gaps may hold bytes of other pages this process dirtied before, so
    /// both are cleared, not only the free pages. Nothing is allocated: the file does not grow.
    ///
    /// Runs inside a write transaction, so no writer commits meanwhile, and changes nothing through LMDB. A page
    /// freed by transaction T is unreachable from every snapshot S ≥ T; it is overwritten only when every
    /// registered reader's snapshot is at least T (a reader that starts now gets the last commit, which does
    /// not use it either: LMDB publishes a reader's snapshot before reading it). Pages a reader may still use are
    /// counted in ``ScrubReport/heldPages``: run again when that reader has ended. Commits are synchronous (no
    /// `MDB_NOSYNC`), so after a crash LMDB opens the last commit, never one that used an overwritten page.
    /// - Throws: ``LMDBError``, or the `errno` of a failed read or write of the data file as ``LMDBError``.
    public func scrubFreeSpace() throws -> ScrubReport {
        try write { _ in
            let free = try freePages()
            let readers = try readerSnapshots()
            let last = try Environment.envInfo(handle)
            let oldest = readers.compactMap(\.transaction).min().map { min($0, Int(last.me_last_txnid)) }
                ?? Int(last.me_last_txnid)
            var stat = MDB_stat()
            try check(mdb_env_stat(handle, &stat), "mdb_env_stat")
            var scan = PageScrub(pageSize: Int(stat.ms_psize), lastPage: Int(last.me_last_pgno), free: free, oldest: oldest)
            try scan.run(file: path + "/data.mdb")
            let holders = readers.filter { reader in
                reader.transaction.map { snapshot in scan.heldBy.contains { $0 > snapshot } } ?? false
            }.map(\.pid)
            return .commit(ScrubReport(overwrittenPages: scan.overwritten, clearedGaps: scan.clearedGaps,
                                       heldPages: scan.held, holders: Array(Set(holders)).sorted()))
        }
    }

    /// The process id and snapshot (the transaction it reads; nil for a slot kept but idle) of each reader slot
    /// in use, from `mdb_reader_list`.
    public func readerSnapshots() throws(LMDBError) -> [(pid: Int32, transaction: Int?)] {
        guard !isLockless else { return [] }
        final class Lines { var text = "" }
        let lines = Lines()
        let rc = withExtendedLifetime(lines) {
            mdb_reader_list(handle, { message, context in
                guard let message, let context else { return 0 }
                Unmanaged<Lines>.fromOpaque(context).takeUnretainedValue().text += String(cString: message)
                return 0
            }, Unmanaged.passUnretained(lines).toOpaque())
        }
        // mdb_reader_list returns what the last call of the message function returned, or a negative on failure.
        try check(rc < 0 ? rc : MDB_SUCCESS, "mdb_reader_list")
        // A header line, then "pid thread txnid" per slot in use (pid and txnid in decimal, thread in hex; "-"
        // for no transaction).
        return lines.text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 3, let pid = Int32(fields[0]) else { return nil }
            return (pid, Int(fields[2]))
        }
    }

    /// Every free page with the transaction that freed it, from LMDB's free list (database 0: key the freeing
    /// transaction, value a list of page numbers, its count first). A cursor on it needs a read transaction.
    func freePages() throws -> [Int: Int] {
        var txn: OpaquePointer?
        try check(mdb_txn_begin(handle, nil, UInt32(MDB_RDONLY), &txn), "mdb_txn_begin")
        guard let txn else { throw LMDBError(MDB_PANIC, in: "mdb_txn_begin") }
        defer { mdb_txn_abort(txn) }
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(txn, 0, &cursor), "mdb_cursor_open")
        defer { mdb_cursor_close(cursor) }
        var pages: [Int: Int] = [:]
        var key = MDB_val()
        var value = MDB_val()
        var rc = mdb_cursor_get(cursor, &key, &value, MDB_FIRST)
        while rc == MDB_SUCCESS {
            guard key.mv_size == 8, value.mv_size >= 8, value.mv_size % 8 == 0 else {
                throw LMDBError(MDB_CORRUPTED, in: "mdb_cursor_get")
            }
            let freedBy = Int(key.mv_data.loadUnaligned(as: UInt64.self))
            let list = UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size)
            let count = Int(list.loadUnaligned(as: UInt64.self))
            guard count == value.mv_size / 8 - 1 else { throw LMDBError(MDB_CORRUPTED, in: "mdb_cursor_get") }
            for index in 0..<count {
                pages[Int(list.loadUnaligned(fromByteOffset: 8 * (index + 1), as: UInt64.self))] = freedBy
            }
            rc = mdb_cursor_get(cursor, &key, &value, MDB_NEXT)
        }
        if rc != MDB_NOTFOUND { try check(rc, "mdb_cursor_get") }
        return pages
    }
}

/// One pass over the data file: zeros where no snapshot reads.
private struct PageScrub {
    let pageSize: Int
    let lastPage: Int
    /// Free pages and the transactions that freed them.
    let free: [Int: Int]
    /// The oldest snapshot a reader may read.
    let oldest: Int
    var overwritten = 0
    var clearedGaps = 0
    /// Free pages with bytes left because a reader may still use them, and the transactions that freed them.
    var held = 0
    var heldBy: Set<Int> = []

    // LMDB's page header: pgno (8 bytes), pad (2), flags (2), then lower and upper (2 + 2) or, for overflow
    // pages, their count (4).
    static let header = 16
    static let branch: UInt16 = 0x01, leaf: UInt16 = 0x02, overflow: UInt16 = 0x04, leaf2: UInt16 = 0x20

    mutating func run(file: String) throws {
        let fd = open(file, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw LMDBError(errno, in: "open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw LMDBError(errno, in: "fstat") }
        let pages = Int(info.st_size) / pageSize
        var page = [UInt8](repeating: 0, count: pageSize)
        let zeros = [UInt8](repeating: 0, count: pageSize)
        var number = 2  // pages 0 and 1 are the meta pages
        while number < pages {
            try read(fd, page: number, into: &page)
            let freedBy = free[number]
            if number > lastPage || freedBy.map({ $0 <= oldest }) == true {
                if page.contains(where: { $0 != 0 }) {
                    try write(fd, zeros[...], at: number * pageSize)
                    overwritten += 1
                }
                number += 1
            } else if let freedBy {
                if page.contains(where: { $0 != 0 }) {
                    held += 1
                    heldBy.insert(freedBy)
                }
                number += 1
            } else {
                number += try clearGap(fd, page, number: number)
            }
        }
        guard fdatasync(fd) == 0 else { throw LMDBError(errno, in: "fdatasync") }
    }

    /// Clears the gap of the page in use `number`. - Returns: how many pages it spans.
    mutating func clearGap(_ fd: Int32, _ page: [UInt8], number: Int) throws -> Int {
        func field<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> Int {
            Int(T(littleEndian: page.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }))
        }
        // A page that does not name itself is not one LMDB wrote here: leave it alone.
        guard field(0, UInt64.self) == number else { return 1 }
        let flags = UInt16(field(10, UInt16.self))
        if flags & Self.overflow != 0 { return max(1, field(12, UInt32.self)) }
        guard flags & (Self.branch | Self.leaf | Self.leaf2) != 0 else { return 1 }
        let lower = field(12, UInt16.self), upper = field(14, UInt16.self)
        guard Self.header <= lower, lower <= upper, upper <= pageSize,
            page[lower..<upper].contains(where: { $0 != 0 })
        else { return 1 }
        try write(fd, [UInt8](repeating: 0, count: upper - lower)[...], at: number * pageSize + lower)
        clearedGaps += 1
        return 1
    }

    func read(_ fd: Int32, page number: Int, into page: inout [UInt8]) throws {
        let count = page.withUnsafeMutableBytes { pread(fd, $0.baseAddress, pageSize, off_t(number * pageSize)) }
        guard count == pageSize else { throw LMDBError(count < 0 ? errno : EIO, in: "pread") }
    }

    func write(_ fd: Int32, _ bytes: ArraySlice<UInt8>, at offset: Int) throws {
        let count = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
        guard count == bytes.count else { throw LMDBError(count < 0 ? errno : EIO, in: "pwrite") }
    }
}
