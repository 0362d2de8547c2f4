import API
import Accounts
import Hummingbird

/// Signs a web request in by its session cookie. The cookie is only ever honoured on the web pages' routes (the
/// group this middleware is added to), never on the API, so no API call can be made by a page on another site
/// riding on the cookie. Every request re-checks the account by the rule that ends its tokens (revoked, new password, demoted → the
/// session ends) and takes its role from the log now.
struct SessionMiddleware<Context: WebRequestContext>: RouterMiddleware {
    let sessions: SessionStore
    let accounts: AccountBook
    let blocking: BlockingPool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let id = request.cookies[WebCookies.session]?.value, let session = sessions.session(id: id) else {
            return try await next(request, context)
        }
        let accounts = accounts
        let principal = try await blocking.run {
            try accounts.sessionPrincipal(session.grant)
        }
        guard let principal else {
            sessions.end(id: id)
            return try await next(request, context)
        }
        var context = context
        context.identity = principal
        context.webSession = session
        return try await next(request, context)
    }
}
