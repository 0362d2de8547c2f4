import Accounts
import Hummingbird

/// What the API's routes need of a request's context. The server's context provides it (and more, for the web
/// pages beside the API): the routes do not care whether the account signed in with a token or a session.
public protocol APIRequestContext: RequestContext {
    /// The account signed in, or `nil`.
    var principal: Principal? { get }
    /// The client's address, for limits on signing in.
    var clientAddress: String { get }
}

extension APIRequestContext {
    /// The account signed in, when its role allows `permission`.
    /// - Throws: ``Problem`` 401 without an account, 403 when its role does not allow `permission`.
    public func require(_ permission: Permission) throws -> Principal {
        guard let principal else { throw Problem.unauthenticated }
        guard principal.may(permission) else { throw Problem.forbidden(principal, permission) }
        return principal
    }
}
