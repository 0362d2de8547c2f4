import Crypto
import Foundation

/// What the web pages' sessions need of accounts: a session is bound to the password it signed in with, so that
/// changing the password (or revoking the account, which deletes it) ends every session of the account.
extension AccountBook {
    /// A fingerprint of the account's current password hash (SHA-256, hex), or `nil` when it has none (revoked).
    public func passwordFingerprint(of account: String) throws -> String? {
        guard let hash = try secrets.passwordHash(of: account) else { return nil }
        return SHA256.hash(data: Array(hash.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The principal a session of `account` stands for now: `nil` when the account has no access any more or its
    /// password changed since the session began (`fingerprint` differs). The role is the one the log gives now.
    public func sessionPrincipal(account: String, fingerprint: String) throws -> Principal? {
        guard try passwordFingerprint(of: account) == fingerprint else { return nil }
        return try principal(account)
    }
}
