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
    /// one moment even while other processes append, then opens the copy and reports its size and root. The
    /// copy gets the store's access (``StoreAccess``); it is never written inside a store or through a link.
    /// - Throws: ``OutputFileError/insideStore(path:store:)`` when `destination` lies in a store,
    ///   ``StoreError/backupDestination(path:reason:)`` when it is not usable otherwise.
    public func backup(to destination: String) throws -> BackupResult {
        let manager = FileManager.default
        // The copy holds the same personal data: the same access as the store, whatever the umask.
        let access = StoreAccess.of(storeAt: path)
        try OutputLocation.refuseInsideStore(path: destination, directory: destination)
        var info = stat()
        if lstat(destination, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: break
            case S_IFLNK:
                throw StoreError.backupDestination(path: destination, reason: "it is a symbolic link; give the directory itself")
            default: throw StoreError.backupDestination(path: destination, reason: "a file of that name exists")
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
        try access.apply(toDirectory: destination, files: [])
        let final = (destination as NSString).appendingPathComponent("data.mdb")
        let file = try OutputFile(path: final, mode: access.fileMode)
        do {
            try environment.copy(toFileDescriptor: file.fd, compact: true)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
        let copy = try EventStore(openingAt: destination, readOnly: true)
        let (size, root) = try copy.read { view in (try view.size, try view.root) }
        let bytes = ((try? manager.attributesOfItem(atPath: final))?[.size] as? Int) ?? 0
        return BackupResult(path: destination, treeSize: size, root: root, bytes: bytes)
    }
}
