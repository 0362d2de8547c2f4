/// Everything a committee report shows, already worded in its language: the templates only arrange it.
/// Plain values and arrays: Mustache renders it through reflection, `--format json` through `Encodable`.
public struct ReportModel: Sendable, Encodable {
    public struct Line: Sendable, Encodable {
        public let label: String
        public let text: String
    }

    public struct DeviationRow: Sendable, Encodable {
        public let unit: String
        public let severity: String
        public let recorded: String
        public let open: String
    }

    public struct ActionLine: Sendable, Encodable {
        public let actionId: String
        public let date: String
        public let description: String
        public let owner: String?
        public let dueOn: String?
        public let status: String?
        public let finding: String?
        public let overdue: Bool
    }

    public struct TrendRow: Sendable, Encodable {
        public let bucket: String
        public let performed: String
        public let examined: String
        public let deviating: String
        public let rate: String
    }

    public struct Control: Sendable, Encodable {
        public let number: Int
        public let controlId: String
        public let title: String
        public let area: String
        public let method: String?
        public let responsible: String?
        public let withdrawn: String?
        public let assessment: String
        /// A CSS class for the assessment: ok, partly, bad, none.
        public let assessmentClass: String
        public let figures: [Line]
        public let performances: [Line]
        public let results: [String]
        public let deviations: [DeviationRow]
        public let deviationTotal: String?
        public let actionsTaken: [ActionLine]
        public let actionsProposed: [ActionLine]
        public let trend: [TrendRow]
        public let trendTitle: String
        /// The trend chart as inline SVG (built by code, not from user text except escaped labels).
        public let chart: String
        public let hasFigures: Bool
        public let hasDeviations: Bool
        public let hasActionsTaken: Bool
        public let hasActionsProposed: Bool
        public let hasTrend: Bool
        public let hasResults: Bool
        public let hasPerformances: Bool
    }

    public let language: String
    public let labels: [String: String]
    public let title: String
    public let organisation: String
    public let planId: String
    public let controlArea: String
    public let reportedTo: String
    public let period: String
    public let reportDate: String
    public let summary: [Line]
    public let summaryText: String
    public let controls: [Control]
    public let otherActions: [ActionLine]
    public let hasOtherActions: Bool
    public let footer: String
    public let anchor: String
    public let treeSize: String
    public let root: String
    public let knownAt: String
    public let redacted: String?
}
