import EventLog

/// `ActionTaken`: a vidtagen åtgärd.
public struct ActionTaken: DomainPayload {
    public static let eventType = EventType.actionTaken
    public let actionId: String
    public let takenOn: CalendarDate
    public let description: String
    public let controlId: String?
    public let deviationIds: [String]?
}

/// `ActionPlanned`: a förslag till åtgärd or a measure of a handlingsplan.
public struct ActionPlanned: DomainPayload {
    public static let eventType = EventType.actionPlanned
    public let actionId: String
    public let plannedOn: CalendarDate
    public let description: String
    public let controlId: String?
    public let deviationIds: [String]?
    public let owner: String?
    public let dueOn: CalendarDate?

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

    public var crossFieldProblems: [FieldProblem] {
        if let next = nextFollowUpOn, next < followedUpOn {
            return [FieldProblem("nextFollowUpOn", "\"\(next)\"", "must not be before followedUpOn (\(followedUpOn))")]
        }
        return []
    }
}
