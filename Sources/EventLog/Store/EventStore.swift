import Foundation
import LMDB

/// An IKStore store: one LMDB environment in a directory, holding the append-only log, its indexes, the
/// Merkle cache and checkpoints.
public final class EventStore: Sendable {
    /// The store's directory.
    public let path: String
    /// True when opened read-only: every write refuses with ``StoreError/readOnly(path:)``.
    public let isReadOnly: Bool
    let environment: Environment
    let databases: StoreDatabases

    /// The on-disk format this code writes and reads.
    public static let formatVersion = "1"

    /// Options for a store's environment: a small initial map that grows as the log does.
    public static func environmentOptions(readOnly: Bool, mapSize: Int = 64 << 20, access: StoreAccess = .owner)
        -> EnvironmentOptions
    {
        EnvironmentOptions(mapSize: mapSize, maxDatabases: 16, maxReaders: 256, readOnly: readOnly,
                           fileMode: UInt32(access.fileMode))
    }

    /// Creates a new store at `path` (the directory may exist if empty), readable by its owner only unless
    /// `access` is ``StoreAccess/group``.
    /// - Throws: ``StoreError/cannotCreate(path:reason:)``; opening an existing store is not an error
    ///   here, use ``exists(at:)`` first to tell.
    public static func create(at path: String, clock: Clock = .system, mapSize: Int = 64 << 20,
                              access: StoreAccess = .owner) throws -> EventStore
    {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StoreError.cannotCreate(path: path, reason: "a file of that name exists")
            }
            let contents = (try? manager.contentsOfDirectory(atPath: path)) ?? []
            if !contents.isEmpty && !contents.contains("data.mdb") {
                throw StoreError.cannotCreate(path: path, reason: "the directory is not empty")
            }
            if contents.contains("data.mdb") { try refuseCutOffDataFile(at: path) }
        } else {
            do {
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: Int(access.directoryMode)])
            } catch {
                throw StoreError.cannotCreate(path: path, reason: Self.reason(error))
            }
        }
        let isNew = !exists(at: path)
        let environment: Environment
        do {
            environment = try Environment(path: path, options: environmentOptions(readOnly: false, mapSize: mapSize,
                                                                                  access: access))
        } catch {
            throw StoreError.cannotCreate(path: path, reason: error.description)
        }
        if isNew { try access.apply(toDirectory: path, files: ["data.mdb", "lock.mdb"]) }
        let databases = try environment.write { txn in
            let databases = try StoreDatabases { try txn.openDatabase(named: $0, create: true) }
            if try txn.copyValue(forKey: Array("storeId".utf8), in: databases.meta) == nil {
                try txn.put(Array(UUID().uuidString.lowercased().utf8), forKey: Array("storeId".utf8), in: databases.meta)
                try txn.put(Array(formatVersion.utf8), forKey: Array("formatVersion".utf8), in: databases.meta)
                try txn.put(Array(clock.now().description.utf8), forKey: Array("created".utf8), in: databases.meta)
            }
            return databases
        }
        return EventStore(path: path, environment: environment, databases: databases, readOnly: false)
    }

    /// A data file shorter than LMDB's two meta pages is not a store but the remains of one: LMDB would write a
    /// new empty environment over it, so it is refused before LMDB sees it.
    static func refuseCutOffDataFile(at path: String) throws {
        let file = (path as NSString).appendingPathComponent("data.mdb")
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0
        if bytes < 2 * 4096 { throw StoreError.truncated(path: path, bytes: bytes, needed: 2 * 4096) }
    }

    /// Whether `path` holds a store's data file.
    public static func exists(at path: String) -> Bool {
        FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("data.mdb"))
    }

    /// Opens the existing store at `path`.
    /// - Throws: ``StoreError/notFound(path:)`` when there is none, ``StoreError/permissionDenied(path:reason:)``
    ///   when the files cannot be opened with the access asked for.
    public convenience init(openingAt path: String, readOnly: Bool = false) throws {
        guard Self.exists(at: path) else { throw StoreError.notFound(path: path) }
        try Self.refuseCutOffDataFile(at: path)
        let environment: Environment
        do {
            // A lock file made again (after it was deleted) gets the store's own mode.
            environment = try Environment(path: path, options: Self.environmentOptions(
                readOnly: readOnly, access: StoreAccess.of(storeAt: path)))
        } catch let error where error.isPermissionDenied {
            throw StoreError.permissionDenied(path: path, reason: error.message)
        } catch let error where error.code == .invalid || error.code == .versionMismatch {
            throw StoreError.notAStore(path: path, reason: "data.mdb is not an LMDB file")
        } catch {
            throw StoreError.storage(error)
        }
        // A truncated file is mapped as if whole, and reading past its end kills the process (SIGBUS): refuse first.
        let info: EnvironmentInfo
        do { info = try environment.info() } catch { throw StoreError.storage(error) }
        let needed = (info.lastPageNumber + 1) * info.pageSize
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: path + "/data.mdb"))?[.size] as? Int) ?? 0
        if bytes < needed { throw StoreError.truncated(path: path, bytes: bytes, needed: needed) }
        var databases: StoreDatabases
        do {
            databases = try environment.read { txn in try StoreDatabases { try txn.openDatabase(named: $0) } }
        } catch let error as LMDBError where error.code == .notFound {
            throw StoreError.notAStore(path: path, reason: "it lacks the log's databases")
        }
        if !readOnly && databases.streamKeys == nil { databases = try StreamKeys.addIndex(to: environment) }
        let version = try environment.read { txn in
            try txn.copyValue(forKey: Array("formatVersion".utf8), in: databases.meta)
        }
        guard let version, String(decoding: version, as: UTF8.self) == Self.formatVersion else {
            throw StoreError.unsupportedFormat(
                path: path, version: version.map { String(decoding: $0, as: UTF8.self) } ?? "none")
        }
        self.init(path: path, environment: environment, databases: databases, readOnly: readOnly)
    }

    private init(path: String, environment: Environment, databases: StoreDatabases, readOnly: Bool) {
        self.path = path
        self.environment = environment
        self.databases = databases
        isReadOnly = readOnly
    }

    /// Runs `body` on a consistent view of the log as it is now; the view must not escape. A store read without
    /// its lock may run `body` again (see ``Environment/read(_:)``): `body` must have no effect outside.
    public func read<T>(_ body: (LogView) throws -> T) throws -> T {
        try environment.read { txn in try body(LogView(transaction: txn, databases: databases)) }
    }

    /// Runs `body` once, for reads that write output as they go; without the lock it fails with
    /// `LocklessReadConflict` (exit 75) when a writer committed meanwhile.
    public func readOnce<T>(_ body: (LogView) throws -> T) throws -> T {
        try environment.readOnce { txn in try body(LogView(transaction: txn, databases: databases)) }
    }

    /// Runs `body` in a write transaction over the store's databases.
    func write<T>(_ body: (WriteTransaction) throws -> T) throws -> T {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        do {
            return try environment.write(body)
        } catch let error as LMDBError where error.isPermissionDenied {
            throw StoreError.permissionDenied(path: path, reason: error.message)
        } catch let error as LMDBError where error.code == .system(EIO) || error.code == .system(ENOSPC) {
            // LMDB reports a short write as EIO; say "disk full" when that is what the file system shows.
            var stats = statvfs()
            if statvfs(path, &stats) == 0 {
                let available = Int(stats.f_bavail) * Int(stats.f_frsize)
                if available < 4 << 20 { throw StoreError.diskFull(path: path, available: available) }
            }
            throw StoreError.io(path: path, reason: "\(error.function): \(error.message); nothing of this append was written")
        }
    }

    /// The store's identity and size, for `ik` to print.
    public func metadata() throws -> StoreMetadata {
        try read { view in
            func text(_ key: String) throws -> String {
                try view.transaction.copyValue(forKey: Array(key.utf8), in: databases.meta)
                    .map { String(decoding: $0, as: UTF8.self) } ?? ""
            }
            return StoreMetadata(
                storeId: try text("storeId"), formatVersion: try text("formatVersion"), created: try text("created"),
                size: try view.size, mapSize: environment.currentMapSize)
        }
    }

    static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}

/// What `ik init` and `ik verify` print about a store.
public struct StoreMetadata: Sendable, Equatable {
    public let storeId: String
    public let formatVersion: String
    public let created: String
    public let size: UInt64
    public let mapSize: Int
}
