import Foundation

/// A file written whole or not at all, safely in a directory others may write: it is created under an
/// unpredictable temporary name beside its final name (`O_CREAT | O_EXCL | O_NOFOLLOW`, so a link planted there is
/// never followed), and ``commit()`` moves it into place without following a link at the final name either. An
/// existing file is replaced only when `replacing` is true, and then a link is replaced itself, never its target.
/// Nothing is ever written inside a store (see ``OutputLocation``).
public final class OutputFile {
    /// The final name.
    public let path: String
    /// The descriptor of the temporary file, open for writing until ``commit()`` or ``discard()``.
    public let fd: Int32
    private let temporary: String
    private let replacing: Bool
    private var isOpen = true

    /// Creates the temporary file for `path` with permission bits `mode` (set explicitly, whatever the umask).
    /// - Throws: ``OutputFileError`` when `path` lies inside a store, exists and `replacing` is false, or cannot be
    ///   created.
    public init(path: String, mode: mode_t = 0o600, replacing: Bool = false) throws(OutputFileError) {
        self.path = path
        self.replacing = replacing
        let directory = OutputLocation.directory(of: path)
        try OutputLocation.refuseInsideStore(path: path, directory: directory)
        var info = stat()
        if lstat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { throw OutputFileError.cannotCreate(path: path, reason: "it is a directory") }
            if !replacing { throw OutputFileError.exists(path: path) }
        }
        var random = SystemRandomNumberGenerator()
        let suffix = String(random.next() as UInt64, radix: 16) + String(random.next() as UInt64, radix: 16)
        let base = OutputLocation.name(of: path)
        temporary = directory + "/.\(base.prefix(100)).ik-\(suffix).tmp"
        fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw OutputFileError.cannotCreate(path: path, reason: String(cString: strerror(errno))) }
        guard fchmod(fd, mode) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            unlink(temporary)
            throw OutputFileError.cannotCreate(path: path, reason: reason)
        }
    }

    deinit { discard() }

    /// Writes all of `bytes`.
    /// - Throws: ``OutputFileError/io(path:reason:)`` (a full disk, for instance).
    public func write(_ bytes: [UInt8]) throws(OutputFileError) {
        if let failure = bytes.withUnsafeBytes({ Self.writeAll($0, to: fd) }) {
            throw OutputFileError.io(path: path, reason: String(cString: strerror(failure)))
        }
    }

    /// - Returns: `errno` of a failed write(2), nil when all was written.
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// Makes the file durable and moves it to its final name.
    /// - Throws: ``OutputFileError/exists(path:)`` when a file appeared at the final name meanwhile and
    ///   `replacing` is false; ``OutputFileError/io(path:reason:)``. The temporary file is removed then.
    public func commit() throws(OutputFileError) {
        guard isOpen else { return }
        isOpen = false
        guard fsync(fd) == 0, close(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputFileError.io(path: path, reason: reason)
        }
        if replacing {
            // rename(2) replaces the directory entry: a link at the final name goes, its target stays as it was.
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw OutputFileError.io(path: path, reason: reason)
            }
        } else if link(temporary, path) == 0 {
            unlink(temporary)
        } else {
            // link(2) never replaces anything (EEXIST, even for a dangling link); on a file system without hard
            // links a check and a rename have to do, which leaves a moment for a race.
            let failure = errno
            var info = stat()
            let taken = failure == EEXIST || lstat(path, &info) == 0
            guard !taken, [EPERM, EOPNOTSUPP, ENOSYS].contains(failure), rename(temporary, path) == 0 else {
                unlink(temporary)
                if taken { throw OutputFileError.exists(path: path) }
                throw OutputFileError.io(path: path, reason: String(cString: strerror(failure)))
            }
        }
        let directory = open(OutputLocation.directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// Removes the temporary file; the final name is left as it was.
    public func discard() {
        guard isOpen else { return }
        isOpen = false
        close(fd)
        unlink(temporary)
    }
}

/// Why an output file or a backup was not written.
public enum OutputFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path lies in the store directory `store`, or below it.
    case insideStore(path: String, store: String)
    /// A file of that name exists and replacing it was not asked for.
    case exists(path: String)
    case cannotCreate(path: String, reason: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .insideStore(let path, let store):
            "refusing to write \(path): it is inside the store \(store)\n"
                + "Write exports, reports, keys and backups outside every store directory."
        case .exists(let path): "\(path) exists already\nAdd --force to replace it, or choose another name."
        case .cannotCreate(let path, let reason):
            "cannot write \(path): \(reason)\nChoose a path in a directory you can write."
        case .io(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
