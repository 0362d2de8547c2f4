import Foundation

/// What a backup wrote.
public struct BackupResult: Sendable, Hashable {
    public let path: String
    public let treeSize: UInt64
    public let root: MerkleHash
    public let bytes: Int
}

extension EventStore {
    /// Writes a compacted copy of the store into the new or empty directory `destination`, consistent as of
    /// one moment even while other processes append, then opens the copy and reports its size and root.
    /// - Throws: ``StoreError/backupDestination(path:reason:)`` when `destination` is not usable.
    public func backup(to destination: String) throws -> BackupResult {
        let manager = FileManager.default
        // The copy holds the same personal data: the same access as the store, whatever the umask.
        let access = StoreAccess.of(storeAt: path)
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: destination, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StoreError.backupDestination(path: destination, reason: "a file of that name exists")
            }
            guard ((try? manager.contentsOfDirectory(atPath: destination)) ?? []).isEmpty else {
                throw StoreError.backupDestination(path: destination, reason: "the directory is not empty")
            }
        } else {
            do {
                try manager.createDirectory(atPath: destination, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: Int(access.directoryMode)])
            } catch {
                throw StoreError.backupDestination(path: destination, reason: Self.reason(error))
            }
        }
        let partial = (destination as NSString).appendingPathComponent("data.mdb.partial")
        let final = (destination as NSString).appendingPathComponent("data.mdb")
        let fd = open(partial, O_WRONLY | O_CREAT | O_EXCL, access.fileMode)
        guard fd >= 0 else {
            throw StoreError.backupDestination(path: destination, reason: String(cString: strerror(errno)))
        }
        do {
            defer { close(fd) }
            try environment.copy(toFileDescriptor: fd, compact: true)
            guard fsync(fd) == 0 else { throw StoreError.io(path: partial, reason: String(cString: strerror(errno))) }
        } catch {
            unlink(partial)
            throw error
        }
        guard rename(partial, final) == 0 else {
            throw StoreError.io(path: final, reason: String(cString: strerror(errno)))
        }
        try access.apply(toDirectory: destination, files: ["data.mdb"])
        let copy = try EventStore(openingAt: destination, readOnly: true)
        let (size, root) = try copy.read { view in (try view.size, try view.root) }
        let bytes = ((try? manager.attributesOfItem(atPath: final))?[.size] as? Int) ?? 0
        return BackupResult(path: destination, treeSize: size, root: root, bytes: bytes)
    }
}
