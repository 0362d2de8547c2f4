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

    /// A submission of the report: to whom, when, under which diarienummer.
    public struct Submission: Sendable, Encodable {
        public let to: String
        public let date: String
        public let decisionRef: String?
    }

    /// A row of the risk matrix as text: the likelihood, and the labels in each consequence's cell.
    public struct RiskRow: Sendable, Encodable {
        public let likelihood: String
        public let cells: [String]
    }

    /// A control point's row in the traffic-light overview.
    public struct OverviewRow: Sendable, Encodable {
        public let number: Int
        public let controlId: String
        public let title: String
        public let riskArea: String?
        /// green, amber, red or grey.
        public let light: String
        public let lightWord: String
        public let standing: String
        /// The light as inline SVG (built by code).
        public let dot: String
    }

    public struct Control: Sendable, Encodable {
        public let number: Int
        public let controlId: String
        public let title: String
        public let area: String
        public let method: String?
        public let responsible: String?
        public let withdrawn: String?
        /// "Ändrad efter rapporten 2025-02-11: med avvikelse 16 → 17", when a figure changed after the report.
        public let changed: String?
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
    /// The plan, its adoption date and diarienummer: "Internkontrollplan 2015, fastställd 2015-01-21 (dnr SN 2015/12)".
    public let plan: String
    /// Where the report goes: "Socialförvaltningen → Socialnämnden (2015-08-20, dnr SN 2015/88) → Kommunstyrelsen".
    public let reportedTo: String
    public let submissions: [Submission]
    public let period: String
    public let reportDate: String
    public let preparedBy: String?
    public let approvedBy: String?
    /// The paper's own summary (sammanfattning) and proposed decisions, when the report gives them.
    public let paperSummary: String?
    public let proposedDecisions: [String]
    public let hasProposedDecisions: Bool
    public let summary: [Line]
    public let summaryText: String
    /// Said when any figure changed after the period's latest submitted report.
    public let changedNote: String?
    public let overview: [OverviewRow]
    public let hasRiskAreas: Bool
    /// The risk matrix as inline SVG, and what its numbers stand for; empty when nothing has a risk assessment.
    public let riskMatrix: String
    public let riskLegend: [Line]
    public let hasRiskMatrix: Bool
    /// The matrix as text rows (likelihood 4 to 1) under the consequence columns, for Markdown.
    public let riskRows: [RiskRow]
    public let riskColumns: [String]
    public let controls: [Control]
    public let otherActions: [ActionLine]
    public let hasOtherActions: Bool
    public let footer: String
    public let anchor: String
    public let treeSize: String
    public let root: String
    public let knownAt: String
    public let redacted: String?
    /// The witnessed head the footer names: its signed note with the cosignatures (``WitnessedHead``).
    public var witnessedNote: String? = nil
}
