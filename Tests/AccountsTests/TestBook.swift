import Foundation
import Testing

@testable import Accounts
@testable import EventLog

/// Account books over new stores in temporary directories, and the one edit of a stored payload that tests of
/// tampering make.
enum TestBook {
    /// A new store and its book, with `owner` (an owner) and then each of `accounts` added by it (bcrypt cost 4).
    static func make(_ label: String, owner: (name: String, password: String),
                     accounts: [(name: String, role: Role, password: String)]) throws -> AccountBook {
        let directory = NSTemporaryDirectory() + "ik-\(label)-" + UUID().uuidString
        let store = try EventStore.create(at: directory + "/store")
        let book = AccountBook(store: store, secrets: try SecretStore(storePath: directory + "/store", create: true))
        try book.add(owner.name, role: .owner, password: owner.password, actor: "setup", clock: .system, cost: 4)
        for account in accounts {
            try book.add(account.name, role: account.role, password: account.password, actor: owner.name, clock: .system,
                         cost: 4)
        }
        return book
    }

    /// Replaces the first `was` in the stored payload bytes of `seq` with `now` (as long), behind the log's back.
    static func editPayload(of book: AccountBook, seq: UInt64, replacing was: String, with now: String) throws {
        try book.store.environment.write { txn in
            let key = StorageKeys.seq(seq)
            var stored = try #require(try txn.copyValue(forKey: key, in: book.store.databases.payloads))
            let (old, new) = (Array(was.utf8), Array(now.utf8))
            let at = try #require((0...(stored.count - old.count)).first { Array(stored[$0..<($0 + old.count)]) == old })
            stored.replaceSubrange(at..<(at + old.count), with: new)
            try txn.put(stored, forKey: key, in: book.store.databases.payloads)
            return .commit
        }
    }
}
