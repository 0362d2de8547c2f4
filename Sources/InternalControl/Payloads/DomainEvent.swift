import EventLog

/// An event's payload read into the struct of its type: one case per type of the catalogue, so every `switch`
/// over it is exhaustive and a new type cannot compile without its rules and its projection.
public enum DomainEvent: Sendable, Hashable {
    case planAdopted(PlanAdopted)
    case controlPointAdded(ControlPointAdded)
    case controlPointRevised(ControlPointRevised)
    case controlPointWithdrawn(ControlPointWithdrawn)
    case controlPerformed(ControlPerformed)
    case deviationRecorded(DeviationRecorded)
    case deviationClosed(DeviationClosed)
    case actionTaken(ActionTaken)
    case actionPlanned(ActionPlanned)
    case followUpRecorded(FollowUpRecorded)
    case reportSubmitted(ReportSubmitted)
    case eventCorrected(EventCorrected)
    case eventRetracted(EventRetracted)
    case payloadRedacted(PayloadRedacted)
    case riskAreaAdded(RiskAreaAdded)

    /// Reads `payload` as an event of `type`.
    /// - Throws: `DecodingError` when a field is missing or of the wrong kind (the validator names such problems
    ///   first; this happens only for bytes that did not pass it).
    public init(_ type: EventType, payload: JSONValue) throws {
        let d = JSONValueDecoder()
        switch type {
        case .planAdopted: self = .planAdopted(try d.decode(PlanAdopted.self, from: payload))
        case .controlPointAdded: self = .controlPointAdded(try d.decode(ControlPointAdded.self, from: payload))
        case .controlPointRevised: self = .controlPointRevised(try d.decode(ControlPointRevised.self, from: payload))
        case .controlPointWithdrawn: self = .controlPointWithdrawn(try d.decode(ControlPointWithdrawn.self, from: payload))
        case .controlPerformed: self = .controlPerformed(try d.decode(ControlPerformed.self, from: payload))
        case .deviationRecorded: self = .deviationRecorded(try d.decode(DeviationRecorded.self, from: payload))
        case .deviationClosed: self = .deviationClosed(try d.decode(DeviationClosed.self, from: payload))
        case .actionTaken: self = .actionTaken(try d.decode(ActionTaken.self, from: payload))
        case .actionPlanned: self = .actionPlanned(try d.decode(ActionPlanned.self, from: payload))
        case .followUpRecorded: self = .followUpRecorded(try d.decode(FollowUpRecorded.self, from: payload))
        case .reportSubmitted: self = .reportSubmitted(try d.decode(ReportSubmitted.self, from: payload))
        case .eventCorrected: self = .eventCorrected(try d.decode(EventCorrected.self, from: payload))
        case .eventRetracted: self = .eventRetracted(try d.decode(EventRetracted.self, from: payload))
        case .payloadRedacted: self = .payloadRedacted(try d.decode(PayloadRedacted.self, from: payload))
        case .riskAreaAdded: self = .riskAreaAdded(try d.decode(RiskAreaAdded.self, from: payload))
        }
    }

    /// Reads stored canonical payload bytes as an event of `type`; `nil` when they are not one.
    public init?(_ type: EventType, bytes: UnsafeRawBufferPointer) {
        guard let value = try? JSONParser.parse(bytes), let event = try? DomainEvent(type, payload: value) else { return nil }
        self = event
    }

    /// The typed payload.
    public var payload: any DomainPayload {
        switch self {
        case .planAdopted(let p): p
        case .controlPointAdded(let p): p
        case .controlPointRevised(let p): p
        case .controlPointWithdrawn(let p): p
        case .controlPerformed(let p): p
        case .deviationRecorded(let p): p
        case .deviationClosed(let p): p
        case .actionTaken(let p): p
        case .actionPlanned(let p): p
        case .followUpRecorded(let p): p
        case .reportSubmitted(let p): p
        case .eventCorrected(let p): p
        case .eventRetracted(let p): p
        case .payloadRedacted(let p): p
        case .riskAreaAdded(let p): p
        }
    }

    public var type: EventType { Swift.type(of: payload).eventType }

    /// The payload as JSON, as it would be stored (its canonical form is ``CanonicalJSON/encode(_:)`` of this).
    public var json: JSONValue {
        // Encoding a payload struct cannot fail: it holds strings, whole numbers, dates and JSON values only.
        (try? JSONValueEncoder().encode(payload)) ?? .object([:])
    }

    /// Rules across the payload's fields.
    public var crossFieldProblems: [FieldProblem] { payload.crossFieldProblems }
}
