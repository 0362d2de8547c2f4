import API
import Accounts
import Foundation
import Hummingbird
import NIOCore
import Projections

/// The web pages beside the API: server-rendered HTML for administrators, auditors and report writers, signed in by
/// a session cookie, every form carrying a CSRF token. Pages call the same library as the CLI and the API.
public struct WebRoutes<Context: WebRequestContext>: Sendable {
    let services: APIServices
    let sessions: SessionStore
    let pages: Pages
    /// Whether cookies are marked Secure (the server speaks TLS).
    let secure: Bool
    let staticFiles: [String: (type: String, bytes: [UInt8])]

    /// - Throws: ``PagesError`` when the templates are missing from the installation.
    public init(services: APIServices, sessions: SessionStore = SessionStore(), secureCookies: Bool) throws {
        self.services = services
        self.sessions = sessions
        self.secure = secureCookies
        pages = try Pages()
        var files: [String: (String, [UInt8])] = [:]
        for (name, type) in [("ik.css", "text/css; charset=utf-8"), ("ik.js", "text/javascript; charset=utf-8")] {
            guard let url = Bundle.module.url(forResource: "Static/" + name, withExtension: nil) else {
                throw PagesError.missing("Static/" + name)
            }
            files[name] = (type, Array(try Data(contentsOf: url)))
        }
        staticFiles = files
    }

    /// Adds the pages to `router`, in a group whose middleware signs requests in by session.
    public func register(on router: Router<Context>) {
        let group = router.group()
            .add(middleware: SessionMiddleware<Context>(sessions: sessions, accounts: services.accounts,
                                                       blocking: services.blocking))
        for (name, file) in staticFiles {
            group.get("static/\(name)") { _, _ in
                Response(status: .ok, headers: [.contentType: file.type, .cacheControl: "max-age=300"],
                         body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
            }
        }
        group.get("/") { request, context in
            await page(request, context) { web in
                guard let principal = web.principal else { return Pages.redirect("/sign-in") }
                return Pages.redirect(Self.home(of: principal))
            }
        }
        SignInRoutes(routes: self).register(on: group)
        AdminRoutes(routes: self).register(on: group)
        AuditRoutes(routes: self).register(on: group)
        ReportRoutes(routes: self).register(on: group)
        RecordRoutes(routes: self).register(on: group)
        LogPage(routes: self).register(on: group)
        VerifyPage(routes: self).register(on: group)
        TrendPage(routes: self).register(on: group)
        DownloadRoutes(routes: self).register(on: group)
    }

    /// The first page of a role: what it came to do.
    static func home(of principal: Principal) -> String {
        if principal.may(.append) { return "/plans" }
        if principal.may(.verify) { return "/state" }
        return "/report"
    }

    /// Runs `body` on the reader threads holding one of the account's heavy-request places (``HeavyRequestGate``), as
    /// the API does for its whole-store reads: one account cannot take every reader thread from the web either.
    /// - Throws: ``Problem`` 429 when the account has its share in flight; ``WebError/unauthenticated`` without one.
    func heavy<T: Sendable>(_ web: WebRequest, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        guard let principal = web.principal else { throw WebError.unauthenticated }
        return try await services.heavyRead(for: principal.account, body)
    }

    /// Runs a page's body; a refusal becomes an HTML page with its status (a GET without a session: sign-in).
    func page(_ request: Request, _ context: Context, _ body: (WebRequest) async throws -> Response) async -> Response {
        let web = WebRequest(request, principal: context.identity, session: context.webSession, secure: secure)
        do {
            return try await body(web)
        } catch WebError.unauthenticated where request.method == .get {
            return Pages.redirect("/sign-in")
        } catch let error as WebError {
            var (key, detail) = error.message
            if case .forbidden = error { detail = web.t("perm." + detail) }
            return errorPage(web, status: error.status, message: web.t(key), detail: detail)
        } catch let problem as Problem {
            return errorPage(web, status: problem.status, message: problem.title, detail: problem.detail)
        } catch let error as UnknownIDs {
            return errorPage(web, status: .notFound, message: web.t("errNotFound"), detail: error.description)
        } catch {
            context.logger.error("web page failed", metadata: ["error": "\(String(reflecting: error))"])
            return errorPage(web, status: .internalServerError, message: web.t("errTitle"), detail: web.t("nothingWritten"))
        }
    }

    /// A POST's form, once the session, its CSRF token and the role's `permission` are checked, in that order;
    /// nothing else of the request is read before.
    func form(_ request: Request, _ web: WebRequest, _ permission: Permission?) async throws -> (Principal?, FormBody) {
        let form = try await FormBody.read(request)
        guard let session = web.session, let principal = web.principal else { throw WebError.unauthenticated }
        guard let token = form["_csrf"], SessionStore.same(token, session.csrf) else { throw WebError.csrf }
        if let permission, !principal.may(permission) { throw WebError.forbidden(permission) }
        return (principal, form)
    }

    func errorPage(_ web: WebRequest, status: HTTPResponse.Status, message: String, detail: String) -> Response {
        pages.page("error", title: web.t("errTitle"), data: ["message": message, "detail": detail.isEmpty ? false : detail, "code": Int(status.code)],
                   web: web, status: status)
    }
}
