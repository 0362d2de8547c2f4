import EventLog
import InternalControl

/// One plan's state for a period.
public struct PlanState: Sendable {
    public let planId: String
    public let organisation: String?
    public let year: Int64?
    public let adoptedOn: CalendarDate?
    public let reportTo: [String]
    public let controls: [ControlState]
    /// Actions that name no control point.
    public let otherActions: [ActionState]
    /// Control points (not withdrawn) by their ``ControlState/standing`` in the period.
    public let assessments: [String: Int]
    public let reports: [ReportState]
    public let redactedSeqs: [UInt64]
    public let sources: [UInt64]

    /// Control points not withdrawn.
    public var activeControls: [ControlState] { controls.filter { !$0.withdrawn } }
    /// Control points due in the period ("9 av 19 kontrollmoment aktuella").
    public var dueCount: Int { activeControls.filter(\.due).count }
}

/// One control point's figures for a period.
public struct ControlState: Sendable {
    /// The control point's number in the fold (the seq of its stream's first event).
    public let thing: UInt64
    public let controlId: String
    public let area: String?
    public let title: String?
    public let method: String?
    public let responsible: String?
    public let frequency: String?
    public let withdrawn: Bool
    public let withdrawnReason: String?
    /// When the control is due, as period names (version 2); `nil` when its frequency decides.
    public let schedule: [String]?
    /// The risk area it belongs to and its own risk assessment, if given.
    public let riskAreaId: String?
    public let risk: Risk?
    /// Whether the control point is due in the period (``ScheduleRules/isDue(schedule:planYear:in:)``). One not
    /// due and without results is "ej aktuell", never "ej genomförd".
    public let due: Bool
    /// Controls carried out in the period, in full or in part (results counted in the period whose assessment is
    /// not `not-performed`; a wider, later result replaces an interim one it covers).
    public let performed: Int
    /// Of ``performed``, those carried out only in part (delvis genomförd).
    public let partlyPerformed: Int
    public let planned: Int64?
    public let examined: Int64
    public let deviating: Int64
    public let serious: Int64
    public let latestAssessment: String?
    public let latestPerformedOn: CalendarDate?
    public let indicators: [IndicatorTotal]
    public let results: [String]
    public let deviations: [UnitDeviations]
    public let deviationDetails: [DeviationState]
    public let actions: [ActionState]
    /// Seqs of the performances (and their corrections) behind the figures.
    public let performanceSources: [UInt64]
    /// Seqs of the control point's own events.
    public let sources: [UInt64]

    /// How the control point stands in the period: its latest assessment when it has a result, else
    /// `not-performed` when it is due and `not-due` when it is not.
    public var standing: String {
        if withdrawn { return "withdrawn" }
        if let latestAssessment, latestAssessment != "not-performed" || due { return latestAssessment }
        return due ? "not-performed" : "not-due"
    }

    /// Examined without deviation: "80 av 163".
    public var compliant: Int64 { examined.addingSaturating(deviating == .min ? .max : -deviating) }
    /// Deviations recorded in the period (sum of counts).
    public var deviationsRecorded: Int64 { deviations.saturatingSum(\.recorded) }
    public var deviationsOpen: Int64 { deviations.saturatingSum(\.open) }
}

/// An indicator summed over the results counted in a period: "121 of 144 reports submitted".
public struct IndicatorTotal: Sendable, Hashable {
    public let name: String
    public var numerator: Int64
    public var denominator: Int64
}

/// Deviations of one unit and severity.
public struct UnitDeviations: Sendable {
    public let unit: String?
    public let severity: String
    public var recorded: Int64
    public var open: Int64
    public var sources: [UInt64]
}

/// One deviation recorded in the period, with its texts.
public struct DeviationState: Sendable {
    public let deviationId: String
    public let observedOn: CalendarDate
    public let unit: String?
    public let category: String?
    public let severity: String
    public let count: Int64
    public let description: String
    public let closedOn: CalendarDate?
    public let sources: [UInt64]
}

/// One action, with its latest follow-up known at the reference date.
public struct ActionState: Sendable {
    public let actionId: String
    /// Planned (förslag, handlingsplan) or taken (vidtagen).
    public let planned: Bool
    public let date: CalendarDate
    public let description: String
    public let owner: String?
    public let dueOn: CalendarDate?
    public let deviationIds: [String]
    /// The latest follow-up's status known at the reference date.
    public let status: String?
    public let lastFollowUpOn: CalendarDate?
    public let finding: String?
    public let nextFollowUpOn: CalendarDate?
    public let overdue: Bool
    public let sources: [UInt64]
}

/// A report submitted for the plan.
public struct ReportState: Sendable {
    public let reportId: String
    public let submittedOn: CalendarDate
    public let to: String
    public let decisionRef: String?
    public let covers: ClosedRange<CalendarDate>?
    public let sources: [UInt64]
}

/// Where a projection's knowledge ends: the last seq it includes and when that was recorded.
public struct KnowledgeInfo: Sendable, Hashable {
    public let seq: UInt64
    public let recordedAt: Instant?
    /// The day statuses are judged at: the knowledge point's date in Stockholm.
    public let referenceDate: CalendarDate
    public let treeSize: UInt64
    public let root: MerkleHash
}

/// The state of one or more plans for a period as known at a point.
public struct StateView: Sendable {
    public let knowledge: KnowledgeInfo
    public let period: Period
    public let plans: [PlanState]
}
