import EventLog
import InternalControl

/// How an access event is redacted: the rule `ik redact` gives to ``AppendRules/recordedElsewhere``.
///
/// An ``AccessEventType/detailsRecorded`` event goes whole, like a domain fact: the ledger then knows no name or
/// reason from it. An access event written before details were recorded apart may hold a display name, a reason or
/// a token's label (its personal fields); its redaction carries every other field verbatim in `kept`, and the ledger
/// reads the role history from there. Why `kept` is as good as the payload was: the `PayloadRedacted` is itself in
/// the hash chain (the ledger reads it only when it matches its digest, and the tree proves that digest), and this
/// rule compared `kept` with the target's payload — read only when it matched the target's digest — inside the write
/// transaction that removed it. An access event with nothing personal in it is never redacted: all of it is the record
/// of who could do what.
public struct AccessRedaction: RecordedElsewhereRedaction {
    public init() {}

    /// What a redaction of `payload`, the payload of an event of type `typeName`, keeps: every field but the personal
    /// ones; `nil` for an event that is not an access event, is redacted whole (details), or has nothing personal.
    public static func kept(ofType typeName: String, payload: JSONValue) -> JSONValue? {
        guard let type = AccessEventType(rawValue: typeName), type != .detailsRecorded,
            let object = payload.objectValue, type.personalFields.contains(where: { object[$0] != nil })
        else { return nil }
        return .object(object.filter { !type.personalFields.contains($0.key) })
    }

    public func problems(redacting target: Envelope, payload: JSONValue, kept: JSONValue?) -> [FieldProblem]? {
        guard let type = AccessEventType(rawValue: target.type) else { return nil }
        if type == .detailsRecorded {
            return kept.map { [FieldProblem("payload.kept", DraftDecoder.show($0),
                                            "an \(type.rawValue) is redacted whole; leave kept out")] } ?? []
        }
        guard let expected = Self.kept(ofType: target.type, payload: payload)?.objectValue else {
            return [FieldProblem("payload.targetId", "\"\(target.id)\"",
                                 "is an account event (\(type.rawValue)) that holds no personal data, only the account, "
                                     + "its role or a token's hash and expiry: the log's record of who could do what is never redacted")]
        }
        guard let kept = kept?.objectValue else {
            return [FieldProblem("payload.kept", kept.map(DraftDecoder.show),
                                 "must hold the fields of the \(type.rawValue) that are not personal data ("
                                     + expected.keys.sorted().joined(separator: ", ")
                                     + ") verbatim, so the record of who could do what stays; ik redact writes it")]
        }
        return RedactionRule.compare(.object(kept), expected: .object(expected), typeName: type.rawValue) {
            type.personalFields.contains($0)
        }
    }

    /// What the ledger reads of the access event `envelope` whose payload `redaction` (a checked `PayloadRedacted`
    /// payload that accounts for it) removed: what it kept, or for details the account alone; `nil` when it does not
    /// say, or names another account (the event is then damaged).
    static func remains(of envelope: Envelope, redaction: JSONValue) -> JSONValue? {
        guard let type = AccessEventType(rawValue: envelope.type) else { return nil }
        let account = String(envelope.stream.dropFirst(AccessEventType.stream(of: "").count))
        if type == .detailsRecorded { return ["account": .string(account)] }
        guard let kept = redaction["kept"], kept["account"]?.stringValue == account else { return nil }
        return kept
    }
}
