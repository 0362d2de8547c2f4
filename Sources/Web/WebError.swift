import Accounts
import HTTPTypes

/// Why a web request is refused; each becomes an HTML page with its status (``WebRoutes``).
enum WebError: Error, Sendable {
    /// No session (or it ended): pages redirect to sign-in, forms are refused.
    case unauthenticated
    /// The role signed in may not do this.
    case forbidden(Permission)
    /// A POST without the form's CSRF token, or with another session's.
    case csrf
    /// The body is not a form.
    case badForm
    case tooLarge
    /// A parameter in the address that cannot be read (name, value, rule).
    case badParameter(String, String, String)
    case notFound

    var status: HTTPResponse.Status {
        switch self {
        case .unauthenticated: .unauthorized
        case .forbidden, .csrf: .forbidden
        case .badForm, .badParameter: .badRequest
        case .tooLarge: .contentTooLarge
        case .notFound: .notFound
        }
    }

    /// The key of the message in ``WebText``, and its detail (not translated: names and values).
    var message: (key: String, detail: String) {
        switch self {
        case .unauthenticated: ("errUnauthenticated", "")
        case .forbidden(let permission): ("errForbidden", permission.rawValue)
        case .csrf: ("errCsrf", "")
        case .badForm: ("errBadForm", "")
        case .tooLarge: ("errTooLarge", "")
        case .badParameter(let name, let value, let rule): ("errParameter", "\(name)=\(value): \(rule)")
        case .notFound: ("errNotFound", "")
        }
    }
}
