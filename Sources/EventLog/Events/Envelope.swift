/// What the log stores about every event besides its payload. Its canonical JSON is the Merkle leaf.
public struct Envelope: Sendable, Hashable {
    /// Position in the log, 1, 2, 3 … without gaps.
    public var seq: UInt64
    /// A UUID, lowercase.
    public var id: String
    public var type: String
    public var schemaVersion: Int64
    public var stream: String
    /// 1 for the first event of the stream.
    public var streamVersion: UInt64
    /// When the store learned of the event; never earlier than the event before it.
    public var recordedAt: Instant
    /// When the thing happened in the organisation.
    public var effectiveAt: CalendarDate
    public var actor: String
    public var idempotencyKey: String?
    /// SHA-256 of the payload's canonical bytes; stays when the payload is redacted.
    public var payloadDigest: MerkleHash
    /// True when `recordedAt` was chosen (a pinned clock, `IK_NOW`, which only a test store accepts): written as
    /// `"clock":"pinned"`, so the mark is in the hashed bytes and cannot be taken off by editing the store's meta.
    public var pinnedClock: Bool
    /// How the actor was established, when the writer said: ``EventVia`` (`server`: the account signed in to
    /// `ik serve`; `cli:USER`: the command line, run by the system user USER, the actor only a name given there).
    public var via: String?

    public init(
        seq: UInt64, id: String, type: String, schemaVersion: Int64, stream: String, streamVersion: UInt64,
        recordedAt: Instant, effectiveAt: CalendarDate, actor: String, idempotencyKey: String?,
        payloadDigest: MerkleHash, pinnedClock: Bool = false, via: String? = nil
    ) {
        self.seq = seq
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.stream = stream
        self.streamVersion = streamVersion
        self.recordedAt = recordedAt
        self.effectiveAt = effectiveAt
        self.actor = actor
        self.idempotencyKey = idempotencyKey
        self.payloadDigest = payloadDigest
        self.pinnedClock = pinnedClock
        self.via = via
    }

    /// The value of the envelope's `clock` field of an event whose recorded time was chosen.
    public static let pinnedClockValue = "pinned"

    /// The envelope as a JSON object (the `envelope` of an exported line).
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "seq": .integer(Int64(seq)), "id": .string(id), "type": .string(type),
            "schemaVersion": .integer(schemaVersion), "stream": .string(stream),
            "streamVersion": .integer(Int64(streamVersion)), "recordedAt": .string(recordedAt.description),
            "effectiveAt": .string(effectiveAt.description), "actor": .string(actor),
            "payloadDigest": .string(payloadDigest.hex),
        ]
        if let idempotencyKey { members["idempotencyKey"] = .string(idempotencyKey) }
        if pinnedClock { members["clock"] = .string(Self.pinnedClockValue) }
        if let via { members["via"] = .string(via) }
        return .object(members)
    }

    /// The RFC 8785 bytes that are stored and hashed. Written field by field in canonical key order,
    /// which equals `CanonicalJSON.encode(json)` (a test holds the two together) without building a dictionary.
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(384)
        // Each member's key with its quotes, colon and the comma before it, in one append.
        func key(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        key("{\"actor\":")
        CanonicalJSON.writeString(actor, to: &out)
        if pinnedClock {
            key(",\"clock\":")
            CanonicalJSON.writeString(Self.pinnedClockValue, to: &out)
        }
        key(",\"effectiveAt\":\"")
        effectiveAt.write(to: &out)
        out.append(UInt8(ascii: "\""))
        key(",\"id\":")
        CanonicalJSON.writeString(id, to: &out)
        if let idempotencyKey {
            key(",\"idempotencyKey\":")
            CanonicalJSON.writeString(idempotencyKey, to: &out)
        }
        key(",\"payloadDigest\":\"")
        payloadDigest.writeHex(to: &out)
        out.append(UInt8(ascii: "\""))
        key(",\"recordedAt\":\"")
        recordedAt.write(to: &out)
        out.append(UInt8(ascii: "\""))
        key(",\"schemaVersion\":")
        CanonicalJSON.writeInteger(schemaVersion, to: &out)
        key(",\"seq\":")
        CanonicalJSON.writeInteger(Int64(seq), to: &out)
        key(",\"stream\":")
        CanonicalJSON.writeString(stream, to: &out)
        key(",\"streamVersion\":")
        CanonicalJSON.writeInteger(Int64(streamVersion), to: &out)
        key(",\"type\":")
        CanonicalJSON.writeString(type, to: &out)
        if let via {
            key(",\"via\":")
            CanonicalJSON.writeString(via, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Reads an envelope from its JSON object.
    /// - Throws: ``EnvelopeError`` naming the first field that is missing or malformed.
    public init(json: JSONValue) throws(EnvelopeError) {
        guard let m = json.objectValue else { throw .notAnObject }
        func string(_ key: String) throws(EnvelopeError) -> String {
            guard let value = m[key]?.stringValue else { throw .badField(key) }
            return value
        }
        func count(_ key: String) throws(EnvelopeError) -> UInt64 {
            guard let value = m[key]?.integerValue, value >= 0 else { throw .badField(key) }
            return UInt64(value)
        }
        let known: Set<String> = [
            "seq", "id", "type", "schemaVersion", "stream", "streamVersion", "recordedAt", "effectiveAt", "actor",
            "idempotencyKey", "payloadDigest", "clock", "via",
        ]
        if let unknown = m.keys.first(where: { !known.contains($0) }) { throw .unknownField(unknown) }
        seq = try count("seq")
        id = try string("id")
        type = try string("type")
        guard let schema = m["schemaVersion"]?.integerValue else { throw .badField("schemaVersion") }
        schemaVersion = schema
        stream = try string("stream")
        streamVersion = try count("streamVersion")
        guard let recorded = Instant(rfc3339: try string("recordedAt")) else { throw .badField("recordedAt") }
        recordedAt = recorded
        guard let effective = CalendarDate(try string("effectiveAt")) else { throw .badField("effectiveAt") }
        effectiveAt = effective
        actor = try string("actor")
        if let key = m["idempotencyKey"] {
            guard let text = key.stringValue else { throw .badField("idempotencyKey") }
            idempotencyKey = text
        } else {
            idempotencyKey = nil
        }
        guard let digest = MerkleHash(hex: try string("payloadDigest")) else { throw .badField("payloadDigest") }
        payloadDigest = digest
        if let clock = m["clock"] {
            guard clock.stringValue == Self.pinnedClockValue else { throw .badField("clock") }
            pinnedClock = true
        } else {
            pinnedClock = false
        }
        if let given = m["via"] {
            guard let text = given.stringValue else { throw .badField("via") }
            via = text
        } else {
            via = nil
        }
    }

    /// Reads an envelope from stored bytes.
    public init(bytes: UnsafeRawBufferPointer) throws(EnvelopeError) {
        let json: JSONValue
        do { json = try JSONParser.parse(bytes) } catch { throw .notJSON(error.description) }
        try self.init(json: json)
    }
}

/// Why stored or exported bytes are not an envelope.
public enum EnvelopeError: Error, Sendable, Equatable, CustomStringConvertible {
    case notJSON(String)
    case notAnObject
    case badField(String)
    case unknownField(String)

    public var description: String {
        switch self {
        case .notJSON(let reason): "the envelope is not JSON: \(reason)"
        case .notAnObject: "the envelope is not a JSON object"
        case .badField(let field): "the envelope's field \"\(field)\" is missing or malformed"
        case .unknownField(let field): "the envelope has an unknown field \"\(field)\""
        }
    }
}
