import API
import Accounts

/// What the web pages need of a request's context, beyond the API's: a settable identity (the session middleware
/// signs the request in, as the token middleware does for the API) and the session itself (its CSRF token).
public protocol WebRequestContext: APIRequestContext {
    /// The account signed in; set by ``SessionMiddleware``.
    var identity: Principal? { get set }
    /// The web session the request came with, when it is still valid.
    var webSession: WebSession? { get set }
}
