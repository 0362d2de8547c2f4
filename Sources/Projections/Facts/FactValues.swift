import EventLog
import InternalControl

/// The fields of a fact that projections use, by event type. Long free texts are kept: reports quote them.
public enum FactValues: Sendable, Hashable {
    case plan(PlanFact)
    case controlPoint(ControlFact)
    case revision(ControlFact)
    case withdrawal(controlId: String, reason: String)
    case performance(PerformanceFact)
    case deviation(DeviationFact)
    case closing(deviationId: String, closedOn: CalendarDate, resolution: String?)
    case action(ActionFact)
    case followUp(FollowUpFact)
    case report(ReportFact)

    static func decode(_ type: EventType, from s: some FieldSource) -> FactValues? {
        switch type {
        case .planAdopted:
            return .plan(PlanFact(planId: s.string("planId") ?? "", organisation: s.string("organisation") ?? "",
                                  year: s.integer("year") ?? 0, adoptedOn: s.date("adoptedOn"),
                                  decisionRef: s.string("decisionRef"), reportTo: s.strings("reportTo")))
        case .controlPointAdded: return .controlPoint(ControlFact(s))
        case .controlPointRevised: return .revision(ControlFact(s))
        case .controlPointWithdrawn:
            return .withdrawal(controlId: s.string("controlId") ?? "", reason: s.string("reason") ?? "")
        case .controlPerformed: return .performance(PerformanceFact(s))
        case .deviationRecorded: return .deviation(DeviationFact(s))
        case .deviationClosed:
            guard let closedOn = s.date("closedOn") else { return nil }
            return .closing(deviationId: s.string("deviationId") ?? "", closedOn: closedOn, resolution: s.string("resolution"))
        case .actionTaken, .actionPlanned: return .action(ActionFact(s, planned: type == .actionPlanned))
        case .followUpRecorded: return .followUp(FollowUpFact(s))
        case .reportSubmitted: return .report(ReportFact(s))
        case .eventCorrected, .eventRetracted, .payloadRedacted: return nil
        }
    }
}

public struct PlanFact: Sendable, Hashable {
    public var planId: String
    public var organisation: String
    public var year: Int64
    public var adoptedOn: CalendarDate?
    public var decisionRef: String?
    public var reportTo: [String]
}

/// A control point's description; for a revision, only the fields it changes are set.
public struct ControlFact: Sendable, Hashable {
    public var controlId: String
    public var planId: String?
    public var area: String?
    public var title: String?
    public var routine: String?
    public var method: String?
    public var frequency: String?
    public var responsible: String?
    public var reportTo: String?
    public var likelihood: Int64?
    public var consequence: Int64?

    init(_ s: some FieldSource) {
        controlId = s.string("controlId") ?? ""
        planId = s.string("planId")
        area = s.string("area")
        title = s.string("title")
        routine = s.string("routine")
        method = s.string("method")
        frequency = s.string("frequency")
        responsible = s.string("responsible")
        reportTo = s.string("reportTo")
        let risk = s.child("risk")
        likelihood = risk?.integer("likelihood")
        consequence = risk?.integer("consequence")
    }

    /// This description with the fields `revision` sets replaced.
    func revised(by revision: ControlFact) -> ControlFact {
        var result = self
        result.area = revision.area ?? area
        result.title = revision.title ?? title
        result.routine = revision.routine ?? routine
        result.method = revision.method ?? method
        result.frequency = revision.frequency ?? frequency
        result.responsible = revision.responsible ?? responsible
        result.reportTo = revision.reportTo ?? reportTo
        result.likelihood = revision.likelihood ?? likelihood
        result.consequence = revision.consequence ?? consequence
        return result
    }
}

public struct IndicatorFact: Sendable, Hashable {
    public var name: String
    public var numerator: Int64
    public var denominator: Int64
}

public struct PerformanceFact: Sendable, Hashable {
    public var performanceId: String
    public var controlId: String
    public var performedOn: CalendarDate
    /// The period the figures cover; the performance date alone when not given.
    public var covers: ClosedRange<CalendarDate>
    public var performedBy: String?
    public var planned: Int64?
    public var examined: Int64
    public var deviating: Int64
    public var serious: Int64?
    public var indicators: [IndicatorFact]
    public var result: String?
    public var assessment: String

    init(_ s: some FieldSource) {
        performanceId = s.string("performanceId") ?? ""
        controlId = s.string("controlId") ?? ""
        performedOn = s.date("performedOn") ?? CalendarDate(daysSinceEpoch: 0)
        let period = s.child("period")
        if let from = period?.date("from"), let to = period?.date("to"), from <= to {
            covers = from...to
        } else {
            covers = performedOn...performedOn
        }
        performedBy = s.string("performedBy")
        planned = s.integer("planned")
        examined = s.integer("examined") ?? 0
        deviating = s.integer("deviating") ?? 0
        serious = s.integer("serious")
        indicators = s.children("indicators").map {
            IndicatorFact(name: $0.string("name") ?? "", numerator: $0.integer("numerator") ?? 0,
                          denominator: $0.integer("denominator") ?? 1)
        }
        result = s.string("result")
        assessment = s.string("assessment") ?? ""
    }
}

public struct DeviationFact: Sendable, Hashable {
    public var deviationId: String
    public var controlId: String
    public var observedOn: CalendarDate
    public var unit: String?
    public var category: String?
    public var severity: String
    public var count: Int64
    public var description: String

    init(_ s: some FieldSource) {
        deviationId = s.string("deviationId") ?? ""
        controlId = s.string("controlId") ?? ""
        observedOn = s.date("observedOn") ?? CalendarDate(daysSinceEpoch: 0)
        unit = s.string("unit")
        category = s.string("category")
        severity = s.string("severity") ?? "minor"
        count = s.integer("count") ?? 1
        description = s.string("description") ?? ""
    }
}

public struct ActionFact: Sendable, Hashable {
    public var actionId: String
    /// Planned (förslag, handlingsplan) or taken (vidtagen).
    public var planned: Bool
    public var date: CalendarDate
    public var description: String
    public var controlId: String?
    public var deviationIds: [String]
    public var owner: String?
    public var dueOn: CalendarDate?

    init(_ s: some FieldSource, planned: Bool) {
        actionId = s.string("actionId") ?? ""
        self.planned = planned
        date = (planned ? s.date("plannedOn") : s.date("takenOn")) ?? CalendarDate(daysSinceEpoch: 0)
        description = s.string("description") ?? ""
        controlId = s.string("controlId")
        deviationIds = s.strings("deviationIds")
        owner = s.string("owner")
        dueOn = s.date("dueOn")
    }
}

public struct FollowUpFact: Sendable, Hashable {
    public var actionId: String
    public var followedUpOn: CalendarDate
    public var status: String
    public var finding: String?
    public var nextFollowUpOn: CalendarDate?

    init(_ s: some FieldSource) {
        actionId = s.string("actionId") ?? ""
        followedUpOn = s.date("followedUpOn") ?? CalendarDate(daysSinceEpoch: 0)
        status = s.string("status") ?? ""
        finding = s.string("finding")
        nextFollowUpOn = s.date("nextFollowUpOn")
    }
}

public struct ReportFact: Sendable, Hashable {
    public var reportId: String
    public var planId: String
    public var submittedOn: CalendarDate
    public var to: String
    public var covers: ClosedRange<CalendarDate>?
    public var decisionRef: String?
    public var basedOnSize: Int64?
    public var basedOnRoot: String?

    init(_ s: some FieldSource) {
        reportId = s.string("reportId") ?? ""
        planId = s.string("planId") ?? ""
        submittedOn = s.date("submittedOn") ?? CalendarDate(daysSinceEpoch: 0)
        to = s.string("to") ?? ""
        if let from = s.child("period")?.date("from"), let to = s.child("period")?.date("to"), from <= to {
            covers = from...to
        }
        decisionRef = s.string("decisionRef")
        basedOnSize = s.child("basedOn")?.integer("treeSize")
        basedOnRoot = s.child("basedOn")?.string("root")
    }
}
