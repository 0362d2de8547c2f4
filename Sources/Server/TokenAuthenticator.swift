import API
import Accounts
import Hummingbird
import HummingbirdAuth

/// Signs a request in by its API token (`Authorization: Bearer ikt_…`). A request without credentials goes on
/// unsigned (the routes answer 401 where they need an account); a token that is wrong is refused at once (401).
/// Wrong tokens are not counted against the address: a token is 256 random bits, which no one guesses, and a count
/// per address would let one client lock out everyone behind the same proxy. Passwords are limited (POST login).
struct TokenAuthenticator: RouterMiddleware {
    typealias Context = ServerContext
    let accounts: AccountBook
    let blocking: BlockingPool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        // The scheme is case-insensitive (RFC 7235 §2.1): `bearer` and `BEARER` are `Bearer`.
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].lowercased() == "bearer", case let token = String(parts[1]), !token.isEmpty else {
            throw Problem(.unauthorized, "unsupported-credentials", title: "Send a bearer token",
                          detail: "Only Authorization: Bearer TOKEN is accepted; get a token from ik user token or POST /api/v1/login.")
        }
        let accounts = accounts
        let found: Principal?
        do {
            // Answered here, on the event loop, while no process has committed since the ledger was read: a request
            // (and a refusal) then costs no reader thread and no read of the store.
            switch try accounts.authenticateWithoutReading(token: token) {
            case .signedIn(let principal): found = principal
            case .notValid: found = nil
            case nil: found = try await blocking.run { try accounts.authenticate(token: token) }
            }
        } catch AccountError.replicaStale(let reason) {
            throw Problem(.serviceUnavailable, "replica-stale", title: "This replica cannot vouch for tokens now",
                          detail: "This replica \(reason): a token its leader ended since would still pass. Retry "
                              + "once ik follow has caught up, or use the leader.", retryAfter: 30)
        }
        guard let principal = found else { throw Problem.badToken }
        var context = context
        context.identity = principal
        context.notes.account = principal.account
        return try await next(request, context)
    }
}
