import LMDB

/// How a store lays out its indexes, read from `meta` when it is opened. A store of the first format has none of
/// these keys and is read as it was written; opening it for writing brings it to this layout
/// (``StoreMigration``).
struct StoreLayout: Sendable, Equatable {
    /// The lowest inner level of the Merkle tree kept in `merkle`, besides the leaves: the subtrees between are
    /// hashed from the cached leaves when asked for (at most 8 of them), so an event writes its leaf and, once in 16
    /// times, an inner node. Leaves stay: `verify` names the event whose envelope changed by its leaf.
    var merkleMinInnerLevel: Int

    /// Whether the subtrees of `level` are kept in `merkle`.
    func keepsMerkleLevel(_ level: Int) -> Bool { level == 0 || level >= merkleMinInnerLevel }
    /// `effective` keyed by year and seq, the month and day as value (one insertion point per year in an append),
    /// rather than by the date's text and seq.
    var effectiveByYear: Bool

    /// What this code writes.
    static let current = StoreLayout(merkleMinInnerLevel: 4, effectiveByYear: true)
    /// A store of the first format.
    static let first = StoreLayout(merkleMinInnerLevel: 1, effectiveByYear: false)

    static let merkleMinInnerLevelKey = Array("merkleMinInnerLevel".utf8)
    static let effectiveLayoutKey = Array("effectiveLayout".utf8)

    /// The layout `meta` describes; keys that are missing mean the first format's.
    static func read(_ txn: some Transaction, meta: Database) throws -> StoreLayout {
        let level = try txn.copyValue(forKey: merkleMinInnerLevelKey, in: meta)
            .flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 1
        let effective = try txn.copyValue(forKey: effectiveLayoutKey, in: meta) == Array("year".utf8)
        return StoreLayout(merkleMinInnerLevel: min(max(level, 1), 16), effectiveByYear: effective)
    }

    /// Records this layout in `meta`.
    func write(_ txn: WriteTransaction, meta: Database) throws {
        try txn.put(Array(String(merkleMinInnerLevel).utf8), forKey: Self.merkleMinInnerLevelKey, in: meta)
        try txn.put(Array((effectiveByYear ? "year" : "day").utf8), forKey: Self.effectiveLayoutKey, in: meta)
    }

    /// The `effective` entry of event `seq`: its key and value.
    func effectiveEntry(_ date: CalendarDate, seq: UInt64) -> (key: [UInt8], value: [UInt8]) {
        guard effectiveByYear else { return (StorageKeys.effective(date, seq: seq), []) }
        let year = UInt16(clamping: date.year)
        return ([UInt8(year >> 8), UInt8(year & 0xFF)] + StorageKeys.bigEndian(seq), [UInt8(date.month), UInt8(date.day)])
    }
}
