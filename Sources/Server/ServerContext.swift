import API
import Accounts
import Hummingbird
import HummingbirdAuth
import Foundation
import NIOCore
import Web

/// The context of every request the server answers: who signed in (by a token now; the web pages add sessions) and
/// from where. The API's routes see it through ``APIRequestContext``, so a new way to sign in changes no route.
public struct ServerContext: APIRequestContext, AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the authentication middleware.
    public var identity: Principal?
    /// The web pages' session, set by their session middleware (Web).
    public var webSession: WebSession?
    /// The peer's address, or with a trusted proxy in front, the client's (see ``RequestMiddleware``).
    public var clientAddress: String
    let bodyLimit: Int
    /// What the request's log line says about it, filled in by inner middleware.
    let notes = RequestNotes()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        webSession = nil
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        bodyLimit = ServerLimits.current.maxBodyBytes
        logger[metadataKey: "hb.request.id"] = .string(Self.newRequestID())
    }

    /// A request's id: Hummingbird numbers requests in sequence, and an id that tells how many others were served is
    /// not ours to give away: 128 random bits instead (every log line and problem names it).
    static func newRequestID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }
            .map { String(repeating: "0", count: 16 - $0.count) + $0 }.joined()
    }

    public var principal: Principal? { identity }

    /// Bodies are read by the routes themselves, up to the configured limit.
    public var maxUploadSize: Int { bodyLimit }
}

/// Notes about one request that inner middleware leave for the request's log line (the account signed in).
final class RequestNotes: @unchecked Sendable {
    // @unchecked: a request is handled by one task at a time; the lock guards the rare hand-over between them.
    private let lock = NSLock()
    private var storedAccount: String?

    var account: String? {
        get { lock.withLock { storedAccount } }
        set { lock.withLock { storedAccount = newValue } }
    }
}

/// The limits of the running server (one per process), read by each request's context.
struct ServerLimits: Sendable {
    var maxBodyBytes: Int
    /// The address of a reverse proxy whose `X-Forwarded-For` names the client.
    var trustedProxy: String? = nil

    // Set once at start, before the server accepts a connection; read-only afterwards.
    nonisolated(unsafe) static var current = ServerLimits(maxBodyBytes: 8 << 20)
}
