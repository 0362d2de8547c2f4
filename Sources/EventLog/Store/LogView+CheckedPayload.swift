/// A payload read after checking it against the digest its envelope holds.
public enum CheckedPayload<T> {
    /// It matches: `body`'s result.
    case matches(T)
    /// The stored bytes (with their salt) do not hash to the digest: they were changed.
    case differs
    /// There is no payload (redacted, or removed).
    case missing
}

extension LogView {
    /// Runs `body` on the canonical JSON of `seq`'s payload if it hashes (with its salt) to `digest`, the
    /// `payloadDigest` of the event's envelope: a reader that trusts no unchecked byte reads payloads this way.
    public func withPayload<T>(at seq: UInt64, matching digest: MerkleHash,
                               _ body: (UnsafeRawBufferPointer) throws -> T) throws -> CheckedPayload<T> {
        try withStoredPayload(at: seq) { salt, json -> CheckedPayload<T> in
            PayloadRecord.digest(salt: salt, json: json) == digest ? .matches(try body(json)) : .differs
        } ?? .missing
    }
}
