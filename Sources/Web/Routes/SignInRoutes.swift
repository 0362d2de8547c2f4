import API
import Accounts
import HTTPTypes
import Hummingbird

/// `GET/POST /sign-in`, `POST /sign-out`: the accounts of `ik serve`, the same password check
/// (``AccountBook/authenticate(account:password:)``) and the same sign-in throttle as the API's `POST login`.
struct SignInRoutes<Context: WebRequestContext> {
    let routes: WebRoutes<Context>

    func register(on group: RouterGroup<Context>) {
        group.get("sign-in") { request, context in
            await routes.page(request, context) { web in
                if let principal = web.principal { return Pages.redirect(WebRoutes<Context>.home(of: principal)) }
                return signInForm(web, account: "", error: nil, status: .ok)
            }
        }
        group.post("sign-in") { request, context in
            await routes.page(request, context) { web in try await signIn(request, context, web) }
        }
        group.post("sign-out") { request, context in
            await routes.page(request, context) { web in
                _ = try await routes.form(request, web, nil)
                if let session = web.session { routes.sessions.end(id: session.id) }
                return Pages.redirect("/sign-in", cookies: [WebCookies.clearing(WebCookies.session, secure: routes.secure)])
            }
        }
    }

    /// The form, with a fresh CSRF token in a cookie (there is no session yet to hold it).
    func signInForm(_ web: WebRequest, account: String, error: String?, status: HTTPResponse.Status) -> Response {
        let token = SessionStore.randomToken()
        var response = routes.pages.page("sign-in", title: web.t("signIn"),
                                         data: ["csrf": token, "account": account.isEmpty ? false : account, "accountValue": account, "error": error ?? false], web: web,
                                         status: status)
        response.headers.append(HTTPField(name: .setCookie,
                                          value: WebCookies.header(WebCookies.signIn, token, secure: routes.secure)))
        return response
    }

    func signIn(_ request: Request, _ context: Context, _ web: WebRequest) async throws -> Response {
        let form = try await FormBody.read(request, limit: 8192)
        guard let sent = form["_csrf"], let expected = request.cookies[WebCookies.signIn]?.value,
            SessionStore.same(sent, expected)
        else { throw WebError.csrf }
        let account = String((form["account"] ?? "").prefix(256))
        let password = form["password"] ?? ""
        let services = routes.services
        let address = context.clientAddress
        // The failure slot is taken before bcrypt runs (as POST login does): sign-ins sent at once are counted as
        // they arrive, and the right password gives its slot back.
        let reservation: SignInThrottle.Reservation
        do {
            reservation = try services.throttle.reserve(account: account, address: address)
        } catch let refusal as SignInThrottle.Refusal {
            let wait = refusal.retryAfter
            let minutes = max(1, (wait + 59) / 60)
            let message = web.t(refusal.reason == .checks ? "tooManySignIns" : "tooMany").replacingOccurrences(of: "%d", with: String(minutes))
            var response = signInForm(web, account: account, error: message, status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        let accounts = services.accounts
        let signedIn = try await services.blocking.checkingPassword(for: address) {
            try accounts.signIn(account: account, password: password)
        }
        guard let (principal, grant) = signedIn else {
            return signInForm(web, account: account, error: web.t("badCredentials"), status: .unauthorized)
        }
        services.throttle.succeeded(reservation)
        if let old = web.session { routes.sessions.end(id: old.id) }
        let session = routes.sessions.create(grant)
        return Pages.redirect(WebRoutes<Context>.home(of: principal), cookies: [
            WebCookies.header(WebCookies.session, session.id, secure: routes.secure),
            WebCookies.clearing(WebCookies.signIn, secure: routes.secure),
        ])
    }
}
