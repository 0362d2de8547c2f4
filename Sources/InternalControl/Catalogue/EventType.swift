import EventLog

/// The event types of the catalogue in DESIGN.md (versions 1 and 2). New types go at the end: a type's place is
/// its code in the projections' records.
public enum EventType: String, Sendable, CaseIterable, Hashable {
    case planAdopted = "PlanAdopted"
    case controlPointAdded = "ControlPointAdded"
    case controlPointRevised = "ControlPointRevised"
    case controlPointWithdrawn = "ControlPointWithdrawn"
    case controlPerformed = "ControlPerformed"
    case deviationRecorded = "DeviationRecorded"
    case deviationClosed = "DeviationClosed"
    case actionTaken = "ActionTaken"
    case actionPlanned = "ActionPlanned"
    case followUpRecorded = "FollowUpRecorded"
    case reportSubmitted = "ReportSubmitted"
    case eventCorrected = "EventCorrected"
    case eventRetracted = "EventRetracted"
    case payloadRedacted = "PayloadRedacted"
    case riskAreaAdded = "RiskAreaAdded"

    /// The kinds of things with ids, each with its own stream prefix and id space.
    public enum Kind: String, Sendable, CaseIterable {
        case plan, control, deviation, action
        case riskArea = "riskarea"
    }

    /// The field holding the id of the thing whose stream the event belongs to.
    public var streamField: String? {
        switch self {
        case .planAdopted, .reportSubmitted: "planId"
        case .controlPointAdded, .controlPointRevised, .controlPointWithdrawn, .controlPerformed: "controlId"
        case .deviationRecorded, .deviationClosed: "deviationId"
        case .actionTaken, .actionPlanned, .followUpRecorded: "actionId"
        case .riskAreaAdded: "riskAreaId"
        case .eventCorrected, .eventRetracted, .payloadRedacted: nil
        }
    }

    /// The kind of thing the event's stream belongs to; `nil` for events about other events.
    public var kind: Kind? {
        switch self {
        case .planAdopted, .reportSubmitted: .plan
        case .controlPointAdded, .controlPointRevised, .controlPointWithdrawn, .controlPerformed: .control
        case .deviationRecorded, .deviationClosed: .deviation
        case .actionTaken, .actionPlanned, .followUpRecorded: .action
        case .riskAreaAdded: .riskArea
        case .eventCorrected, .eventRetracted, .payloadRedacted: nil
        }
    }

    /// The stream of an event about the thing with id `id`: `plan-SN-2024`, `control-SN-2024-LAK`, …
    public static func stream(of kind: Kind, id: String) -> String { "\(kind.rawValue)-\(id)" }

    /// The date field that says when the thing happened; it is the event's effective date.
    public var dateField: String? {
        switch self {
        case .planAdopted: "adoptedOn"
        case .controlPerformed: "performedOn"
        case .deviationRecorded: "observedOn"
        case .deviationClosed: "closedOn"
        case .actionTaken: "takenOn"
        case .actionPlanned: "plannedOn"
        case .followUpRecorded: "followedUpOn"
        case .reportSubmitted: "submittedOn"
        default: nil
        }
    }

    /// Whether this event creates the thing named by ``streamField`` (so its id must be new).
    public var createsThing: Bool {
        switch self {
        case .planAdopted, .controlPointAdded, .deviationRecorded, .actionTaken, .actionPlanned, .riskAreaAdded: true
        default: false
        }
    }

    /// Whether the event is about another event (correction, retraction, redaction).
    public var isAboutAnotherEvent: Bool { kind == nil }

    /// The name `ik record` uses: `plan`, `deviation`, `follow-up`, …
    public var recordName: String {
        switch self {
        case .planAdopted: "plan"
        case .controlPointAdded: "control-point"
        case .controlPointRevised: "control-point-revised"
        case .controlPointWithdrawn: "control-point-withdrawn"
        case .controlPerformed: "control-performed"
        case .deviationRecorded: "deviation"
        case .deviationClosed: "deviation-closed"
        case .actionTaken: "action-taken"
        case .actionPlanned: "action-planned"
        case .followUpRecorded: "follow-up"
        case .reportSubmitted: "report"
        case .eventCorrected: "correction"
        case .eventRetracted: "retraction"
        case .payloadRedacted: "redaction"
        case .riskAreaAdded: "risk-area"
        }
    }

    /// The schema version that added the type.
    public var since: Int64 { self == .riskAreaAdded ? 2 : 1 }

    /// The field holding the id that names this fact among others (its business id): a performance's or a
    /// report's own id, else the id of the thing its stream is about. `nil` for events about other events.
    public var keyField: String? {
        switch self {
        case .controlPerformed: "performanceId"
        case .reportSubmitted: "reportId"
        default: streamField
        }
    }

    /// The type named `name`: its type name (`DeviationRecorded`) or its `ik record` name (`deviation`).
    public init?(named name: String) {
        if let type = EventType(rawValue: name) {
            self = type
        } else if let type = EventType.allCases.first(where: { $0.recordName == name }) {
            self = type
        } else {
            return nil
        }
    }

    /// The payload's fields.
    public var fields: [FieldSpec] { EventCatalogue.fields(of: self) }
}
