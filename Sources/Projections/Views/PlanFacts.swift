import EventLog
import InternalControl

/// A plan's standing facts as typed collections: corrections applied, retracted facts gone, revisions folded
/// into their control point, closings and follow-ups attached to what they close and follow up.
public struct PlanFacts: Sendable {
    public struct Control: Sendable {
        public var fact: ControlFact
        public var addedOn: CalendarDate
        public var withdrawn: (on: CalendarDate, reason: String)?
        public var sources: [UInt64]
    }

    public struct Performance: Sendable {
        public let fact: PerformanceFact
        public let sources: [UInt64]
        public let seq: UInt64
    }

    public struct Deviation: Sendable {
        public let fact: DeviationFact
        public var closing: (on: CalendarDate, resolution: String?, sources: [UInt64])?
        public let sources: [UInt64]
    }

    public struct FollowUp: Sendable {
        public let fact: FollowUpFact
        public let sources: [UInt64]
    }

    public struct Action: Sendable {
        public let fact: ActionFact
        public var followUps: [FollowUp]
        public let sources: [UInt64]
    }

    public struct Report: Sendable {
        public let fact: ReportFact
        public let sources: [UInt64]
    }

    public let planId: String
    public var plan: PlanFact?
    public var planSources: [UInt64] = []
    /// Control points in the order they were added.
    public var controls: [Control] = []
    public var performances: [Performance] = []
    public var deviations: [Deviation] = []
    public var actions: [Action] = []
    public var reports: [Report] = []
    /// Seqs of facts whose payload is redacted: they are known to exist, their content is gone.
    public var redacted: [UInt64] = []

    public init(_ ledger: PlanLedger) {
        planId = ledger.planId
        var controlIndex: [String: Int] = [:]
        var deviationIndex: [String: Int] = [:]
        var actionIndex: [String: Int] = [:]
        var closings: [(String, CalendarDate, String?, [UInt64])] = []
        var followUps: [FollowUp] = []
        for record in ledger.standing {
            guard let values = record.current else {
                if record.isRedacted { redacted.append(record.seq) }
                continue
            }
            switch values {
            case .plan(let p):
                plan = p
                planSources = record.sources
            case .controlPoint(let c):
                controlIndex[c.controlId] = controls.count
                controls.append(Control(fact: c, addedOn: record.effectiveAt, withdrawn: nil, sources: record.sources))
            case .revision(let r):
                if let i = controlIndex[r.controlId] {
                    controls[i].fact = controls[i].fact.revised(by: r)
                    controls[i].sources += record.sources
                }
            case .withdrawal(let controlId, let reason):
                if let i = controlIndex[controlId] {
                    controls[i].withdrawn = (record.effectiveAt, reason)
                    controls[i].sources += record.sources
                }
            case .performance(let p):
                performances.append(Performance(fact: p, sources: record.sources, seq: record.seq))
            case .deviation(let d):
                deviationIndex[d.deviationId] = deviations.count
                deviations.append(Deviation(fact: d, closing: nil, sources: record.sources))
            case .closing(let id, let on, let resolution):
                closings.append((id, on, resolution, record.sources))
            case .action(let a):
                actionIndex[a.actionId] = actions.count
                actions.append(Action(fact: a, followUps: [], sources: record.sources))
            case .followUp(let f):
                followUps.append(FollowUp(fact: f, sources: record.sources))
            case .report(let r):
                reports.append(Report(fact: r, sources: record.sources))
            }
        }
        for (id, on, resolution, sources) in closings {
            if let i = deviationIndex[id] { deviations[i].closing = (on, resolution, sources) }
        }
        for followUp in followUps {
            if let i = actionIndex[followUp.fact.actionId] { actions[i].followUps.append(followUp) }
        }
    }

    /// The performances of `controlId` whose date lies in `dates`, without those a later, wider one covers
    /// (an interim figure superseded by the year-end figure for the same months).
    public func countedPerformances(of controlId: String, in dates: ClosedRange<CalendarDate>) -> [Performance] {
        let inPeriod = performances.filter { $0.fact.controlId == controlId && dates.contains($0.fact.performedOn) }
        // Two results for the same months are two measurements and both count; only a strictly wider one
        // replaces the narrower result it contains.
        return inPeriod.filter { candidate in
            !inPeriod.contains { other in
                other.fact.covers != candidate.fact.covers && other.fact.covers.lowerBound <= candidate.fact.covers.lowerBound
                    && other.fact.covers.upperBound >= candidate.fact.covers.upperBound
            }
        }
    }

    /// The date an action answers to: its deviations' dates, else the last result of its control point
    /// before it, else its own date. Proposals written in January answer to last year's results.
    public func attributedDate(of action: Action) -> CalendarDate {
        let deviationDates = action.fact.deviationIds.compactMap { id in deviations.first { $0.fact.deviationId == id }?.fact.observedOn }
        if let latest = deviationDates.max() { return latest }
        if let control = action.fact.controlId {
            let before = performances.filter { $0.fact.controlId == control && $0.fact.performedOn <= action.fact.date }
            if let latest = before.map(\.fact.performedOn).max() { return latest }
        }
        return action.fact.date
    }

    /// The control point an action is for: named, or that of its first deviation.
    public func controlId(of action: Action) -> String? {
        action.fact.controlId ?? action.fact.deviationIds.lazy.compactMap { id in
            self.deviations.first { $0.fact.deviationId == id }?.fact.controlId
        }.first
    }

    /// The actions that belong to `dates`: attributed there, or followed up there.
    public func actions(of controlId: String?, in dates: ClosedRange<CalendarDate>) -> [Action] {
        actions.filter { action in
            self.controlId(of: action) == controlId
                && (dates.contains(attributedDate(of: action)) || action.followUps.contains { dates.contains($0.fact.followedUpOn) })
        }
    }
}
