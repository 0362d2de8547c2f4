import EventLog
import InternalControl

/// Where a view's texts come from: the payloads, read by seq when the view is built for rendering. The fold
/// records hold none, so a redacted text is gone from every answer as soon as its payload is.
public protocol FactTexts {
    /// The payload of the event at `seq` read as `type`: for a correction, its replacement payload. `nil` when
    /// the payload is gone or not available.
    func payload(at seq: UInt64, as type: EventType) -> DomainEvent?
    /// The id of the thing whose stream begins at `seq` (`SN-2024-LAK` for `control-SN-2024-LAK`).
    func thingId(_ thing: UInt64) -> String?
}

/// No texts at all: for measuring the folds and figures alone.
public struct NoTexts: FactTexts {
    public init() {}
    public func payload(at seq: UInt64, as type: EventType) -> DomainEvent? { nil }
    public func thingId(_ thing: UInt64) -> String? { nil }
}

extension FactTexts {
    /// The current description of a control point: its addition with each standing revision applied.
    public func details(of control: PlanFacts.Control) -> ControlPointDetails? {
        guard let first = control.textSeqs.first, case .controlPointAdded(let added)? = payload(at: first, as: .controlPointAdded)
        else { return nil }
        return control.textSeqs.dropFirst().reduce(added.details) { details, seq in
            guard case .controlPointRevised(let revision)? = payload(at: seq, as: .controlPointRevised) else { return details }
            return details.revised(by: revision.changes)
        }
    }

    public func plan(_ seq: UInt64) -> PlanAdopted? {
        if case .planAdopted(let p)? = payload(at: seq, as: .planAdopted) { return p }
        return nil
    }

    public func withdrawal(_ seq: UInt64) -> ControlPointWithdrawn? {
        if case .controlPointWithdrawn(let p)? = payload(at: seq, as: .controlPointWithdrawn) { return p }
        return nil
    }

    public func performance(_ seq: UInt64) -> ControlPerformed? {
        if case .controlPerformed(let p)? = payload(at: seq, as: .controlPerformed) { return p }
        return nil
    }

    public func deviation(_ seq: UInt64) -> DeviationRecorded? {
        if case .deviationRecorded(let p)? = payload(at: seq, as: .deviationRecorded) { return p }
        return nil
    }

    public func followUp(_ seq: UInt64) -> FollowUpRecorded? {
        if case .followUpRecorded(let p)? = payload(at: seq, as: .followUpRecorded) { return p }
        return nil
    }

    public func riskArea(_ seq: UInt64) -> RiskAreaAdded? {
        if case .riskAreaAdded(let p)? = payload(at: seq, as: .riskAreaAdded) { return p }
        return nil
    }

    public func report(_ seq: UInt64) -> ReportSubmitted? {
        if case .reportSubmitted(let p)? = payload(at: seq, as: .reportSubmitted) { return p }
        return nil
    }

    /// An action's texts: its id, description, owner and the deviation ids it names.
    public func action(_ action: PlanFacts.Action) -> (actionId: String, description: String, owner: String?, deviationIds: [String])? {
        switch payload(at: action.textSeq, as: action.planned ? .actionPlanned : .actionTaken) {
        case .actionPlanned(let p)?: (p.actionId, p.description, p.owner, p.deviationIds ?? [])
        case .actionTaken(let p)?: (p.actionId, p.description, nil, p.deviationIds ?? [])
        default: nil
        }
    }
}
