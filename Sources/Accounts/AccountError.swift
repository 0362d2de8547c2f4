/// Why an account operation or a sign-in failed, with what to do.
public enum AccountError: Error, Sendable, Equatable, CustomStringConvertible {
    case secretsUnavailable(String)
    case weakPassword(String)
    case unknownAccount(String)
    case notActive(String)
    case refused([String])
    /// An access event's payload does not match its envelope's digest (edited or removed): no role is read from it.
    case damagedAccessEvent(seq: UInt64)
    /// A replica cannot tell whether its leader still honours a token: its copy is stale or in alarm (the reason).
    case replicaStale(String)

    public var description: String {
        switch self {
        case .secretsUnavailable(let reason): "the store's secrets cannot be used: \(reason)"
        case .weakPassword(let rule): "the password is not accepted: \(rule)"
        case .unknownAccount(let name): "no account named \(name)\n`ik user list` shows the accounts."
        case .notActive(let name): "the account \(name) has no access now (revoked)\nGrant it again with `ik user add`."
        case .refused(let problems): problems.joined(separator: "\n")
        case .damagedAccessEvent(let seq):
            "the access event at seq \(seq) does not match its digest: the store was changed outside ik; no account is "
                + "read from it\nRun ik verify; restore the store from a backup."
        case .replicaStale(let reason):
            "this replica does not accept tokens now: it \(reason); a token its leader ended since would still pass\n"
                + "Let ik follow catch up with the leader, or read the replica's files with ik (ik state --store DIR)."
        }
    }
}
