/// The rule a leader's redaction must pass against its target's payload while a replica still holds it: the rule of
/// the leader's own append, given by the modules that know the payloads (EventLog does not), so a replica runs the
/// same implementation and a leader cannot make it keep what its append would refuse (red team 6: a `kept` giving an
/// account another role, cosigned, with the payload that proved otherwise deleted).
public struct RedactionCheck: Sendable {
    let body: @Sendable (_ target: Envelope, _ payload: JSONValue, _ redaction: JSONValue, _ log: LogView) throws -> [String]

    /// - Parameter body: the problems of redacting `target`, whose payload (checked against its digest) is
    ///   `payload`, by a `PayloadRedacted` whose payload is `redaction`; `log` holds both. Empty when it passes.
    public init(_ body: @escaping @Sendable (_ target: Envelope, _ payload: JSONValue, _ redaction: JSONValue,
                                             _ log: LogView) throws -> [String]) {
        self.body = body
    }
}
