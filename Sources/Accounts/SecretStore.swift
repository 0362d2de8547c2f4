import Crypto
import EventLog
import Foundation
import LMDB

/// Passwords (bcrypt hashes) and API tokens (SHA-256 of the token), kept apart from the log in
/// `STORE/secrets/`, readable by the store's owner only: secrets must be changeable and deletable, which the
/// log's entries never are, and auditors who may read the log must not read them.
public final class SecretStore: Sendable {
    let environment: Environment
    let passwords: Database
    let tokens: Database

    /// The directory of the secrets of the store at `storePath`.
    public static func path(forStore storePath: String) -> String { storePath + "/secrets" }

    /// Opens (creating when `create`) the secrets of the store at `storePath`.
    /// - Throws: ``AccountError/secretsUnavailable(_:)`` when they cannot be opened.
    public init(storePath: String, create: Bool) throws {
        let path = Self.path(forStore: storePath)
        do {
            if !FileManager.default.fileExists(atPath: path) {
                guard create else { throw AccountError.secretsUnavailable("\(path) does not exist; add a user first (ik user add)") }
                guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
                    throw AccountError.secretsUnavailable("cannot create \(path): \(String(cString: strerror(errno)))")
                }
            }
            // The umask may have taken bits away from mkdir's mode; never more than the owner.
            chmod(path, 0o700)
            environment = try Environment(path: path, options: EnvironmentOptions(
                mapSize: 8 << 20, maxDatabases: 4, readOnly: false, fileMode: 0o600))
            for file in ["data.mdb", "lock.mdb"] { chmod(path + "/" + file, 0o600) }
            (passwords, tokens) = try environment.write { txn in
                .commit((try txn.openDatabase(named: "passwords", create: true), try txn.openDatabase(named: "tokens", create: true)))
            }
        } catch let error as AccountError {
            throw error
        } catch {
            throw AccountError.secretsUnavailable("cannot open \(path): \(error)")
        }
    }

    /// Stores the bcrypt hash of `account`'s password; with `endingTokens`, deletes its tokens in the same
    /// transaction (a new password ends every session the old one opened).
    public func setPasswordHash(_ hash: String, for account: String, endingTokens: Bool = false) throws {
        try environment.write { txn in
            try txn.put(Array(hash.utf8), forKey: Array(account.utf8), in: passwords)
            if endingTokens { try deleteTokens(of: account, in: txn) }
            return .commit
        }
    }

    /// Deletes every token of `account` (its password stays).
    public func forgetTokens(of account: String) throws {
        try environment.write { txn in
            try deleteTokens(of: account, in: txn)
            return .commit
        }
    }

    /// The bcrypt hash of `account`'s password, if it has one.
    public func passwordHash(of account: String) throws -> String? {
        try environment.read { txn in
            try txn.copyValue(forKey: Array(account.utf8), in: passwords).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Stores a token for `account`; only its SHA-256 is kept.
    public func addToken(_ token: String, for account: String, label: String?, created: Instant) throws {
        var record: [String: JSONValue] = ["account": .string(account), "created": .string(created.description)]
        if let label { record["label"] = .string(label) }
        try environment.write { txn in
            try txn.put(CanonicalJSON.encode(.object(record)), forKey: Self.tokenKey(token), in: tokens, flags: [.noOverwrite])
            return .commit
        }
    }

    /// The account a token belongs to, or `nil`.
    public func account(forToken token: String) throws -> String? {
        try environment.read { txn in
            try txn.withValue(forKey: Self.tokenKey(token), in: tokens) { bytes in
                (try? JSONParser.parse(bytes))?["account"]?.stringValue
            } ?? nil
        }
    }

    /// The tokens of `account` (their creation time and label; never the token).
    public func tokens(of account: String) throws -> [(created: String, label: String?)] {
        try environment.read { txn in
            var found: [(String, String?)] = []
            try txn.withCursor(on: tokens) { cursor in
                try cursor.forEach { entry in
                    if let record = try? JSONParser.parse(entry.value), record["account"]?.stringValue == account {
                        found.append((record["created"]?.stringValue ?? "", record["label"]?.stringValue))
                    }
                }
            }
            return found
        }
    }

    /// Deletes `account`'s password and every token: what revoking access does to secrets.
    public func forget(_ account: String) throws {
        try environment.write { txn in
            try txn.delete(key: Array(account.utf8), in: passwords)
            try deleteTokens(of: account, in: txn)
            return .commit
        }
    }

    private func deleteTokens(of account: String, in txn: WriteTransaction) throws {
        var doomed: [[UInt8]] = []
        try txn.withCursor(on: tokens) { cursor in
            try cursor.forEach { entry in
                if let record = try? JSONParser.parse(entry.value), record["account"]?.stringValue == account {
                    doomed.append(Array(entry.key))
                }
            }
        }
        for key in doomed { try txn.delete(key: key, in: tokens) }
    }

    static func tokenKey(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }
}
