import Foundation

/// Who may read a store's files. Stores hold personal data, so by default only their owner may; `ik init --group`
/// lets the directory's group read too (auditors), never write. The modes are set explicitly after creating, so
/// the umask can neither widen nor narrow them.
public enum StoreAccess: Sendable, Equatable {
    /// Directory 0700, files 0600.
    case owner
    /// Directory 0750, files 0640: give the directory to the readers' group with `chgrp -R`.
    case group

    /// The mode of the store's directory (and of a backup's).
    public var directoryMode: mode_t { self == .owner ? 0o700 : 0o750 }
    /// The mode of the store's files (and of a backup's data file).
    public var fileMode: mode_t { self == .owner ? 0o600 : 0o640 }

    /// The access of the existing store at `path`, read from its data file's mode: `.group` when its group may read.
    public static func of(storeAt path: String) -> StoreAccess {
        var info = stat()
        guard stat((path as NSString).appendingPathComponent("data.mdb"), &info) == 0 else { return .owner }
        return info.st_mode & 0o040 != 0 ? .group : .owner
    }

    /// Gives the directory `path` and the files `files` in it this access's modes.
    /// - Throws: ``StoreError/cannotCreate(path:reason:)`` when a mode cannot be set.
    func apply(toDirectory path: String, files: [String]) throws {
        for (file, mode) in [(path, directoryMode)] + files.map({ ((path as NSString).appendingPathComponent($0), fileMode) })
        where FileManager.default.fileExists(atPath: file) {
            guard chmod(file, mode) == 0 else {
                throw StoreError.cannotCreate(path: file, reason: "cannot set its mode: \(String(cString: strerror(errno)))")
            }
        }
    }
}
