import EventLog

/// A payload type of the catalogue, read from an object that ``PayloadValidator`` has accepted.
public protocol DomainPayload: Sendable, Hashable {
    static var eventType: EventType { get }
    /// Reads the fields; the object has passed validation, so kinds and required fields hold.
    init(validated object: [String: JSONValue])
    /// Rules across fields (`deviating ≤ examined`, …); empty when they hold.
    var crossFieldProblems: [FieldProblem] { get }
}

extension DomainPayload {
    public var crossFieldProblems: [FieldProblem] { [] }
}

/// A period of effective dates inside a payload.
public struct DateSpan: Sendable, Hashable {
    public let from: CalendarDate
    public let to: CalendarDate

    init?(_ value: JSONValue?) {
        guard let from = value?["from"]?.date, let to = value?["to"]?.date else { return nil }
        self.from = from
        self.to = to
    }

    var problems: [FieldProblem] {
        from <= to ? [] : [FieldProblem("period.to", "\"\(to)\"", "must not be before period.from (\(from))")]
    }
}

extension JSONValue {
    var date: CalendarDate? { stringValue.flatMap(CalendarDate.init) }
    var strings: [String] { arrayValue?.compactMap(\.stringValue) ?? [] }
}

extension Dictionary where Key == String, Value == JSONValue {
    func text(_ key: String) -> String { self[key]?.stringValue ?? "" }
    func optionalText(_ key: String) -> String? { self[key]?.stringValue }
    func date(_ key: String) -> CalendarDate { self[key]?.date ?? CalendarDate(year: 1970, month: 1, day: 1)! }
    func number(_ key: String) -> Int64 { self[key]?.integerValue ?? 0 }
}

/// Reads a validated payload of `type` into its Swift type.
public enum DomainPayloads {
    public static func decode(_ type: EventType, _ object: [String: JSONValue]) -> any DomainPayload {
        switch type {
        case .planAdopted: PlanAdopted(validated: object)
        case .controlPointAdded: ControlPointAdded(validated: object)
        case .controlPointRevised: ControlPointRevised(validated: object)
        case .controlPointWithdrawn: ControlPointWithdrawn(validated: object)
        case .controlPerformed: ControlPerformed(validated: object)
        case .deviationRecorded: DeviationRecorded(validated: object)
        case .deviationClosed: DeviationClosed(validated: object)
        case .actionTaken: ActionTaken(validated: object)
        case .actionPlanned: ActionPlanned(validated: object)
        case .followUpRecorded: FollowUpRecorded(validated: object)
        case .reportSubmitted: ReportSubmitted(validated: object)
        case .eventCorrected: EventCorrected(validated: object)
        case .eventRetracted: EventRetracted(validated: object)
        case .payloadRedacted: PayloadRedacted(validated: object)
        }
    }
}
