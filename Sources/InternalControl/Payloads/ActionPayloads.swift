import EventLog

/// `ActionTaken`: a vidtagen åtgärd.
public struct ActionTaken: DomainPayload {
    public static let eventType = EventType.actionTaken
    public let actionId: String
    public let takenOn: CalendarDate
    public let description: String
    public let controlId: String?
    public let deviationIds: [String]

    public init(validated o: [String: JSONValue]) {
        actionId = o.text("actionId")
        takenOn = o.date("takenOn")
        description = o.text("description")
        controlId = o.optionalText("controlId")
        deviationIds = o["deviationIds"]?.strings ?? []
    }
}

/// `ActionPlanned`: a förslag till åtgärd or a measure of a handlingsplan.
public struct ActionPlanned: DomainPayload {
    public static let eventType = EventType.actionPlanned
    public let actionId: String
    public let plannedOn: CalendarDate
    public let description: String
    public let controlId: String?
    public let deviationIds: [String]
    public let owner: String?
    public let dueOn: CalendarDate?

    public init(validated o: [String: JSONValue]) {
        actionId = o.text("actionId")
        plannedOn = o.date("plannedOn")
        description = o.text("description")
        controlId = o.optionalText("controlId")
        deviationIds = o["deviationIds"]?.strings ?? []
        owner = o.optionalText("owner")
        dueOn = o["dueOn"]?.date
    }

    public var crossFieldProblems: [FieldProblem] {
        if let dueOn, dueOn < plannedOn {
            return [FieldProblem("dueOn", "\"\(dueOn)\"", "must not be before plannedOn (\(plannedOn))")]
        }
        return []
    }
}

/// `FollowUpRecorded`: what a follow-up of an action found.
public struct FollowUpRecorded: DomainPayload {
    public static let eventType = EventType.followUpRecorded
    public let actionId: String
    public let followedUpOn: CalendarDate
    /// not-started, in-progress, completed, not-done, cancelled.
    public let status: String
    public let finding: String?
    public let nextFollowUpOn: CalendarDate?

    public init(validated o: [String: JSONValue]) {
        actionId = o.text("actionId")
        followedUpOn = o.date("followedUpOn")
        status = o.text("status")
        finding = o.optionalText("finding")
        nextFollowUpOn = o["nextFollowUpOn"]?.date
    }

    public var crossFieldProblems: [FieldProblem] {
        if let next = nextFollowUpOn, next < followedUpOn {
            return [FieldProblem("nextFollowUpOn", "\"\(next)\"", "must not be before followedUpOn (\(followedUpOn))")]
        }
        return []
    }
}
