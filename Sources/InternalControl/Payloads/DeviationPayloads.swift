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
    /// How many occurrences this record stands for (default 1).
    public let count: Int64
    public let description: String

    public init(validated o: [String: JSONValue]) {
        deviationId = o.text("deviationId")
        controlId = o.text("controlId")
        observedOn = o.date("observedOn")
        unit = o.optionalText("unit")
        category = o.optionalText("category")
        severity = o.text("severity")
        count = o["count"]?.integerValue ?? 1
        description = o.text("description")
    }
}

/// `DeviationClosed`: the deviation has been dealt with.
public struct DeviationClosed: DomainPayload {
    public static let eventType = EventType.deviationClosed
    public let deviationId: String
    public let closedOn: CalendarDate
    public let resolution: String?

    public init(validated o: [String: JSONValue]) {
        deviationId = o.text("deviationId")
        closedOn = o.date("closedOn")
        resolution = o.optionalText("resolution")
    }
}
