/// Turns a draft's JSON object into an ``EventDraft``: the envelope fields a caller may give, checked
/// strictly (unknown fields are refused so that a typo never vanishes).
public struct DraftDecoder: Sendable {
    /// The fields a draft may have.
    public static let fields: Set<String> = [
        "type", "schemaVersion", "stream", "effectiveAt", "actor", "idempotencyKey", "expectedVersion", "payload",
    ]

    /// Who the draft is recorded as when it names no actor.
    public var defaultActor: String
    /// Derives the stream (and may default the effective date) from type and payload; `nil` leaves the
    /// draft's own `stream` field in charge.
    public var derive: @Sendable (_ type: String, _ payload: [String: JSONValue]) -> DerivedFields?

    /// What a domain derives from a payload.
    public struct DerivedFields: Sendable {
        public var stream: String?
        public var effectiveAt: CalendarDate?
        /// The schema version a draft that names none is recorded with (default 1).
        public var schemaVersion: Int64?
        public init(stream: String?, effectiveAt: CalendarDate?, schemaVersion: Int64? = nil) {
            self.stream = stream
            self.effectiveAt = effectiveAt
            self.schemaVersion = schemaVersion
        }
    }

    public init(
        defaultActor: String,
        derive: @escaping @Sendable (_ type: String, _ payload: [String: JSONValue]) -> DerivedFields? = { _, _ in nil }
    ) {
        self.defaultActor = defaultActor
        self.derive = derive
    }

    /// Decodes `value` (draft number `index` of the batch) or lists every problem with it.
    public func decode(_ value: JSONValue, index: Int) -> Result<EventDraft, DraftDecodingFailure> {
        var problems: [DraftProblem] = []
        func fail(_ path: String, _ value: String?, _ rule: String) {
            problems.append(DraftProblem(draftIndex: index, path: path, value: value, rule: rule))
        }
        guard let object = value.objectValue else {
            fail("", Self.show(value), "a draft must be a JSON object with type, effectiveAt and payload")
            return .failure(DraftDecodingFailure(problems: problems))
        }
        for key in CanonicalJSON.sortedKeys(object.keys) where !Self.fields.contains(key) {
            fail(key, nil, "unknown field; a draft has \(CanonicalJSON.sortedKeys(Self.fields).joined(separator: ", "))")
        }
        func string(_ key: String, required: Bool) -> String? {
            switch object[key] {
            case nil:
                if required { fail(key, nil, "required") }
                return nil
            case .string(let text)?:
                if text.isEmpty { fail(key, "\"\"", "must not be empty") }
                return text
            case let other?:
                fail(key, Self.show(other), "must be a string, not \(other.kindDescription)")
                return nil
            }
        }
        let type = string("type", required: true)
        let payload = object["payload"]
        var payloadObject: [String: JSONValue]?
        switch payload {
        case nil: fail("payload", nil, "required: the event's fields as a JSON object")
        case .object(let members)?: payloadObject = members
        case let other?: fail("payload", Self.show(other), "must be an object, not \(other.kindDescription)")
        }
        let derived = type.flatMap { t in payloadObject.flatMap { derive(t, $0) } }
        let givenStream = string("stream", required: false)
        if let givenStream, let derivedStream = derived?.stream, givenStream != derivedStream {
            fail("stream", givenStream, "must be \(derivedStream) for this event, or left out")
        }
        let stream = derived?.stream ?? givenStream ?? type
        var effectiveAt = derived?.effectiveAt
        if let text = string("effectiveAt", required: derived?.effectiveAt == nil) {
            if let date = CalendarDate(text) {
                effectiveAt = date
            } else {
                fail("effectiveAt", "\"\(text)\"", "must be a real date written YYYY-MM-DD")
            }
        }
        let actor = string("actor", required: false) ?? defaultActor
        let key = string("idempotencyKey", required: false)
        var expectedVersion: UInt64?
        if let raw = object["expectedVersion"] {
            if let number = raw.integerValue, number >= 0 {
                expectedVersion = UInt64(number)
            } else {
                fail("expectedVersion", Self.show(raw), "must be a whole number ≥ 0 (0: the stream must be new)")
            }
        }
        var schemaVersion: Int64 = derived?.schemaVersion ?? 1
        if let raw = object["schemaVersion"] {
            if let number = raw.integerValue, number >= 1 {
                schemaVersion = number
            } else {
                fail("schemaVersion", Self.show(raw), "must be a whole number ≥ 1")
            }
        }
        guard problems.isEmpty, let type, let stream, let effectiveAt, let payload else {
            return .failure(DraftDecodingFailure(problems: problems))
        }
        return .success(EventDraft(
            type: type, schemaVersion: schemaVersion, stream: stream, effectiveAt: effectiveAt, actor: actor,
            idempotencyKey: key, expectedVersion: expectedVersion, payload: payload))
    }

    /// A value as it appears in a message: JSON, cut short when long, with nothing a terminal would obey.
    public static func show(_ value: JSONValue) -> String {
        let text = String(decoding: CanonicalJSON.encode(value), as: UTF8.self)
        return VisibleText.escaped(text.count > 80 ? String(text.prefix(77)) + "…" : text)
    }
}

/// Every problem that kept a draft from decoding.
public struct DraftDecodingFailure: Error, Sendable, Hashable {
    public let problems: [DraftProblem]
}
