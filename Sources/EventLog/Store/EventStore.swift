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
    /// Runs in every append's transaction after each group of events is written.
    let appendHook: AppendHook?
    /// Whether the store was created for tests and demos (`meta` key `testStore`, set at creation only): only such a
    /// store accepts a pinned clock (`IK_NOW`), so its recorded times may have been chosen. `verify` and every
    /// report say so.
    public let isTestStore: Bool

    /// The `meta` key marking a test store.
    static let testStoreKey = Array("testStore".utf8)

    var clockPolicy: ClockPolicy { ClockPolicy(isTestStore: isTestStore, path: path) }

    /// The on-disk format this code writes: 2 is the lean layout (``StoreLayout``) with the head cached in `meta`.
    public static let formatVersion = "2"
    /// The formats this code reads; a store of format 1 is read as it is, and brought to format 2 (in steps) when it
    /// is first opened for writing.
    static let readableFormats: Set<String> = ["1", "2"]

    /// How a store is opened.
    public struct Options: Sendable {
        /// Open read-only: every write refuses with ``StoreError/readOnly(path:)``.
        public var readOnly: Bool
        /// Seconds a write waits for another process's write before it fails with ``StoreError/busy(path:holder:waited:)``.
        public var writerWait: Double
        /// Work done in every append's transaction (derived records).
        public var appendHook: AppendHook?
        /// Entries per index and transaction, and steps run when opened, of an upgrade from the first format (tests
        /// stop it half-way).
        var formatUpgradeStep = StoreMigration.defaultStep
        var formatUpgradeStepsAtOpen = Int.max

        public init(readOnly: Bool = false, writerWait: Double = 30, appendHook: AppendHook? = nil) {
            self.readOnly = readOnly
            self.writerWait = writerWait
            self.appendHook = appendHook
        }
    }

    /// Options for a store's environment: a small initial map that grows as the log does.
    public static func environmentOptions(readOnly: Bool, mapSize: Int = 64 << 20, access: StoreAccess = .owner,
                                          writerWait: Double = 30) -> EnvironmentOptions
    {
        EnvironmentOptions(mapSize: mapSize, maxDatabases: 16, maxReaders: 256, readOnly: readOnly,
                           fileMode: UInt32(access.fileMode), writerWait: writerWait)
    }

    /// Creates a new store at `path` (the directory may exist if empty), readable by its owner only unless
    /// `access` is ``StoreAccess/group``; with `forTests`, a test store that accepts a pinned clock (for tests,
    /// demos and seed data, which replay past recorded times), marked so for good.
    /// - Throws: ``StoreError/cannotCreate(path:reason:)``; opening an existing store is not an error
    ///   here, use ``exists(at:)`` first to tell.
    public static func create(at path: String, clock: Clock = .system, mapSize: Int = 64 << 20,
                              access: StoreAccess = .owner, forTests: Bool = false, options: Options = Options())
        throws -> EventStore
    {
        if let pinned = clock.pinned, !forTests { throw StoreError.pinnedClockRefused(pinned: pinned, path: path) }
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
            environment = try Environment(path: path, options: environmentOptions(
                readOnly: false, mapSize: mapSize, access: access, writerWait: options.writerWait))
        } catch {
            throw StoreError.cannotCreate(path: path, reason: error.description)
        }
        if isNew { try access.apply(toDirectory: path, files: ["data.mdb"]) }
        let databases = try Self.mapErrors(path: path) {
            try environment.write { txn in
                let databases = try StoreDatabases(open: { try txn.openDatabase(named: $0, create: true) },
                                                   openLater: { try txn.openDatabase(named: $0, create: true) })
                if try txn.copyValue(forKey: Array("storeId".utf8), in: databases.meta) == nil {
                    try txn.put(Array(UUID().uuidString.lowercased().utf8), forKey: Array("storeId".utf8), in: databases.meta)
                    try txn.put(Array(formatVersion.utf8), forKey: Array("formatVersion".utf8), in: databases.meta)
                    try txn.put(Array(clock.now().description.utf8), forKey: Array("created".utf8), in: databases.meta)
                    if forTests { try txn.put(Array("true".utf8), forKey: testStoreKey, in: databases.meta) }
                    try StoreLayout.current.write(txn, meta: databases.meta)
                    try txn.put(IdempotencyKeys.scopedOnlyValue, forKey: IdempotencyKeys.scopedOnlyKey, in: databases.meta)
                }
                var opened = databases
                opened.layout = try StoreLayout.read(txn, meta: databases.meta)
                opened.idempotencyScopedOnly = try IdempotencyKeys.scopedOnly(txn, meta: databases.meta)
                return .commit(opened)
            }
        }
        return try EventStore(path: path, environment: environment, databases: databases, options: options)
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
        try self.init(openingAt: path, options: Options(readOnly: readOnly))
    }

    /// Opens the existing store at `path` with `options`.
    public convenience init(openingAt path: String, options: Options) throws {
        let readOnly = options.readOnly
        guard Self.exists(at: path) else { throw StoreError.notFound(path: path) }
        try Self.refuseCutOffDataFile(at: path)
        let environment: Environment
        do {
            // A lock file made again (after it was deleted) gets the store's own mode.
            environment = try Environment(path: path, options: Self.environmentOptions(
                readOnly: readOnly, access: StoreAccess.of(storeAt: path), writerWait: options.writerWait))
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
            databases = try environment.read { txn in
                try StoreDatabases(open: { try txn.openDatabase(named: $0) }, openLater: { name in
                    do { return try txn.openDatabase(named: name) } catch let error as LMDBError where error.code == .notFound {
                        return nil
                    }
                })
            }
        } catch let error as LMDBError where error.code == .notFound {
            throw StoreError.notAStore(path: path, reason: "it lacks the log's databases")
        }
        let version = try environment.read { txn in
            try txn.copyValue(forKey: Array("formatVersion".utf8), in: databases.meta)
        }
        guard let version, Self.readableFormats.contains(String(decoding: version, as: UTF8.self)) else {
            throw StoreError.unsupportedFormat(
                path: path, version: version.map { String(decoding: $0, as: UTF8.self) } ?? "none")
        }
        (databases.layout, databases.idempotencyScopedOnly) = try environment.read { txn in
            (try StoreLayout.read(txn, meta: databases.meta), try IdempotencyKeys.scopedOnly(txn, meta: databases.meta))
        }
        if !readOnly, !databases.hasEveryLaterDatabase || databases.layout != .current
            || String(decoding: version, as: UTF8.self) != Self.formatVersion
        {
            // A store of an earlier release: add the databases it lacks and start bringing it to this layout (one
            // small transaction that can run again: it only reads the store and writes what follows from it).
            databases = try Self.mapErrors(path: path) {
                try environment.runAgainWhenMapGrown {
                    try environment.write { txn in
                        var upgraded = try StoreDatabases(open: { try txn.openDatabase(named: $0) },
                                                          openLater: { try txn.openDatabase(named: $0, create: true) })
                        upgraded.layout = try StoreMigration.begin(txn, databases: upgraded)
                        upgraded.idempotencyScopedOnly = try IdempotencyKeys.scopedOnly(txn, meta: upgraded.meta)
                        return .commit(upgraded)
                    }
                }
            }
        }
        try self.init(path: path, environment: environment, databases: databases, options: options)
        if !readOnly, databases.layout.upgrading {
            _ = try continueFormatUpgrade(step: options.formatUpgradeStep, maxSteps: options.formatUpgradeStepsAtOpen)
        }
    }

    /// Goes on bringing a store of the first format to this one (``StoreMigration``), each step its own transaction
    /// of at most `step` entries per index, for at most `maxSteps` steps.
    /// - Returns: whether the upgrade is complete.
    func continueFormatUpgrade(step: Int = StoreMigration.defaultStep, maxSteps: Int = .max) throws -> Bool {
        for _ in 0..<maxSteps {
            let done = try writeAgainWhenMapGrown { txn in
                .commit(try StoreMigration.step(txn, databases: databases, limit: max(step, 1)))
            }
            if done { return true }
        }
        return false
    }

    private init(path: String, environment: Environment, databases: StoreDatabases, options: Options) throws {
        self.path = path
        self.environment = environment
        self.databases = databases
        isReadOnly = options.readOnly
        appendHook = options.appendHook
        isTestStore = try environment.read { txn in
            try txn.copyValue(forKey: Self.testStoreKey, in: databases.meta) == Array("true".utf8)
        }
    }

    /// Runs `body` on a consistent view of the log as it is now; the view must not escape. A store read without
    /// its lock may run `body` again (see ``Environment/read(_:)``): `body` must have no effect outside.
    public func read<T>(_ body: (LogView) throws -> T) throws -> T {
        try environment.read { txn in try body(LogView(transaction: txn, databases: databases)) }
    }

    /// The id of the last committed write transaction of any process, read without a transaction: every commit (an
    /// append, a redaction, a scrub, a follower's copy) changes it, so what was read at one id holds while it stays.
    public func lastCommittedTransaction() throws -> Int { try environment.lastCommittedTransaction() }

    /// Runs `body` once, for reads that write output as they go; without the lock it fails with
    /// `LocklessReadConflict` (exit 75) when a writer committed meanwhile.
    public func readOnce<T>(_ body: (LogView) throws -> T) throws -> T {
        try environment.readOnce { txn in try body(LogView(transaction: txn, databases: databases)) }
    }

    /// Runs `body` in a write transaction over the store's databases, ending it as `body` says. Waits for another
    /// writer at most ``Options/writerWait`` seconds.
    func write<T>(_ body: (WriteTransaction) throws -> WriteCompletion<T>) throws -> T {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        return try Self.mapErrors(path: path) { try environment.write(body) }
    }

    /// ``write(_:)`` for a transaction that can run again with the same effect: run once more when it failed only
    /// because the map had to grow.
    func writeAgainWhenMapGrown<T>(_ body: (WriteTransaction) throws -> WriteCompletion<T>) throws -> T {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        return try Self.mapErrors(path: path) { try environment.runAgainWhenMapGrown { try environment.write(body) } }
    }

    /// Turns the errors of a write into what the user can act on.
    static func mapErrors<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let busy as WriterBusy {
            throw StoreError.busy(path: path, holder: busy.holderPID.map { pid in
                "process \(pid)" + (busy.holderCommand.map { " (\($0))" } ?? "")
            }, waited: busy.waited)
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
                size: try view.size, mapSize: environment.currentMapSize, isTestStore: isTestStore,
                formatUpgradeUnderway: try StoreLayout.read(view.transaction, meta: databases.meta).upgrading)
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
    /// A store for tests and demos, whose recorded times may have been chosen (``EventStore/isTestStore``).
    public let isTestStore: Bool
    /// A store of format 1 whose upgrade to this format began but is not complete (its next writable open goes on).
    public let formatUpgradeUnderway: Bool

    /// "format 2", and what is under way.
    public var formatDescription: String {
        "format \(formatVersion)" + (formatUpgradeUnderway ? ", its upgrade from format 1 under way" : "")
    }
}
