import LMDB

/// The entries of the `idempotency` index: one per keyed event, under its actor and key, so that one account's key
/// can neither confirm nor refuse another's event (the red team sent another account's key and was told "already
/// recorded", with that account's event; a different draft under it named the other event's seq). Stores written
/// before keys were scoped hold bare keys; they stay valid (``LogView/seq(forIdempotencyKey:actor:)``).
enum IdempotencyKeys {
    /// The entry of `actor`'s key: actor, NUL, key (neither may hold a control character, so this is unambiguous).
    static func entry(actor: String, key: String) -> [UInt8] {
        StorageKeys.key(actor.utf8.count + 1 + key.utf8.count) { $0.append(actor); $0.append(0); $0.append(key) }
    }

    /// The entry an earlier release wrote: the key alone.
    static func legacyEntry(key: String) -> [UInt8] { Array(key.utf8) }

    /// `meta` key set, to ``scopedOnlyValue``, when a store is created by a release that writes only scoped entries:
    /// such a store has no bare keys, so a key's lookup is one LMDB get instead of two (every keyed append makes one).
    static let scopedOnlyKey = Array("idempotencyEntries".utf8)
    static let scopedOnlyValue = Array("scoped".utf8)

    /// Whether the store holds only scoped entries (see ``scopedOnlyKey``).
    static func scopedOnly(_ txn: some Transaction, meta: Database) throws -> Bool {
        try txn.copyValue(forKey: scopedOnlyKey, in: meta) == scopedOnlyValue
    }
}
