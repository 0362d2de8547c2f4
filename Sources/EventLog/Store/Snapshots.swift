import LMDB

/// Opaque projection state stored at knowledge points, in the `snapshots` database. The log does not know
/// what is in them; keys are a name and the seq they were taken at, so "the latest at or below seq N" is one
/// cursor seek.
extension LogView {
    /// The latest snapshot named `name` taken at or below `seq`, with the seq it was taken at.
    public func snapshot(named name: String, atOrBelow seq: UInt64) throws -> (seq: UInt64, bytes: [UInt8])? {
        let prefix = Array(name.utf8) + [0]
        let after = seq == .max ? Array(name.utf8) + [1] : StorageKeys.snapshot(name, seq: seq + 1)
        guard let (key, value) = try transaction.lastEntry(before: after, in: databases.snapshots),
            key.count == prefix.count + 8, key.starts(with: prefix)
        else { return nil }
        return (try key.withUnsafeBytes { try StorageKeys.readBigEndian($0, at: prefix.count) }, value)
    }

    /// The names of the snapshots whose name starts with `prefix`.
    public func snapshotNames(withPrefix prefix: String) throws -> [String] {
        var names: [String] = []
        let start = Array(prefix.utf8)
        try transaction.withCursor(on: databases.snapshots) { cursor in
            var target = start
            // One seek per name: each jumps past every snapshot of the name before.
            while let entry = try cursor.seek(atOrAfter: target), entry.key.starts(with: start),
                let zero = entry.key.firstIndex(of: 0)
            {
                let name = Array(entry.key[..<zero])
                names.append(String(decoding: name, as: UTF8.self))
                target = name + [1]
            }
        }
        return names
    }
}

/// One snapshot to store: a name, the seq it describes, and its bytes.
public struct SnapshotEntry: Sendable {
    public let name: String
    public let seq: UInt64
    public let bytes: [UInt8]

    public init(name: String, seq: UInt64, bytes: [UInt8]) {
        self.name = name
        self.seq = seq
        self.bytes = bytes
    }
}

extension EventStore {
    /// Stores `entries` in one write transaction.
    public func storeSnapshots(_ entries: [SnapshotEntry]) throws {
        try writeAgainWhenMapGrown { txn in
            for entry in entries {
                try txn.put(entry.bytes, forKey: StorageKeys.snapshot(entry.name, seq: entry.seq), in: databases.snapshots)
            }
            return .commit
        }
    }

    /// Removes every snapshot whose name starts with `prefix` (they are rebuilt from the log on demand).
    /// - Returns: how many were removed.
    @discardableResult
    public func removeSnapshots(withPrefix prefix: String) throws -> Int {
        try writeAgainWhenMapGrown { txn in .commit(try Self.removeSnapshots(withPrefix: prefix, in: txn, databases: databases)) }
    }

    @discardableResult
    static func removeSnapshots(withPrefix prefix: String, in txn: WriteTransaction, databases: StoreDatabases) throws -> Int {
        var removed = 0
        let start = Array(prefix.utf8)
        try txn.withCursor(on: databases.snapshots, from: start) { cursor in
            while let entry = try cursor.next(), entry.key.starts(with: start) {
                try cursor.deleteCurrent()
                removed += 1
            }
        }
        return removed
    }
}
