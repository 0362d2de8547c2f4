import EventLog

/// `DeviationRecorded`: an avvikelse found by a control.
public struct DeviationRecorded: DomainPayload {
    public static let eventType = EventType.deviationRecorded
    public let deviationId: String
    public let controlId: String
    public let observedOn: CalendarDate
    public let unit: String?
    public let category: String?
    /// `minor` or `serious`.
    public let severity: String
    public let count: Int64?
    public let description: String

    /// How many occurrences this record stands for (1 unless given).
    public var occurrences: Int64 { count ?? 1 }
}

/// `DeviationClosed`: the deviation has been dealt with.
public struct DeviationClosed: DomainPayload {
    public static let eventType = EventType.deviationClosed
    public let deviationId: String
    public let closedOn: CalendarDate
    public let resolution: String?
}
