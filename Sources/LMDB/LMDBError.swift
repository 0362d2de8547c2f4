import CLMDB

/// A failed LMDB call: which C function failed, LMDB's code and text, and how to fix it.
public struct LMDBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure callers react to; everything else is ``Code/other(_:)``.
    public enum Code: Sendable, Equatable {
        case keyExists
        case notFound
        case mapFull
        case mapResized
        case readersFull
        case databasesFull
        case transactionFull
        case corrupted
        case panic
        case versionMismatch
        case invalid
        case incompatible
        case badValueSize
        case badTransaction
        case badDatabase
        /// A system `errno` such as `EACCES` (13), `ENOENT` (2) or `ENOSPC` (28).
        case system(Int32)
        case other(Int32)

        init(_ rc: Int32) {
            switch rc {
            case MDB_KEYEXIST: self = .keyExists
            case MDB_NOTFOUND: self = .notFound
            case MDB_MAP_FULL: self = .mapFull
            case MDB_MAP_RESIZED: self = .mapResized
            case MDB_READERS_FULL: self = .readersFull
            case MDB_DBS_FULL: self = .databasesFull
            case MDB_TXN_FULL: self = .transactionFull
            case MDB_CORRUPTED, MDB_PAGE_NOTFOUND: self = .corrupted
            case MDB_PANIC: self = .panic
            case MDB_VERSION_MISMATCH: self = .versionMismatch
            case MDB_INVALID: self = .invalid
            case MDB_INCOMPATIBLE: self = .incompatible
            case MDB_BAD_VALSIZE: self = .badValueSize
            case MDB_BAD_TXN: self = .badTransaction
            case MDB_BAD_DBI: self = .badDatabase
            case let rc where rc > 0: self = .system(rc)
            default: self = .other(rc)
            }
        }
    }

    /// The raw return code of the C call.
    public let rawCode: Int32
    /// The C function that returned it, for example `mdb_env_open`.
    public let function: String
    /// `mdb_strerror` of the code.
    public let message: String
    /// What the caller can do about it, when there is something.
    public let hint: String?
    /// For `mapFull`: the map has been grown to this many bytes after the transaction was aborted, so the
    /// caller may run it again (``Environment/write(waitingAtMost:_:)`` never does that by itself).
    public let mapGrownTo: Int?

    public var code: Code { Code(rawCode) }

    /// Creates the error for a failed call; `rc` must not be `MDB_SUCCESS`.
    public init(_ rc: Int32, in function: String, hint: String? = nil, mapGrownTo: Int? = nil) {
        rawCode = rc
        self.function = function
        message = String(cString: mdb_strerror(rc))
        self.mapGrownTo = mapGrownTo
        self.hint = hint ?? mapGrownTo.map { "The map was grown to \($0) bytes; run the transaction again" }
            ?? LMDBError.defaultHint(for: Code(rc))
    }

    public var description: String {
        var text = "\(function) failed: \(message) (\(rawCode))"
        if let hint { text += ". \(hint)" }
        return text
    }

    /// Whether the failure means the store's files could not be found or opened with the wanted access.
    public var isPermissionDenied: Bool {
        code == .system(13) || code == .system(1) || code == .system(30)
    }

    private static func defaultHint(for code: Code) -> String? {
        switch code {
        case .mapFull: "Open the environment with a larger mapSize"
        case .readersFull: "Too many open readers: close idle readers or raise maxReaders"
        case .databasesFull: "Raise maxDatabases when opening the environment"
        case .corrupted, .panic: "The data file is damaged: restore from a backup and run verify"
        case .versionMismatch, .invalid: "This is not an LMDB environment of a compatible version"
        case .system(13), .system(1): "Check the file permissions of the store directory"
        case .system(30): "The file system is read-only: open the store read-only"
        case .system(28): "The disk is full: free space, then retry"
        case .system(2): "The store does not exist: create it first"
        default: nil
        }
    }
}

/// Throws an ``LMDBError`` for a non-zero return code: every C call of this module goes through here.
@inline(__always)
func check(_ rc: Int32, _ function: StaticString) throws(LMDBError) {
    if rc != MDB_SUCCESS { throw LMDBError(rc, in: "\(function)") }
}
