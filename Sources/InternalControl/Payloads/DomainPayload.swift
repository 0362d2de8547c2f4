import EventLog

/// The payload of one event type of the catalogue, as a typed value. The same struct serves validation (rules
/// across fields), the append rules, the projections and rendering; it is read from and written to JSON by its
/// `Codable` conformance, whose member names are the catalogue's field names (a test keeps the two equal).
public protocol DomainPayload: Codable, Sendable, Hashable {
    static var eventType: EventType { get }
    /// Rules across fields (`deviating ≤ examined`, …); empty when they hold.
    var crossFieldProblems: [FieldProblem] { get }
}

extension DomainPayload {
    public var crossFieldProblems: [FieldProblem] { [] }
}

/// A period of effective dates inside a payload.
public struct DateSpan: Codable, Sendable, Hashable {
    public let from: CalendarDate
    public let to: CalendarDate

    public init(from: CalendarDate, to: CalendarDate) {
        self.from = from
        self.to = to
    }

    /// The dates, or `nil` when `to` lies before `from` (refused on append; possible in stores written before).
    public var dates: ClosedRange<CalendarDate>? { from <= to ? from...to : nil }

    var problems: [FieldProblem] {
        from <= to ? [] : [FieldProblem("period.to", "\"\(to)\"", "must not be before period.from (\(from))")]
    }
}
