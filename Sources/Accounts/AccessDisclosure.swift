import EventLog

/// What the log shows of the access events, and to whom: their payloads (role, display name, the reason for a change
/// or a revocation, a token's hash) to owners, who manage accounts, and to auditors, who audit access control and take
/// the verbatim copies (`export/log`, a replica through `ik follow`) that must hold every payload; to administrators
/// and readers the envelope alone, its payload withheld and the line marked `"withheld": "access"`. The envelope is what the tree hashes, so
/// roots, proofs and the verification of every other line are unchanged. Every route that hands out log lines
/// (the API's `log`, `export/log`, the web's log page and downloads) renders them here; the figures never read access
/// events.
public enum AccessDisclosure {
    /// The value of a withheld line's `withheld` member.
    public static let marker = "access"

    /// Whether `role` is shown the envelope of `envelope` without its payload: every event of an account's stream,
    /// the redaction of an access event too (what it kept names the account and its role).
    public static func withholds(_ envelope: Envelope, from role: Role) -> Bool {
        !role.allows(.manageAccounts) && !role.allows(.export)
            && (AccessEventType(rawValue: envelope.type) != nil || envelope.stream.hasPrefix(AccessEventType.stream(of: "")))
    }

    /// `event` as `role` may see it: an access event without its payload and salt for a role that may not manage
    /// accounts.
    public static func visible(_ event: StoredEvent, to role: Role) -> StoredEvent {
        withholds(event.envelope, from: role) ? StoredEvent(envelope: event.envelope, payload: nil, salt: nil) : event
    }

    /// The export line of `event` as `role` may see it.
    public static func exportLine(of event: StoredEvent, for role: Role) -> [UInt8] {
        guard withholds(event.envelope, from: role) else { return event.exportLine }
        return CanonicalJSON.encode(["envelope": event.envelope.json, "payload": .null, "withheld": .string(marker)])
    }
}
