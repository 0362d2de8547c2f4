#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's limit on open files (RLIMIT_NOFILE). Every connection is one: a server left at the usual soft limit
/// of 1024 stops accepting at about a thousand clients, so it raises the soft limit to the hard one at start.
struct FileDescriptorLimit: Sendable, Equatable {
    var soft: UInt64
    var hard: UInt64

    /// Why the limit could not be read or set.
    struct Failure: Error, CustomStringConvertible {
        let call: String
        let errno: Int32
        var description: String {
            "\(call)(RLIMIT_NOFILE) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        }
    }

    static func current() throws(Failure) -> FileDescriptorLimit {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { throw Failure(call: "getrlimit", errno: errno) }
        return FileDescriptorLimit(soft: UInt64(limit.rlim_cur), hard: UInt64(limit.rlim_max))
    }

    /// Raises the soft limit to the hard one; the limit now in force.
    static func raiseToHard() throws(Failure) -> FileDescriptorLimit {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { throw Failure(call: "getrlimit", errno: errno) }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            guard setrlimit(resource, &limit) == 0 else { throw Failure(call: "setrlimit", errno: errno) }
        }
        return try current()
    }

    #if canImport(Glibc)
    private static var resource: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_NOFILE.rawValue) }
    #else
    private static var resource: Int32 { RLIMIT_NOFILE }
    #endif
}
