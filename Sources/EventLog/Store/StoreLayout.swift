import LMDB

/// How a store lays out its indexes, read from `meta` when it is opened. A store of the first format has none of
/// these keys; opening it for writing brings it to this layout in steps (``StoreMigration``). Reads do not depend on
/// it: they find `effective` entries of either layout and hash the Merkle levels this code does not keep from the
/// leaves, so every answer is the same in any layout and at any step of the upgrade. Writes and `verify` follow it.
struct StoreLayout: Sendable, Equatable {
    /// The lowest inner level of the Merkle tree kept in `merkle`, besides the leaves: the subtrees between are
    /// hashed from the cached leaves when asked for (at most 8 of them), so an event writes its leaf and, once in 16
    /// times, an inner node. Leaves stay: `verify` names the event whose envelope changed by its leaf.
    var merkleMinInnerLevel: Int
    /// `effective` keyed by year and seq, the month and day as value (one insertion point per year in an append),
    /// rather than by the date's text and seq.
    var effectiveByYear: Bool
    /// A store of the first format on its way to this layout (``StoreMigration``): entries of the first layout
    /// (`effective` keyed by day, Merkle levels below ``merkleMinInnerLevel``) may still be there.
    var upgrading = false

    /// What this code writes.
    static let current = StoreLayout(merkleMinInnerLevel: 4, effectiveByYear: true)
    /// A store of the first format.
    static let first = StoreLayout(merkleMinInnerLevel: 1, effectiveByYear: false)

    /// Whether the subtrees of `level` are kept in `merkle`.
    func keepsMerkleLevel(_ level: Int) -> Bool { level == 0 || level >= merkleMinInnerLevel }

    /// Whether a cached subtree of `level` may be a leftover of the first layout, not yet removed: no reader uses
    /// it, and `verify` passes over it.
    func mayHoldStaleMerkleLevel(_ level: Int) -> Bool {
        upgrading && level > 0 && level < merkleMinInnerLevel
    }

    static let merkleMinInnerLevelKey = Array("merkleMinInnerLevel".utf8)
    static let effectiveLayoutKey = Array("effectiveLayout".utf8)
    /// Present while an upgrade from the first format is under way; its value is where the Merkle cache's walk
    /// goes on (empty: from the start).
    static let upgradeKey = Array("formatUpgrade".utf8)

    /// The layout `meta` describes; keys that are missing mean the first format's.
    static func read(_ txn: some Transaction, meta: Database) throws -> StoreLayout {
        let level = try txn.copyValue(forKey: merkleMinInnerLevelKey, in: meta)
            .flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 1
        let effective = try txn.copyValue(forKey: effectiveLayoutKey, in: meta) == Array("year".utf8)
        let upgrading = try txn.copyValue(forKey: upgradeKey, in: meta) != nil
        return StoreLayout(merkleMinInnerLevel: min(max(level, 1), 16), effectiveByYear: effective, upgrading: upgrading)
    }

    /// Records this layout in `meta` (not whether an upgrade is under way: ``StoreMigration`` keeps that).
    func write(_ txn: WriteTransaction, meta: Database) throws {
        try txn.put(Array(String(merkleMinInnerLevel).utf8), forKey: Self.merkleMinInnerLevelKey, in: meta)
        try txn.put(Array((effectiveByYear ? "year" : "day").utf8), forKey: Self.effectiveLayoutKey, in: meta)
    }

    /// The `effective` entry of event `seq`: its key and value.
    func effectiveEntry(_ date: CalendarDate, seq: UInt64) -> (key: [UInt8], value: [UInt8]) {
        effectiveByYear ? Self.yearEntry(date, seq: seq) : (StorageKeys.effective(date, seq: seq), [])
    }

    /// The entry of the year layout: year (2 bytes), seq (8), then month and day as value. Its first byte is below
    /// 0x28 (years up to 9999), and a key of the day layout starts with a digit (0x30 or more): the two never mix.
    static func yearEntry(_ date: CalendarDate, seq: UInt64) -> (key: [UInt8], value: [UInt8]) {
        let year = UInt16(clamping: date.year)
        let key = StorageKeys.key(10) { $0.append(UInt8(year >> 8)); $0.append(UInt8(year & 0xFF)); $0.append(bigEndian: seq) }
        return (key, [UInt8(date.month), UInt8(date.day)])
    }

    /// Where the keys of the day layout start in `effective`.
    static let firstDayKey: [UInt8] = [0x30]
}
