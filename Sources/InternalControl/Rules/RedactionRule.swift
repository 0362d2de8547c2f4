import EventLog

/// THE rule of what a `PayloadRedacted` keeps of its target: a redaction removes text, not meaning. Every field the
/// catalogue does not mark as free text (``FieldSpec/keptOnRedaction``: ids, dates, numbers, choice words; for a
/// correction, those of its replacement payload) stays verbatim in `kept`, so the folds count the redacted event as
/// they did before, at every knowledge point. Checked against the target's payload while it is still there: by the
/// append (`ik redact`) and by a replica copying its leader's redaction, with this one implementation.
public enum RedactionRule {
    /// The problems of redacting `target`, whose payload (checked against its digest) is `payload`, by a
    /// `PayloadRedacted` whose `kept` is `kept`. `log` holds the target (a correction's target type is read there);
    /// `recordedElsewhere` rules the events other modules record (access events). Empty when it may be redacted so.
    public static func problems(redacting target: Envelope, payload: JSONValue, kept: JSONValue?, log: LogView,
                                recordedElsewhere: (any RecordedElsewhereRedaction)?) throws -> [FieldProblem] {
        if target.type == EventType.payloadRedacted.rawValue {
            return [FieldProblem("payload.targetId", "\"\(target.id)\"",
                                 "is itself a redaction; it holds no personal data and proves the one it records")]
        }
        guard let type = EventType(rawValue: target.type) else {
            // Found by the red team: a redacted AccessChanged or AccessRevoked gave the account its old role back. Only
            // the module that records such an event knows what of it must stay.
            guard let problems = recordedElsewhere?.problems(redacting: target, payload: payload, kept: kept) else {
                return [FieldProblem("payload.targetId", "\"\(target.id)\"",
                                     "is a \(target.type), recorded by ik itself; ik redact does not redact it")]
            }
            return problems
        }
        let expected = Self.kept(of: type, payload: payload, correcting: try correctedType(of: type, payload: payload, log: log))
        return compare(kept, expected: expected, typeName: target.type) { _ in false }
    }

    /// What a redaction of a `type` payload keeps: its fields that are not free text, verbatim (objects and lists
    /// of objects by their own fields). `correcting`: for a correction, the type of the event it corrects, whose
    /// fields its replacement payload has.
    public static func kept(of type: EventType, payload: JSONValue, correcting: EventType?) -> JSONValue {
        kept(payload, fields: type.fields, replacing: correcting)
    }

    /// The type of the event a correction's payload names (`nil` for other types or when the log does not have it).
    public static func correctedType(of type: EventType, payload: JSONValue, log: LogView) throws -> EventType? {
        guard type == .eventCorrected, let id = payload["targetId"]?.stringValue, let seq = try log.seq(forEventID: id)
        else { return nil }
        return try log.envelope(at: seq).flatMap { EventType(rawValue: $0.type) }
    }

    /// The event a fold reads in place of a redacted `type` payload: what the redaction kept, each required free-text
    /// field empty (records hold no text, so nothing reads them). `nil` when `kept` is not such a payload.
    public static func remains(of type: EventType, kept: JSONValue, correcting: EventType?) -> DomainEvent? {
        try? DomainEvent(type, payload: filled(kept, fields: type.fields, replacing: correcting))
    }

    /// The problems of `kept` against what the rule keeps (`expected`), each naming `payload.kept.FIELD`;
    /// `isPersonal` says which of the target's fields are personal data, for the message.
    public static func compare(_ kept: JSONValue?, expected: JSONValue, typeName: String,
                               isPersonal: (String) -> Bool) -> [FieldProblem] {
        let want = expected.objectValue ?? [:]
        guard let got = kept?.objectValue else {
            return [FieldProblem("payload.kept", kept.map(DraftDecoder.show),
                                 "must hold the fields of the \(typeName) that are not free text ("
                                     + (want.isEmpty ? "none" : want.keys.sorted().joined(separator: ", "))
                                     + ") verbatim, so what the log counts stays; ik redact writes it")]
        }
        return differences(got, want, at: "payload.kept", isPersonal: isPersonal)
    }

    /// Field by field, into objects both sides hold, so a problem names the innermost field that differs.
    private static func differences(_ got: [String: JSONValue], _ want: [String: JSONValue], at prefix: String,
                                    isPersonal: (String) -> Bool) -> [FieldProblem] {
        Set(want.keys).union(got.keys).sorted().flatMap { key -> [FieldProblem] in
            let path = "\(prefix).\(key)"
            switch (want[key], got[key]) {
            case (let want?, let got?) where want != got:
                if let inner = want.objectValue, let given = got.objectValue {
                    return differences(given, inner, at: path) { _ in false }
                }
                return [FieldProblem(path, DraftDecoder.show(got),
                                     "differs from the target's \(key) (\(DraftDecoder.show(want))); kept holds it verbatim")]
            case (let want?, nil):
                return [FieldProblem(path, nil, "is missing; the target's \(key) is \(DraftDecoder.show(want)), kept verbatim")]
            case (nil, let got?):
                return [FieldProblem(path, DraftDecoder.show(got), isPersonal(key)
                    ? "is personal data, which the redaction removes; leave it out of kept"
                    : "is not a field of the target that a redaction keeps (free text goes); kept holds the target's own fields")]
            default:
                return []
            }
        }
    }

    private static func kept(_ value: JSONValue, fields: [FieldSpec], replacing corrected: EventType?) -> JSONValue {
        guard let object = value.objectValue else { return value }
        var result: [String: JSONValue] = [:]
        for field in fields where field.keptOnRedaction {
            guard let value = object[field.name] else { continue }
            switch field.kind {
            case .object(let inner): result[field.name] = kept(value, fields: inner, replacing: nil)
            case .objectList(let inner): result[field.name] = value.arrayValue.map { .array($0.map { kept($0, fields: inner, replacing: nil) }) } ?? value
            case .anyObject: result[field.name] = kept(value, fields: corrected?.fields ?? [], replacing: nil)
            default: result[field.name] = value
            }
        }
        return .object(result)
    }

    private static func filled(_ value: JSONValue, fields: [FieldSpec], replacing corrected: EventType?) -> JSONValue {
        guard var object = value.objectValue else { return value }
        for field in fields {
            switch (field.kind, object[field.name]) {
            case (.text, nil) where field.required: object[field.name] = .string("")
            case (.textList, nil) where field.required: object[field.name] = .array([])
            case (.object(let inner), let inside?): object[field.name] = filled(inside, fields: inner, replacing: nil)
            case (.objectList(let inner), let list?):
                object[field.name] = list.arrayValue.map { .array($0.map { filled($0, fields: inner, replacing: nil) }) } ?? list
            case (.anyObject, let inside?): object[field.name] = filled(inside, fields: corrected?.fields ?? [], replacing: nil)
            default: break
            }
        }
        return .object(object)
    }
}
