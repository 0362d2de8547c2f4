import Accounts
import Foundation

/// One signed-in browser: held on the server only; the browser holds its random id in an HttpOnly cookie.
public struct WebSession: Sendable, Hashable {
    /// 256 random bits, base64url: the cookie's value.
    public let id: String
    /// The account and the credential generation it signed in under: the session ends with that generation.
    public let grant: SessionGrant
    public var account: String { grant.account }
    /// The token every form of this session carries and every POST must send back.
    public let csrf: String
    let created: Double
    var lastSeen: Double
}

/// The sessions of the running server, in memory: a restart signs everyone out. A session ends at sign-out, after
/// ``idleLimit`` seconds without a request, ``lifeLimit`` seconds after sign-in, or when the account's credentials
/// end as its API tokens do — a new password, a revocation, a demotion (checked on every request by ``SessionMiddleware``).
public final class SessionStore: @unchecked Sendable {
    // @unchecked: `sessions` is touched only under `lock`.
    private let lock = NSLock()
    private var sessions: [String: WebSession] = [:]
    let idleLimit: Double
    let lifeLimit: Double
    /// Sessions kept at most; beyond it the oldest are ended (a flood of sign-ins cannot exhaust memory).
    let maxSessions = 50_000

    public init(idleLimit: Double = 2 * 3600, lifeLimit: Double = 12 * 3600) {
        self.idleLimit = idleLimit
        self.lifeLimit = lifeLimit
    }

    /// A new session for `account` (a new id: an id known before sign-in never becomes a session's).
    func create(_ grant: SessionGrant, now: Double = Date().timeIntervalSince1970) -> WebSession {
        let session = WebSession(id: Self.randomToken(), grant: grant,
                                 csrf: Self.randomToken(), created: now, lastSeen: now)
        lock.withLock {
            if sessions.count >= maxSessions {
                let oldest = sessions.values.sorted { $0.lastSeen < $1.lastSeen }.prefix(maxSessions / 10)
                for old in oldest { sessions[old.id] = nil }
            }
            sessions[session.id] = session
        }
        return session
    }

    /// The live session with `id`, its last use moved to `now`; `nil` (and the session ended) when it expired.
    func session(id: String, now: Double = Date().timeIntervalSince1970) -> WebSession? {
        lock.withLock {
            guard var session = sessions[id] else { return nil }
            guard now - session.lastSeen <= idleLimit, now - session.created <= lifeLimit else {
                sessions[id] = nil
                return nil
            }
            session.lastSeen = now
            sessions[id] = session
            return session
        }
    }

    func end(id: String) {
        lock.withLock { sessions[id] = nil }
    }

    /// How many sessions are live (for tests).
    var count: Int { lock.withLock { sessions.count } }

    /// 256 random bits as base64url without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Compares two tokens in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count, !x.isEmpty else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
