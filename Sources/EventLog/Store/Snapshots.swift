import LMDB

/// Opaque projection state stored at knowledge points, in the `snapshots` database. The log does not know
/// what is in them; keys are a name and the seq they were taken at, so "the latest at or below seq N" is one
/// cursor seek.
extension LogView {
    /// The latest snapshot named `name` taken at or below `seq`, with the seq it was taken at.
    public func snapshot(named name: String, atOrBelow seq: UInt64) throws -> (seq: UInt64, bytes: [UInt8])? {
        let prefix = Array(name.utf8) + [0]
        return try transaction.withCursor(on: databases.snapshots) { cursor -> (UInt64, [UInt8])? in
            let after = seq == .max ? Array(name.utf8) + [1] : StorageKeys.snapshot(name, seq: seq + 1)
            let moved = try cursor.seek(atOrAfter: after) ? try cursor.previous() : try cursor.last()
            guard moved else { return nil }
            return try cursor.withCurrent { key, value in
                guard key.count == prefix.count + 8, key.starts(with: prefix) else { return nil }
                return (try StorageKeys.readBigEndian(key, at: prefix.count), Array(value))
            }
        }
    }

    /// The names of the snapshots whose name starts with `prefix`.
    public func snapshotNames(withPrefix prefix: String) throws -> [String] {
        var names: [String] = []
        let start = Array(prefix.utf8)
        try transaction.withCursor(on: databases.snapshots) { cursor in
            var target = start
            while try cursor.seek(atOrAfter: target) {
                let name = try cursor.withCurrent { key, _ -> [UInt8]? in
                    guard key.starts(with: start), let zero = key.firstIndex(of: 0) else { return nil }
                    return Array(key[..<zero])
                }
                guard let name else { return }
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
        try write { txn in
            for entry in entries {
                try txn.put(entry.bytes, forKey: StorageKeys.snapshot(entry.name, seq: entry.seq), in: databases.snapshots)
            }
        }
    }

    /// Removes every snapshot whose name starts with `prefix` (they are rebuilt from the log on demand).
    /// - Returns: how many were removed.
    @discardableResult
    public func removeSnapshots(withPrefix prefix: String) throws -> Int {
        try write { txn in try Self.removeSnapshots(withPrefix: prefix, in: txn, databases: databases) }
    }

    @discardableResult
    static func removeSnapshots(withPrefix prefix: String, in txn: WriteTransaction, databases: StoreDatabases) throws -> Int {
        var removed = 0
            try txn.withCursor(on: databases.snapshots) { cursor in
                let start = Array(prefix.utf8)
                guard try cursor.seek(atOrAfter: start) else { return }
                while try cursor.withCurrent({ key, _ in key.starts(with: start) }) {
                    try cursor.deleteCurrent()
                    removed += 1
                    guard try cursor.seek(atOrAfter: start) else { return }
                }
            }
        return removed
    }
}
