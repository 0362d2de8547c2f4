import Foundation

/// Where output may go. A store is a directory holding `data.mdb`; nothing ik writes (exports, reports, schemas,
/// keys, backups) may land in one or below one, however the path is spelled: through `..` or a symbolic link.
public enum OutputLocation {
    /// The directory a file at `path` lands in, as written (`.` for a bare name).
    public static func directory(of path: String) -> String {
        // Not NSString.deletingLastPathComponent: this Foundation traps on some one-character names.
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of `path`, as written.
    static func name(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// The store that `directory`, with every symbolic link resolved, is or lies inside; nil when there is none.
    /// A directory that does not exist yet is judged by its nearest existing ancestor.
    public static func enclosingStore(of directory: String) -> String? {
        var existing = directory.isEmpty ? "." : directory
        var info = stat()
        while stat(existing, &info) != 0 {
            let next = Self.directory(of: existing)
            if next == existing { return nil }
            existing = next
        }
        guard let resolved = realpath(existing, nil) else { return nil }
        defer { free(resolved) }
        var candidate = String(cString: resolved)
        while true {
            if lstat(candidate + (candidate.hasSuffix("/") ? "" : "/") + "data.mdb", &info) == 0 { return candidate }
            if candidate == "/" || candidate.isEmpty { return nil }
            candidate = Self.directory(of: candidate)
        }
    }

    /// - Throws: ``OutputFileError/insideStore(path:store:)`` when `directory` (where `path` would go) is in a store.
    public static func refuseInsideStore(path: String, directory: String) throws(OutputFileError) {
        if let store = enclosingStore(of: directory) { throw OutputFileError.insideStore(path: path, store: store) }
    }
}
