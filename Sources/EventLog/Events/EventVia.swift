import Foundation

/// How an event's actor was established, recorded in its envelope (`via`) so the log tells an account that signed in
/// from a name typed at a terminal. Whoever holds the store's files can still write what they like; the log says
/// which way each event came, and the system user who ran the command line.
public enum EventVia {
    /// Appended through `ik serve`: the actor is the account that signed in.
    public static let server = "server"

    /// Written by the command line, run by the system user `user`: the actor is only the name given there (`IK_ACTOR`,
    /// `$USER`, a draft's `actor`).
    public static func commandLine(user: String) -> String { "cli:" + user }

    /// The name of the system user running this process (getuid → passwd), or `uid-N` when it has none a log may
    /// hold.
    public static var systemUser: String {
        let uid = getuid()
        if let entry = getpwuid(uid), let raw = entry.pointee.pw_name {
            let name = String(cString: raw)
            if !name.isEmpty, name.utf8.count <= 64, name.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) { return name }
        }
        return "uid-\(uid)"
    }
}
