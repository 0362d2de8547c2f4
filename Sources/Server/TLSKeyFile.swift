#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The TLS private key must be the server's user's alone, as ssh insists for its keys: a key that group or others
/// may read is refused at start (not warned about: a warning scrolls by in a journal no one reads, and the key may
/// already have been copied, which only replacing it cures).
enum TLSKeyFile {
    /// - Throws: ``ServeError/tlsKeyExposed(path:mode:)`` when group or others have any permission on `path`,
    ///   ``ServeError/tlsKeyNotOwned(path:owner:user:)`` when it belongs to neither the server's effective user nor
    ///   root (its owner may read and replace it, whatever its mode). A file that cannot be examined is left to the TLS
    ///   library, which names it.
    static func checkPrivate(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let mode = info.st_mode & 0o777
        if mode & 0o077 != 0 { throw ServeError.tlsKeyExposed(path: path, mode: "0" + String(mode, radix: 8)) }
        let user = geteuid()
        if info.st_uid != user && info.st_uid != 0 {
            throw ServeError.tlsKeyNotOwned(path: path, owner: userName(info.st_uid), user: userName(user))
        }
    }

    /// The account's name, or its number when it has none.
    static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
        return String(cString: name)
    }
}
