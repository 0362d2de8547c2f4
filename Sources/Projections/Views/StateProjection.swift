import EventLog
import InternalControl

/// The state of a plan for a period as known at a point: per control point the result figures, latest
/// assessment, deviations by unit and severity, actions with their latest follow-up, overdue actions.
///
/// Figures count only facts whose effective date lies in the period. Statuses (a deviation closed, an
/// action's latest follow-up, overdue) are those known at the reference date, the knowledge point's day.
public enum StateProjection {
    public static func evaluate(_ facts: PlanFacts, period: Period, referenceDate: CalendarDate) -> PlanState {
        let dates = period.dates
        let controls = facts.controls.filter { $0.addedOn <= dates.upperBound }.map { control in
            controlState(control, facts: facts, dates: dates, referenceDate: referenceDate)
        }
        let unassigned = facts.actions(of: nil, in: dates).map { actionState($0, facts: facts, referenceDate: referenceDate) }
        var summary: [String: Int] = [:]
        for control in controls where !control.withdrawn {
            summary[control.latestAssessment ?? "not-performed", default: 0] += 1
        }
        let reports = facts.reports.filter { dates.contains($0.fact.submittedOn) || ($0.fact.covers?.overlaps(dates) ?? false) }
        return PlanState(
            planId: facts.planId, organisation: facts.plan?.organisation, year: facts.plan?.year,
            adoptedOn: facts.plan?.adoptedOn, reportTo: facts.plan?.reportTo ?? [], controls: controls,
            otherActions: unassigned, assessments: summary,
            reports: reports.map { ReportState(fact: $0.fact, sources: $0.sources) },
            redactedSeqs: facts.redacted, sources: facts.planSources)
    }

    static func controlState(_ control: PlanFacts.Control, facts: PlanFacts, dates: ClosedRange<CalendarDate>,
                             referenceDate: CalendarDate) -> ControlState {
        let id = control.fact.controlId
        let counted = facts.countedPerformances(of: id, in: dates).sorted { ($0.fact.performedOn, $0.seq) < ($1.fact.performedOn, $1.seq) }
        var indicators: [String: IndicatorFact] = [:]
        var indicatorOrder: [String] = []
        for performance in counted {
            for indicator in performance.fact.indicators {
                if indicators[indicator.name] == nil { indicatorOrder.append(indicator.name) }
                indicators[indicator.name, default: IndicatorFact(name: indicator.name, numerator: 0, denominator: 0)].numerator += indicator.numerator
                indicators[indicator.name]!.denominator += indicator.denominator
            }
        }
        let deviations = facts.deviations.filter { $0.fact.controlId == id && dates.contains($0.fact.observedOn) }
        var units: [String: UnitDeviations] = [:]
        for deviation in deviations {
            let key = "\(deviation.fact.unit ?? "")\u{0}\(deviation.fact.severity)"
            let open = deviation.closing.map { $0.on > referenceDate } ?? true
            var entry = units[key] ?? UnitDeviations(unit: deviation.fact.unit, severity: deviation.fact.severity,
                                                     recorded: 0, open: 0, sources: [])
            entry.recorded += deviation.fact.count
            if open { entry.open += deviation.fact.count }
            entry.sources += deviation.sources + (deviation.closing?.sources ?? [])
            units[key] = entry
        }
        let latest = counted.last
        return ControlState(
            controlId: id, area: control.fact.area, title: control.fact.title, method: control.fact.method,
            responsible: control.fact.responsible, frequency: control.fact.frequency,
            withdrawn: control.withdrawn.map { $0.on <= dates.upperBound } ?? false,
            withdrawnReason: control.withdrawn?.reason,
            performed: counted.count, planned: counted.contains { $0.fact.planned != nil } ? counted.reduce(0) { $0 + ($1.fact.planned ?? 0) } : nil,
            examined: counted.reduce(0) { $0 + $1.fact.examined }, deviating: counted.reduce(0) { $0 + $1.fact.deviating },
            serious: counted.reduce(0) { $0 + ($1.fact.serious ?? 0) },
            latestAssessment: latest?.fact.assessment, latestPerformedOn: latest?.fact.performedOn,
            indicators: indicatorOrder.compactMap { indicators[$0] }, results: counted.compactMap(\.fact.result),
            deviations: units.values.sorted { ($0.unit ?? "", $0.severity) < ($1.unit ?? "", $1.severity) },
            deviationDetails: deviations.map { DeviationState(fact: $0.fact, closedOn: $0.closing?.on,
                                                              sources: $0.sources + ($0.closing?.sources ?? [])) },
            actions: facts.actions(of: id, in: dates).map { actionState($0, facts: facts, referenceDate: referenceDate) },
            performanceSources: counted.flatMap(\.sources), sources: control.sources)
    }

    static func actionState(_ action: PlanFacts.Action, facts: PlanFacts, referenceDate: CalendarDate) -> ActionState {
        let known = action.followUps.filter { $0.fact.followedUpOn <= referenceDate }
            .sorted { $0.fact.followedUpOn < $1.fact.followedUpOn }
        let latest = known.last
        let completed = latest.map { ["completed", "cancelled"].contains($0.fact.status) } ?? !action.fact.planned
        let overdue = action.fact.dueOn.map { $0 < referenceDate && !completed } ?? false
        return ActionState(fact: action.fact, status: latest?.fact.status, lastFollowUpOn: latest?.fact.followedUpOn,
                           finding: latest?.fact.finding, nextFollowUpOn: latest?.fact.nextFollowUpOn, overdue: overdue,
                           sources: action.sources + known.flatMap(\.sources))
    }
}
