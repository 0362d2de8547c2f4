import EventLog

/// `PlanAdopted`: the committee adopted its internal control plan for a year.
public struct PlanAdopted: DomainPayload {
    public static let eventType = EventType.planAdopted
    public let planId: String
    public let organisation: String
    public let year: Int64
    public let adoptedOn: CalendarDate
    public let decisionRef: String?
    public let reportTo: [String]?
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
    public let basedOn: BasedOn?
    /// The committee paper's summary (sammanfattning), version 2.
    public let summary: String?
    /// Förslag till beslut, one decision each, version 2.
    public let proposedDecisions: [String]?
    /// Who prepared the paper and who approved it, as titles (version 2).
    public let preparedBy: String?
    public let approvedBy: String?

    /// A tree head as a report records it.
    public struct BasedOn: Codable, Sendable, Hashable {
        public let treeSize: Int64
        public let root: String

        /// The head as an anchor; `nil` when it is not one (a negative size, a root that is not 64 hex digits).
        public var anchor: Anchor? {
            guard treeSize >= 0, let hash = MerkleHash(hex: root) else { return nil }
            return Anchor(treeSize: UInt64(treeSize), root: hash)
        }
    }

    public var crossFieldProblems: [FieldProblem] { period?.problems ?? [] }
}
