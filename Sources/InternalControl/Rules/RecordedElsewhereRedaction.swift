import EventLog

/// The rule for redacting an event that another module records in this log (Accounts: access events), whose payload
/// this module does not know. That module gives it to ``AppendRules/recordedElsewhere``; without it such an event
/// is never redacted.
public protocol RecordedElsewhereRedaction: Sendable {
    /// The problems of redacting `target`, whose payload (checked against its digest) is `payload`, by a
    /// `PayloadRedacted` whose `kept` is `kept`; `nil` when the rule does not cover the target's type.
    func problems(redacting target: Envelope, payload: JSONValue, kept: JSONValue?) -> [FieldProblem]?
}
