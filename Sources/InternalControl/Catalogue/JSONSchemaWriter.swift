import EventLog

/// The JSON Schemas (2020-12) of the public contract, generated from the same field descriptions the
/// validator uses. `ik schemas --out Schemas` writes them; a test keeps the committed files equal to them.
public enum JSONSchemaWriter {
    public static let base = "https://schemas.ikstore.se/v1/"
    static let dialect = "https://json-schema.org/draft/2020-12/schema"
    /// Types that other modules record in the same log: Accounts' access events (AccessEventType; AccountsTests
    /// keeps them equal), and a replica's promotion (``EventStore/promotionEventType``). The envelope schema lists
    /// them, so that the log of a store with accounts, or a promoted replica, validates.
    public static let accessEventTypes = ["AccessGranted", "AccessChanged", "AccessRevoked", "TokenIssued", "PasswordChanged",
                                          "AccountDetailsRecorded"]
    public static let otherRecordedTypes = accessEventTypes + [EventStore.promotionEventType]

    /// Relative path → schema, for every event type, the draft and the envelope.
    public static func all() -> [(path: String, schema: JSONValue)] {
        var result: [(String, JSONValue)] = [("envelope.schema.json", envelope()), ("draft.schema.json", draft())]
        for type in EventType.allCases { result.append(("events/\(type.rawValue).schema.json", payload(of: type))) }
        return result
    }

    /// The schema of one type's payload.
    public static func payload(of type: EventType) -> JSONValue {
        var schema = object(type.fields)
        schema["$schema"] = .string(dialect)
        schema["$id"] = .string(base + "events/\(type.rawValue).schema.json")
        schema["title"] = .string("\(type.titles.sv) (\(type.rawValue))")
        schema["description"] = .string("\(type.titles.en). Payload of a \(type.rawValue) event; "
            + "stream \(type.kind.map { "\($0.rawValue)-{\(type.streamField ?? "id")}" } ?? "of the target event")."
            + (type.since > 1 ? " Schema version \(type.since)." : ""))
        return .object(schema)
    }

    static func object(_ fields: [FieldSpec]) -> [String: JSONValue] {
        var properties: [String: JSONValue] = [:]
        for field in fields { properties[field.name] = property(field) }
        var schema: [String: JSONValue] = [
            "type": "object", "properties": .object(properties), "additionalProperties": false,
        ]
        let required = fields.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { schema["required"] = .array(required) }
        return schema
    }

    static func property(_ field: FieldSpec) -> JSONValue {
        var schema = kind(field.kind)
        schema["title"] = .string(field.sv)
        schema["description"] = .string(field.en + note(field.kind) + (field.since > 1 ? " Schema version \(field.since)." : ""))
        return .object(schema)
    }

    static func note(_ kind: FieldKind) -> String {
        switch kind {
        case .pastDate: ". A real date, not in the future (Europe/Stockholm)."
        case .plannedDate: ". A real date; may lie in the future."
        case .text: ". Free text; a Swedish personal identity number in it is refused."
        case .id: ". A short id chosen by you, unique within its kind."
        case .eventID: ". The id (UUID) of an event in the log."
        case .periodList: ". Period names: 2015, 2015-H1, 2015-T2, 2015-Q3, 2015-05."
        default: "."
        }
    }

    static func kind(_ kind: FieldKind) -> [String: JSONValue] {
        switch kind {
        case .id: ["type": "string", "minLength": 1, "maxLength": 64, "pattern": #"^[^\s]+$"#]
        case .text(let maxLength): ["type": "string", "minLength": 1, "maxLength": .integer(Int64(maxLength))]
        case .pastDate, .plannedDate: ["type": "string", "format": "date", "pattern": #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#]
        case .count(let minimum, let maximum): ["type": "integer", "minimum": .integer(minimum), "maximum": .integer(maximum)]
        case .range(let range): ["type": "integer", "minimum": .integer(range.lowerBound), "maximum": .integer(range.upperBound)]
        case .choice(let words): ["type": "string", "enum": .array(words.map { .string($0) })]
        case .idList: ["type": "array", "maxItems": 500, "items": .object(self.kind(.id))]
        case .textList(let maxLength): ["type": "array", "maxItems": 500, "items": .object(self.kind(.text(maxLength: maxLength)))]
        case .periodList:
            ["type": "array", "minItems": 1, "maxItems": 500,
             "items": ["type": "string", "pattern": #"^[0-9]{4}(-(H[12]|T[1-3]|Q[1-4]|0[1-9]|1[0-2]))?$"#]]
        case .object(let fields): object(fields)
        case .objectList(let fields): ["type": "array", "maxItems": 500, "items": .object(object(fields))]
        case .hex64: ["type": "string", "pattern": "^[0-9a-f]{64}$"]
        case .eventID: ["type": "string", "format": "uuid", "pattern": "^[0-9a-fA-F-]{36}$"]
        case .anyObject: ["type": "object"]
        }
    }

    /// The schema of an event draft as `ik append` reads it.
    public static func draft() -> JSONValue {
        let types = EventType.allCases.map { JSONValue.string($0.rawValue) }
        var dispatch: [JSONValue] = EventType.allCases.map { type in
            [
                "if": ["properties": ["type": ["const": .string(type.rawValue)]]],
                "then": ["properties": ["payload": ["$ref": .string("events/\(type.rawValue).schema.json")]]],
            ]
        }
        // A draft that names schemaVersion 1 uses no type or field of a later version (one without it gets the
        // version its payload needs).
        let namesOne: JSONValue = ["required": ["schemaVersion"], "properties": ["schemaVersion": ["const": 1]]]
        let laterTypes = EventType.allCases.filter { $0.since > 1 }.map { JSONValue.string($0.rawValue) }
        dispatch.append(["if": namesOne, "then": ["properties": ["type": ["not": ["enum": .array(laterTypes)]]]]])
        for type in EventType.allCases {
            let later = type.fields.filter { $0.since > 1 }.map { JSONValue.string($0.name) }
            guard !later.isEmpty else { continue }
            dispatch.append([
                "if": ["required": ["schemaVersion", "type"],
                       "properties": ["schemaVersion": ["const": 1], "type": ["const": .string(type.rawValue)]]],
                "then": ["properties": ["payload": ["not": ["anyOf": .array(later.map { ["required": [$0]] })]]]],
            ])
        }
        return [
            "$schema": .string(dialect), "$id": .string(base + "draft.schema.json"),
            "title": "Händelseutkast (event draft)",
            "description": .string("An event as `ik append` reads it: one object, an array of them, or one per line (JSON Lines). "
                + "The store assigns seq, id, stream version and recorded time."),
            "type": "object", "additionalProperties": false, "required": ["type", "payload"],
            "properties": [
                "type": ["title": "Händelsetyp", "description": "The event type.", "enum": .array(types)],
                "payload": ["title": "Innehåll", "description": "The event's fields; see events/TYPE.schema.json.",
                            "type": "object"],
                "effectiveAt": ["title": "Gäller datum", "description": .string("When it happened. Defaults to the payload's date; "
                    + "required only for types without one (else today)."), "type": "string", "format": "date"],
                "actor": ["title": "Registrerad av", "description": "Who records it; default $IK_ACTOR or $USER.",
                          "type": "string", "minLength": 1],
                "idempotencyKey": ["title": "Idempotensnyckel", "description": .string("A retry with the same key returns the "
                    + "original event and writes nothing."), "type": "string", "minLength": 1, "maxLength": 256],
                "expectedVersion": ["title": "Förväntad version", "description": .string("The stream's version before this "
                    + "event (0: a new stream)."), "type": "integer", "minimum": 0],
                "stream": ["title": "Ström", "description": "Derived from the payload; if given it must match.",
                           "type": "string"],
                "schemaVersion": ["title": "Schemaversion", "description": .string("Version of the payload schema. Default: "
                    + "the least version the payload needs (1, or 2 for RiskAreaAdded and the version-2 fields); a draft that "
                    + "names 1 and uses a version-2 field is refused."),
                                  "type": "integer", "enum": .array(EventCatalogue.schemaVersions.map { .integer($0) })],
            ],
            "allOf": .array(dispatch),
        ]
    }

    /// The schema of a stored envelope (the `envelope` of an exported line).
    public static func envelope() -> JSONValue {
        [
            "$schema": .string(dialect), "$id": .string(base + "envelope.schema.json"),
            "title": "Kuvert (envelope)",
            "description": .string("What the log stores about every event besides its payload. Its RFC 8785 canonical bytes are "
                + "the Merkle leaf: leaf = SHA-256(0x00 || envelope)."),
            "type": "object", "additionalProperties": false,
            "required": ["seq", "id", "type", "schemaVersion", "stream", "streamVersion", "recordedAt", "effectiveAt",
                         "actor", "payloadDigest"],
            "properties": [
                "seq": ["title": "Löpnummer", "description": "Position in the log: 1, 2, 3 … without gaps.",
                        "type": "integer", "minimum": 1],
                "id": ["title": "Händelse-id", "description": "UUID of the event.", "type": "string", "format": "uuid"],
                "type": ["title": "Händelsetyp", "description": "The event type.",
                         "enum": .array((EventType.allCases.map(\.rawValue) + otherRecordedTypes).map { .string($0) })],
                "schemaVersion": ["title": "Schemaversion", "description": "Version of the payload schema.",
                                  "type": "integer", "minimum": 1],
                "stream": ["title": "Ström", "description": "plan-…, control-…, riskarea-…, deviation-…, action-… or account-…", "type": "string"],
                "streamVersion": ["title": "Version i strömmen", "description": "1 for the stream's first event.",
                                  "type": "integer", "minimum": 1],
                "recordedAt": ["title": "Registrerad", "description": .string("When the store learned it (UTC, RFC 3339); never "
                    + "earlier than the event before."), "type": "string", "format": "date-time"],
                "effectiveAt": ["title": "Gäller datum", "description": "When it happened (Europe/Stockholm).",
                                "type": "string", "format": "date"],
                "actor": ["title": "Registrerad av", "description": "Who recorded it.", "type": "string"],
                "idempotencyKey": ["title": "Idempotensnyckel", "description": "The client's retry key.", "type": "string"],
                "clock": ["title": "Vald tid", "description": .string("Present only when recordedAt was chosen (a pinned "
                    + "clock, IK_NOW), which only a test store allows: such an event says nothing about when anything was "
                    + "known."), "const": .string(Envelope.pinnedClockValue)],
                "via": ["title": "Registrerad via", "description": .string("How the actor was established: \"server\" "
                    + "(the account signed in to ik serve) or \"cli:USER\" (the command line, run by the system user USER; "
                    + "the actor is then only the name given there). Absent in events written before it was recorded."),
                    "type": "string", "pattern": "^(server|cli:[!-~]{1,64})$"],
                "payloadDigest": ["title": "Innehållets kontrollsumma", "description": .string("SHA-256 of the payload's "
                    + "16-byte salt followed by its canonical payload (the salt is exported beside the payload); remains when "
                    + "the payload and its salt are redacted."), "type": "string", "pattern": "^[0-9a-f]{64}$"],
            ],
        ]
    }
}
