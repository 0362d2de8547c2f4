import EventLog

/// `PlanAdopted`: the committee adopted its internal control plan for a year.
public struct PlanAdopted: DomainPayload {
    public static let eventType = EventType.planAdopted
    public let planId: String
    public let organisation: String
    public let year: Int64
    public let adoptedOn: CalendarDate
    public let decisionRef: String?
    public let reportTo: [String]

    public init(validated o: [String: JSONValue]) {
        planId = o.text("planId")
        organisation = o.text("organisation")
        year = o.number("year")
        adoptedOn = o.date("adoptedOn")
        decisionRef = o.optionalText("decisionRef")
        reportTo = o["reportTo"]?.strings ?? []
    }
}

/// `ReportSubmitted`: a follow-up report went to the committee (or another body).
public struct ReportSubmitted: DomainPayload {
    public static let eventType = EventType.reportSubmitted
    public let reportId: String
    public let planId: String
    public let submittedOn: CalendarDate
    public let to: String
    public let period: DateSpan?
    public let decisionRef: String?
    /// The tree head the report was built from.
    public let basedOn: Anchor?

    public init(validated o: [String: JSONValue]) {
        reportId = o.text("reportId")
        planId = o.text("planId")
        submittedOn = o.date("submittedOn")
        to = o.text("to")
        period = DateSpan(o["period"])
        decisionRef = o.optionalText("decisionRef")
        if let size = o["basedOn"]?["treeSize"]?.integerValue,
            let root = o["basedOn"]?["root"]?.stringValue.flatMap(MerkleHash.init(hex:))
        {
            basedOn = Anchor(treeSize: UInt64(size), root: root)
        } else {
            basedOn = nil
        }
    }

    public var crossFieldProblems: [FieldProblem] { period?.problems ?? [] }
}
