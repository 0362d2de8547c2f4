import EventLog

/// A signed-in web session's hold on its account: the account and the credential generation it signed in under
/// (``AccessLedger/Account/generation``). It never holds a role: that is read from the log on every request.
public struct SessionGrant: Sendable, Hashable {
    public let account: String
    public let generation: UInt64

    public init(account: String, generation: UInt64) {
        self.account = account
        self.generation = generation
    }
}

/// What the web pages' sessions need of accounts: a session ends by the same rule that ends the account's API tokens
/// (``AccessLedger/Account/admits(generation:)``): a new password, a revocation or a demotion ends it for good.
extension AccountBook {
    /// Signs `account` in with `password` for a web session: its principal and the generation the session belongs
    /// to, or `nil` when the password is wrong or the account has no access.
    public func signIn(account: String, password: String) throws -> (Principal, SessionGrant)? {
        // The generation is read before the password is checked: a password changed while bcrypt runs has already
        // begun a newer generation, so the session it would give ends at its first request. An unknown account still
        // costs its bcrypt (in `authenticate`), so the time taken does not tell which accounts exist.
        let generation = try ledger().accounts[account]?.generation
        guard let principal = try authenticate(account: account, password: password), let generation else { return nil }
        return (principal, SessionGrant(account: account, generation: generation))
    }

    /// The principal a session stands for now, its role the one the log gives now; `nil` once the account's
    /// credentials of the session's generation have ended.
    public func sessionPrincipal(_ grant: SessionGrant) throws -> Principal? {
        guard let current = try ledger().accounts[grant.account], current.admits(generation: grant.generation)
        else { return nil }
        return Principal(account: grant.account, role: current.role)
    }
}
