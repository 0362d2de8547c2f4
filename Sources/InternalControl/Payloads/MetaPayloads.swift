import EventLog

/// `EventCorrected`: replaces the payload of an earlier event from this seq on.
public struct EventCorrected: DomainPayload {
    public static let eventType = EventType.eventCorrected
    public let targetId: String
    public let reason: String
    public let targetType: String?
    /// The full replacement payload, valid for the target's type.
    public let payload: JSONValue
}

/// `EventRetracted`: the target event no longer counts from this seq on (makulering).
public struct EventRetracted: DomainPayload {
    public static let eventType = EventType.eventRetracted
    public let targetId: String
    public let reason: String
}

/// `PayloadRedacted`: the target's payload bytes were removed (gallring, sekretess); its digest remains.
public struct PayloadRedacted: DomainPayload {
    public static let eventType = EventType.payloadRedacted
    public let targetId: String
    public let reason: String
    public let legalBasis: String?
    /// The plan of the redacted fact: once its payload is gone nothing else tells where it belonged.
    public let planId: String?
    /// For an event another module records (an account's access event written before its personal details were
    /// recorded apart): the target's fields that are not personal data, verbatim, checked against its payload at
    /// append by that module's rule (``RecordedElsewhereRedaction``). A domain fact's payload goes whole.
    public let kept: JSONValue?
}
