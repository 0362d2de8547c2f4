/// Why an account operation or a sign-in failed, with what to do.
public enum AccountError: Error, Sendable, Equatable, CustomStringConvertible {
    case secretsUnavailable(String)
    case weakPassword(String)
    case unknownAccount(String)
    case notActive(String)
    case refused([String])

    public var description: String {
        switch self {
        case .secretsUnavailable(let reason): "the store's secrets cannot be used: \(reason)"
        case .weakPassword(let rule): "the password is not accepted: \(rule)"
        case .unknownAccount(let name): "no account named \(name)\n`ik user list` shows the accounts."
        case .notActive(let name): "the account \(name) has no access now (revoked)\nGrant it again with `ik user add`."
        case .refused(let problems): problems.joined(separator: "\n")
        }
    }
}
