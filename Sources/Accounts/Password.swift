internal import HummingbirdBcrypt

/// Passwords: bcrypt (cost 12) through HummingbirdBcrypt, with a length rule bcrypt itself needs (it reads at
/// most 72 bytes, so a longer password would be cut silently).
public enum Password {
    public static let minimumLength = 12
    public static let maximumBytes = 72
    /// bcrypt's work factor; tests may lower it (never below 4).
    public static let defaultCost: UInt8 = 12

    /// The rule `password` breaks for `account`, or `nil`.
    public static func problem(_ password: String, account: String) -> String? {
        if password.count < minimumLength { return "use at least \(minimumLength) characters" }
        if password.utf8.count > maximumBytes { return "use at most \(maximumBytes) bytes (bcrypt reads no more)" }
        if password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "a password holds no control characters"
        }
        if password.lowercased().contains(account.lowercased()) { return "a password must not contain the account name" }
        return nil
    }

    /// The bcrypt hash of `password`. - Throws: ``AccountError/weakPassword(_:)``.
    public static func hash(_ password: String, account: String, cost: UInt8 = defaultCost) throws -> String {
        if let problem = problem(password, account: account) { throw AccountError.weakPassword(problem) }
        return Bcrypt.hash(password, cost: max(4, min(cost, 31)))
    }

    /// A hash no password is known for, checked when an account does not exist, so that signing in to an unknown
    /// account takes as long as to a known one.
    static let unknownAccountHash = Bcrypt.hash("no account has this password \(UInt64.random(in: 0 ... .max))",
                                                cost: defaultCost)

    /// Whether `password` matches `hash`.
    public static func matches(_ password: String, hash: String) -> Bool {
        password.utf8.count <= maximumBytes && Bcrypt.verify(password, hash: hash)
    }
}
