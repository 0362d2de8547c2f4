import EventLog

/// Likelihood and consequence, each 1–4.
public struct Risk: Codable, Sendable, Hashable {
    public let likelihood: Int64
    public let consequence: Int64
}

/// The description of a control point, the fields `ControlPointAdded` sets and `ControlPointRevised` may change
/// (``EventCatalogue/controlPointFields(required:)``); every field optional so that a revision can carry only
/// changes. In JSON these fields sit beside the control point's id, not in an object of their own.
public struct ControlPointDetails: Codable, Sendable, Hashable {
    public let area: String?
    public let title: String?
    public let routine: String?
    public let risk: Risk?
    public let method: String?
    public let frequency: String?
    public let responsible: String?
    public let reportTo: String?
    /// The risk area the control point belongs to (version 2).
    public let riskAreaId: String?
    /// When the control is due: period names such as `2015-H1` (version 2). Without it the frequency decides.
    public let schedule: [String]?

    /// The schedule's periods (names that do not parse are left out; the validator refuses them on append).
    public var schedulePeriods: [Period]? { schedule.map { $0.compactMap(ScheduleRules.period) } }

    /// These details with every field that `revision` sets replaced. Field by field through JSON, so a field
    /// added to this struct is revised without another line.
    public func revised(by revision: ControlPointDetails) -> ControlPointDetails {
        let coder = JSONValueEncoder()
        guard var merged = (try? coder.encode(self))?.objectValue, let changes = (try? coder.encode(revision))?.objectValue
        else { return self }
        merged.merge(changes) { _, new in new }
        return (try? JSONValueDecoder().decode(ControlPointDetails.self, from: .object(merged))) ?? self
    }
}

/// `ControlPointAdded`: a control point (kontrollmoment) of a plan.
public struct ControlPointAdded: DomainPayload {
    public static let eventType = EventType.controlPointAdded
    public let controlId: String
    public let planId: String
    public let details: ControlPointDetails

    enum CodingKeys: String, CodingKey { case controlId, planId }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        controlId = try c.decode(String.self, forKey: .controlId)
        planId = try c.decode(String.self, forKey: .planId)
        details = try ControlPointDetails(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(controlId, forKey: .controlId)
        try c.encode(planId, forKey: .planId)
        try details.encode(to: encoder)
    }
}

/// `ControlPointRevised`: some fields of a control point changed.
public struct ControlPointRevised: DomainPayload {
    public static let eventType = EventType.controlPointRevised
    public let controlId: String
    public let reason: String
    public let changes: ControlPointDetails

    enum CodingKeys: String, CodingKey { case controlId, reason }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        controlId = try c.decode(String.self, forKey: .controlId)
        reason = try c.decode(String.self, forKey: .reason)
        changes = try ControlPointDetails(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(controlId, forKey: .controlId)
        try c.encode(reason, forKey: .reason)
        try changes.encode(to: encoder)
    }
}

/// `ControlPointWithdrawn`: the control point utgår; it takes no new results.
public struct ControlPointWithdrawn: DomainPayload {
    public static let eventType = EventType.controlPointWithdrawn
    public let controlId: String
    public let reason: String
}

/// A measured ratio besides examined/deviating: "121 of 144 reports submitted".
public struct Indicator: Codable, Sendable, Hashable {
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
    public let indicators: [Indicator]?
    public let result: String?
    public let assessment: String
    /// `full` (when absent) or `partial`: the control could be carried out only in part (version 2).
    public let coverage: String?
    /// The unit the control covered (version 2).
    public let unit: String?

    /// Whether the control was carried out only in part.
    public var isPartial: Bool { coverage == "partial" }

    /// The dates the figures cover: the period when given (and well formed), else the day performed.
    public var covers: ClosedRange<CalendarDate> { period?.dates ?? performedOn...performedOn }

    public var crossFieldProblems: [FieldProblem] {
        var problems = period?.problems ?? []
        if deviating > examined {
            problems.append(FieldProblem("deviating", String(deviating), "must not exceed examined (\(examined))"))
        }
        if let serious, serious > deviating {
            problems.append(FieldProblem("serious", String(serious), "must not exceed deviating (\(deviating))"))
        }
        for (i, indicator) in (indicators ?? []).enumerated() where indicator.numerator > indicator.denominator {
            problems.append(FieldProblem("indicators[\(i)].numerator", String(indicator.numerator),
                                         "must not exceed the denominator (\(indicator.denominator))"))
        }
        if isPartial && assessment == "not-performed" {
            problems.append(FieldProblem("coverage", "\"partial\"", "a control performed in part was performed: give the "
                + "assessment of what was done (undetermined when none can be made); not-performed is for a control not done at all"))
        }
        return problems
    }
}
