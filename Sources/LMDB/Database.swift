import CLMDB

/// A named database of an ``Environment``; the handle stays valid for the environment's life.
public struct Database: Sendable, Hashable {
    let dbi: MDB_dbi
    /// The name it was opened with.
    public let name: String
}

/// Entry count and depth of a database.
public struct DatabaseStatistics: Sendable, Equatable {
    public let entries: Int
    public let depth: Int
    public let pages: Int
}

/// Flags for ``WriteTransaction/put(_:forKey:in:flags:)``.
public struct PutFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Fail with `keyExists` instead of overwriting.
    public static let noOverwrite = PutFlags(rawValue: UInt32(MDB_NOOVERWRITE))
    /// The key sorts after every key in the database: a fast path for sequence keys.
    public static let append = PutFlags(rawValue: UInt32(MDB_APPEND))
}
