import EventLog

/// Likelihood and consequence, each 1–4.
public struct Risk: Sendable, Hashable {
    public let likelihood: Int64
    public let consequence: Int64
}

/// The description of a control point; every field optional so that a revision can carry only changes.
public struct ControlPointDetails: Sendable, Hashable {
    public var area: String?
    public var title: String?
    public var routine: String?
    public var risk: Risk?
    public var method: String?
    public var frequency: String?
    public var responsible: String?
    public var reportTo: String?

    init(_ o: [String: JSONValue]) {
        area = o.optionalText("area")
        title = o.optionalText("title")
        routine = o.optionalText("routine")
        if let l = o["risk"]?["likelihood"]?.integerValue, let c = o["risk"]?["consequence"]?.integerValue {
            risk = Risk(likelihood: l, consequence: c)
        }
        method = o.optionalText("method")
        frequency = o.optionalText("frequency")
        responsible = o.optionalText("responsible")
        reportTo = o.optionalText("reportTo")
    }

    /// These details with every field that `revision` sets replaced.
    public func revised(by revision: ControlPointDetails) -> ControlPointDetails {
        var result = self
        result.area = revision.area ?? area
        result.title = revision.title ?? title
        result.routine = revision.routine ?? routine
        result.risk = revision.risk ?? risk
        result.method = revision.method ?? method
        result.frequency = revision.frequency ?? frequency
        result.responsible = revision.responsible ?? responsible
        result.reportTo = revision.reportTo ?? reportTo
        return result
    }
}

/// `ControlPointAdded`: a control point (kontrollmoment) of a plan.
public struct ControlPointAdded: DomainPayload {
    public static let eventType = EventType.controlPointAdded
    public let controlId: String
    public let planId: String
    public let details: ControlPointDetails

    public init(validated o: [String: JSONValue]) {
        controlId = o.text("controlId")
        planId = o.text("planId")
        details = ControlPointDetails(o)
    }
}

/// `ControlPointRevised`: some fields of a control point changed.
public struct ControlPointRevised: DomainPayload {
    public static let eventType = EventType.controlPointRevised
    public let controlId: String
    public let reason: String
    public let changes: ControlPointDetails

    public init(validated o: [String: JSONValue]) {
        controlId = o.text("controlId")
        reason = o.text("reason")
        changes = ControlPointDetails(o)
    }
}

/// `ControlPointWithdrawn`: the control point utgår; it takes no new results.
public struct ControlPointWithdrawn: DomainPayload {
    public static let eventType = EventType.controlPointWithdrawn
    public let controlId: String
    public let reason: String

    public init(validated o: [String: JSONValue]) {
        controlId = o.text("controlId")
        reason = o.text("reason")
    }
}

/// A measured ratio besides examined/deviating: "121 of 144 reports submitted".
public struct Indicator: Sendable, Hashable {
    public let name: String
    public let numerator: Int64
    public let denominator: Int64
}

/// `ControlPerformed`: a control was carried out, with its counts and assessment.
public struct ControlPerformed: DomainPayload {
    public static let eventType = EventType.controlPerformed
    public static let assessments = EventCatalogue.assessments
    public let performanceId: String
    public let controlId: String
    public let performedOn: CalendarDate
    public let period: DateSpan?
    public let performedBy: String?
    public let planned: Int64?
    public let examined: Int64
    public let deviating: Int64
    public let serious: Int64?
    public let indicators: [Indicator]
    public let result: String?
    public let assessment: String

    public init(validated o: [String: JSONValue]) {
        performanceId = o.text("performanceId")
        controlId = o.text("controlId")
        performedOn = o.date("performedOn")
        period = DateSpan(o["period"])
        performedBy = o.optionalText("performedBy")
        planned = o["planned"]?.integerValue
        examined = o.number("examined")
        deviating = o.number("deviating")
        serious = o["serious"]?.integerValue
        indicators = (o["indicators"]?.arrayValue ?? []).map { item in
            Indicator(name: item["name"]?.stringValue ?? "", numerator: item["numerator"]?.integerValue ?? 0,
                      denominator: item["denominator"]?.integerValue ?? 1)
        }
        result = o.optionalText("result")
        assessment = o.text("assessment")
    }

    public var crossFieldProblems: [FieldProblem] {
        var problems = period?.problems ?? []
        if deviating > examined {
            problems.append(FieldProblem("deviating", String(deviating), "must not exceed examined (\(examined))"))
        }
        if let serious, serious > deviating {
            problems.append(FieldProblem("serious", String(serious), "must not exceed deviating (\(deviating))"))
        }
        for (i, indicator) in indicators.enumerated() where indicator.numerator > indicator.denominator {
            problems.append(FieldProblem("indicators[\(i)].numerator", String(indicator.numerator),
                                         "must not exceed the denominator (\(indicator.denominator))"))
        }
        return problems
    }
}
