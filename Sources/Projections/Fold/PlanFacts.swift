import EventLog
import InternalControl

/// A plan's standing facts as typed arrays: corrections applied, retracted facts gone, revisions and withdrawals
/// attached to their control point, results and deviations grouped by control point, closings and follow-ups
/// attached to what they close and follow up. Every lookup an evaluation makes is an index or a binary search.
public struct PlanFacts: Sendable {
    public struct Plan: Sendable {
        public let year: Int64
        public let adoptedOn: CalendarDate
        public let textSeq: UInt64
        public let sources: Sources
    }

    public struct Control: Sendable {
        public let thing: UInt64
        public let addedOn: CalendarDate
        /// Where the control point's texts are: the addition's current version, then each standing revision's.
        public var textSeqs: [UInt64]
        public var withdrawn: (on: CalendarDate, textSeq: UInt64)?
        public var sources: [UInt64]
    }

    public struct Performance: Sendable {
        public let seq: UInt64
        public let values: PerformanceValues
        public let textSeq: UInt64
        public let sources: Sources
    }

    public struct Deviation: Sendable {
        public let seq: UInt64
        public let thing: UInt64
        public let values: DeviationValues
        public let textSeq: UInt64
        public let sources: Sources
        public var closing: (on: CalendarDate, sources: Sources)?
    }

    public struct FollowUp: Sendable {
        public let values: FollowUpValues
        public let textSeq: UInt64
        public let sources: Sources
    }

    public struct Action: Sendable {
        public let seq: UInt64
        public let thing: UInt64
        public let planned: Bool
        public let values: ActionValues
        public let textSeq: UInt64
        public let sources: Sources
        public var followUps: [FollowUp] = []
        /// The control point it is for, an index in ``PlanFacts/controls``: the one named, else that of its first
        /// placed deviation; ``none`` when it names none, ``elsewhere`` when it names one not standing in the plan.
        public var control = Action.none
        /// The date it answers to (``PlanFacts/attributedDate(of:)``).
        public var attributedOn: CalendarDate

        public static let none = -1
        public static let elsewhere = -2
    }

    /// A risk area of the plan (version 2): its texts and risk are in the payload at `textSeq`.
    public struct RiskArea: Sendable {
        public let thing: UInt64
        public let textSeq: UInt64
        public let sources: Sources
    }

    public struct Report: Sendable {
        public let values: ReportValues
        public let textSeq: UInt64
        public let sources: Sources
    }

    public let plan: UInt64
    public private(set) var adopted: Plan?
    /// Control points in the order they were added.
    public private(set) var controls: [Control] = []
    /// Per control point (index as in ``controls``): its results in seq order.
    public private(set) var performances: [[Performance]] = []
    /// Per control point: the indices of its results ordered by performance date (then seq).
    private var byDate: [[Int]] = []
    public private(set) var deviations: [Deviation] = []
    /// Per control point: indices in ``deviations``, in seq order.
    public private(set) var deviationsOf: [[Int]] = []
    public private(set) var actions: [Action] = []
    /// Per control point: indices in ``actions``; `unassigned` holds those that name no control point.
    public private(set) var actionsOf: [[Int]] = []
    public private(set) var unassigned: [Int] = []
    public private(set) var reports: [Report] = []
    /// Risk areas in the order they were added.
    public private(set) var riskAreas: [RiskArea] = []
    /// Seqs of facts whose current texts are redacted: they are known to exist, their texts are gone (their figures
    /// count when the redaction kept them).
    public private(set) var redacted: [UInt64] = []
    /// Thing → index in ``controls`` (the latest standing addition of that control point).
    private var controlIndex: [UInt64: Int] = [:]

    public init(_ fold: PlanFold) {
        plan = fold.plan
        var deviationIndex: [UInt64: Int] = [:]
        var actionIndex: [UInt64: Int] = [:]
        var closings: [(UInt64, CalendarDate, Sources)] = []
        var followUps: [(UInt64, FollowUp)] = []
        var pending: [(thing: UInt64, performance: Performance)] = []
        // Sized once: growing these fact by fact (dictionaries rehashing) was a fifth of building the facts (perf).
        var counts = (performances: 0, deviations: 0, actions: 0, controls: 0)
        for fact in fold.facts {
            switch fact.type {
            case .controlPerformed: counts.performances += 1
            case .deviationRecorded: counts.deviations += 1
            case .actionPlanned, .actionTaken: counts.actions += 1
            case .controlPointAdded: counts.controls += 1
            default: break
            }
        }
        pending.reserveCapacity(counts.performances)
        deviations.reserveCapacity(counts.deviations)
        deviationIndex.reserveCapacity(counts.deviations)
        actions.reserveCapacity(counts.actions)
        actionIndex.reserveCapacity(counts.actions)
        controls.reserveCapacity(counts.controls)
        controlIndex.reserveCapacity(counts.controls)
        for fact in fold.facts where fact.retractedAt == nil {
            if fact.isRedacted { redacted.append(fact.seq) }
            guard let values = fact.current else { continue }
            switch (fact.type, values) {
            case (.planAdopted, .plan(let year, let adoptedOn)):
                adopted = Plan(year: year, adoptedOn: adoptedOn, textSeq: fact.textSeq, sources: fact.sources)
            case (.controlPointAdded, _):
                controlIndex[fact.thing] = controls.count
                controls.append(Control(thing: fact.thing, addedOn: fact.effective, textSeqs: [fact.textSeq], withdrawn: nil,
                                        sources: fact.sources.all))
            case (.controlPointRevised, _):
                if let i = controlIndex[fact.thing] {
                    controls[i].textSeqs.append(fact.textSeq)
                    controls[i].sources.append(fact.sources)
                }
            case (.controlPointWithdrawn, _):
                if let i = controlIndex[fact.thing] {
                    controls[i].withdrawn = (fact.effective, fact.textSeq)
                    controls[i].sources.append(fact.sources)
                }
            case (_, .performance(let p)):
                pending.append((fact.thing, Performance(seq: fact.seq, values: p, textSeq: fact.textSeq, sources: fact.sources)))
            case (_, .deviation(let d)):
                // Looked up by the first deviation of its stream, as references name the first.
                if deviationIndex[fact.thing] == nil { deviationIndex[fact.thing] = deviations.count }
                deviations.append(Deviation(seq: fact.seq, thing: fact.thing, values: d, textSeq: fact.textSeq,
                                            sources: fact.sources, closing: nil))
            case (_, .closing(let on)):
                closings.append((fact.thing, on, fact.sources))
            case (_, .action(let a)):
                actionIndex[fact.thing] = actions.count
                actions.append(Action(seq: fact.seq, thing: fact.thing, planned: fact.type == .actionPlanned, values: a,
                                      textSeq: fact.textSeq, sources: fact.sources, attributedOn: a.date))
            case (_, .followUp(let f)):
                followUps.append((fact.thing, FollowUp(values: f, textSeq: fact.textSeq, sources: fact.sources)))
            case (_, .report(let r)):
                reports.append(Report(values: r, textSeq: fact.textSeq, sources: fact.sources))
            case (_, .riskArea):
                riskAreas.append(RiskArea(thing: fact.thing, textSeq: fact.textSeq, sources: fact.sources))
            default:
                break
            }
        }
        // A closing (the last, when there are several) belongs to the latest deviation recorded in its stream.
        var latestDeviation: [UInt64: Int] = [:]
        latestDeviation.reserveCapacity(deviations.count)
        for (i, deviation) in deviations.enumerated() { latestDeviation[deviation.thing] = i }
        for (thing, on, sources) in closings {
            if let i = latestDeviation[thing] { deviations[i].closing = (on, sources) }
        }
        for (thing, followUp) in followUps {
            if let i = actionIndex[thing] { actions[i].followUps.append(followUp) }
        }
        performances = Array(repeating: [], count: controls.count)
        deviationsOf = Array(repeating: [], count: controls.count)
        actionsOf = Array(repeating: [], count: controls.count)
        for (thing, performance) in pending {
            if let i = controlIndex[thing] { performances[i].append(performance) }
        }
        byDate = performances.map { list in
            list.indices.sorted { (list[$0].values.performedOn, list[$0].seq) < (list[$1].values.performedOn, list[$1].seq) }
        }
        for (i, deviation) in deviations.enumerated() {
            if let c = controlIndex[deviation.values.control] { deviationsOf[c].append(i) }
        }
        for i in actions.indices {
            let control = controlOf(actions[i], deviationIndex: deviationIndex)
            actions[i].control = control
            actions[i].attributedOn = attributedDate(of: actions[i], deviationIndex: deviationIndex)
            if control >= 0 { actionsOf[control].append(i) } else if control == Action.none { unassigned.append(i) }
        }
    }

    /// The control point of an action: the one it names, else that of its first deviation found in the plan.
    private func controlOf(_ action: Action, deviationIndex: [UInt64: Int]) -> Int {
        if let named = action.values.control { return controlIndex[named] ?? Action.elsewhere }
        for thing in action.values.deviations {
            guard let d = deviationIndex[thing] else { continue }
            return controlIndex[deviations[d].values.control] ?? Action.elsewhere
        }
        return Action.none
    }

    /// The date an action answers to: its deviations' dates, else the last result of the control point it names
    /// on or before it, else its own date. Proposals written in January answer to last year's results.
    private func attributedDate(of action: Action, deviationIndex: [UInt64: Int]) -> CalendarDate {
        let dates = action.values.deviations.compactMap { deviationIndex[$0].map { deviations[$0].values.observedOn } }
        if let latest = dates.max() { return latest }
        if let named = action.values.control, let c = controlIndex[named],
            let last = lastPerformance(of: c, onOrBefore: action.values.date)
        {
            return last
        }
        return action.values.date
    }

    /// The latest performance date of control `c` on or before `date`.
    func lastPerformance(of c: Int, onOrBefore date: CalendarDate) -> CalendarDate? {
        let order = byDate[c]
        let end = partition(order) { performances[c][$0].values.performedOn <= date }
        return end > 0 ? performances[c][order[end - 1]].values.performedOn : nil
    }

    /// The index in ``controls`` of the control point numbered `thing`.
    public func control(_ thing: UInt64) -> Int? { controlIndex[thing] }

    /// The results of control `c` performed within `dates`, without those a wider result for the same period
    /// covers (an interim figure superseded by the year-end figure), in seq order. Two results for the same
    /// months are two measurements and both count. O(k log k) for the k results in `dates`.
    public func countedPerformances(of c: Int, in dates: ClosedRange<CalendarDate>) -> [Performance] {
        let order = byDate[c]
        let list = performances[c]
        let start = partition(order) { list[$0].values.performedOn < dates.lowerBound }
        let end = partition(order) { list[$0].values.performedOn <= dates.upperBound }
        guard start < end else { return [] }
        // Sorted by start ascending, end descending, a result is covered when an earlier one (not the same span)
        // reaches as far: groups of equal spans stand or fall together.
        let inPeriod = order[start..<end].sorted {
            let a = list[$0].values.covers, b = list[$1].values.covers
            return (a.lowerBound, b.upperBound) < (b.lowerBound, a.upperBound)
        }
        var kept: [Int] = []
        var reach: CalendarDate?
        var group = inPeriod.startIndex
        while group < inPeriod.endIndex {
            let span = list[inPeriod[group]].values.covers
            var next = group
            while next < inPeriod.endIndex, list[inPeriod[next]].values.covers == span { next += 1 }
            if reach.map({ $0 < span.upperBound }) ?? true { kept += inPeriod[group..<next] }
            reach = max(reach ?? span.upperBound, span.upperBound)
            group = next
        }
        return kept.sorted().map { list[$0] }
    }

    /// The actions of control `c` (or, with `nil`, those naming none) that belong to `dates`: attributed there,
    /// or followed up there.
    public func actions(of c: Int?, in dates: ClosedRange<CalendarDate>) -> [Action] {
        // Chosen by index, copied once: an action is a large value.
        (c.map { actionsOf[$0] } ?? unassigned).filter { i in
            dates.contains(actions[i].attributedOn) || actions[i].followUps.contains { dates.contains($0.values.followedUpOn) }
        }.map { actions[$0] }
    }

    /// The years in which control `c` has results on or before `date`.
    public func performanceYears(of c: Int, through date: CalendarDate) -> Set<Int> {
        Set(performances[c].filter { $0.values.performedOn <= date }.map(\.values.performedOn.year))
    }
}

/// The first index of `order` for which `belongs` is false, `belongs` being true for a prefix.
func partition(_ order: [Int], _ belongs: (Int) -> Bool) -> Int {
    var low = 0
    var high = order.count
    while low < high {
        let middle = (low + high) / 2
        if belongs(order[middle]) { low = middle + 1 } else { high = middle }
    }
    return low
}
