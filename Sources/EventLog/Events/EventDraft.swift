import Foundation
/// An event as a caller proposes it; the store assigns seq, id, stream version and recorded time.
public struct EventDraft: Sendable, Hashable {
    public var type: String
    public var schemaVersion: Int64
    public var stream: String
    public var effectiveAt: CalendarDate
    public var actor: String
    /// A retried append with the same key returns the original event instead of writing a new one.
    public var idempotencyKey: String?
    /// The version the stream must be at before this event (0: the stream must not exist yet).
    public var expectedVersion: UInt64?
    /// A JSON object.
    public var payload: JSONValue
    /// How the actor was established (``EventVia``); set by the writer, never by a draft's JSON.
    public var via: String?

    public init(
        type: String, schemaVersion: Int64 = 1, stream: String, effectiveAt: CalendarDate, actor: String,
        idempotencyKey: String? = nil, expectedVersion: UInt64? = nil, payload: JSONValue, via: String? = nil
    ) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.stream = stream
        self.effectiveAt = effectiveAt
        self.actor = actor
        self.idempotencyKey = idempotencyKey
        self.expectedVersion = expectedVersion
        self.payload = payload
        self.via = via
    }
}

/// One event as stored: its envelope and, unless redacted, its payload.
public struct StoredEvent: Sendable, Hashable {
    public let envelope: Envelope
    /// `nil` once the payload has been redacted.
    public let payload: JSONValue?
    /// The payload's salt: `payloadDigest` = SHA-256(salt ‖ canonical payload). `nil` once redacted, and for
    /// events stored before payloads were salted (their digest is SHA-256(canonical payload)).
    public let salt: [UInt8]?

    public init(envelope: Envelope, payload: JSONValue?, salt: [UInt8]? = nil) {
        self.envelope = envelope
        self.payload = payload
        self.salt = salt
    }

    /// The line of `ik export log --format jsonl`: `{"envelope": {…}, "payload": {…} | null, "salt": hex}`
    /// (`salt` absent once redacted or for unsalted events).
    public var exportLine: [UInt8] {
        var line: [String: JSONValue] = ["envelope": envelope.json, "payload": payload ?? .null]
        if let salt, payload != nil { line["salt"] = .string(MerkleHash.hex(salt)) }
        return CanonicalJSON.encode(.object(line))
    }
}

extension EventDraft {
    /// This draft with its actor and idempotency key in Unicode's composed form (NFC): text that is the same
    /// text by Unicode (`é` as one character or as `e` and an accent) is one actor and one key, so a retry from a
    /// system that decomposes text is still a retry (red team 8: equivalent-key-records-twice).
    var withComposedText: EventDraft {
        let ascii = EnvelopeText.isPrintableASCII(actor) && (idempotencyKey.map(EnvelopeText.isPrintableASCII) ?? true)
        guard !ascii else { return self }
        var draft = self
        draft.actor = actor.precomposedStringWithCanonicalMapping
        draft.idempotencyKey = idempotencyKey?.precomposedStringWithCanonicalMapping
        return draft
    }
}
