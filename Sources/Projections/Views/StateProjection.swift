import EventLog
import InternalControl

/// The state of a plan for a period as known at a point: per control point the result figures, latest
/// assessment, deviations by unit and severity, actions with their latest follow-up, overdue actions.
///
/// Figures count only facts whose effective date lies in the period. Statuses (a deviation closed, an
/// action's latest follow-up, overdue) are those known at the reference date, the knowledge point's day.
/// Figures come from the fold; texts from `texts`, read for what the view shows.
public enum StateProjection {
    public static func evaluate(_ facts: PlanFacts, period: Period, referenceDate: CalendarDate,
                                texts: some FactTexts) -> PlanState {
        let dates = period.dates
        let controls = facts.controls.indices.filter { facts.controls[$0].addedOn <= dates.upperBound }.map { c in
            controlState(c, facts: facts, dates: dates, referenceDate: referenceDate, texts: texts)
        }
        let unassigned = facts.actions(of: nil, in: dates).map {
            actionState($0, referenceDate: referenceDate, texts: texts)
        }
        var summary: [String: Int] = [:]
        for control in controls where !control.withdrawn {
            summary[control.standing, default: 0] += 1
        }
        let reports = facts.reports.filter {
            dates.contains($0.values.submittedOn) || ($0.values.covers?.overlaps(dates) ?? false)
        }
        let plan = facts.adopted.flatMap { texts.plan($0.textSeq) }
        return PlanState(
            planId: texts.thingId(facts.plan) ?? "", organisation: plan?.organisation, year: facts.adopted?.year,
            adoptedOn: facts.adopted?.adoptedOn, reportTo: plan?.reportTo ?? [], controls: controls,
            otherActions: unassigned, assessments: summary,
            reports: reports.map { r in
                let text = texts.report(r.textSeq)
                return ReportState(reportId: text?.reportId ?? "", submittedOn: r.values.submittedOn, to: text?.to ?? "",
                                   decisionRef: text?.decisionRef, covers: r.values.covers, sources: r.sources.all)
            },
            redactedSeqs: facts.redacted, sources: facts.adopted?.sources.all ?? [])
    }

    static func controlState(_ c: Int, facts: PlanFacts, dates: ClosedRange<CalendarDate>, referenceDate: CalendarDate,
                             texts: some FactTexts) -> ControlState {
        let control = facts.controls[c]
        let counted = facts.countedPerformances(of: c, in: dates).sorted {
            ($0.values.performedOn, $0.seq) < ($1.values.performedOn, $1.seq)
        }
        var indicators: [IndicatorTotal] = []
        var results: [String] = []
        for performance in counted where performance.values.hasIndicators || performance.values.hasResult {
            guard let payload = texts.performance(performance.textSeq) else { continue }
            if let result = payload.result { results.append(result) }
            for indicator in payload.indicators ?? [] {
                if let i = indicators.firstIndex(where: { $0.name == indicator.name }) {
                    indicators[i].numerator = indicators[i].numerator.addingSaturating(indicator.numerator)
                    indicators[i].denominator = indicators[i].denominator.addingSaturating(indicator.denominator)
                } else {
                    indicators.append(IndicatorTotal(name: indicator.name, numerator: indicator.numerator,
                                                     denominator: indicator.denominator))
                }
            }
        }
        let deviations = facts.deviationsOf[c].filter { dates.contains(facts.deviations[$0].values.observedOn) }
        // A control point's deviations fall in a few units: a short list searched in order beats hashing.
        var keys: [UnitKeyAndSeverity] = []
        var units: [UnitDeviations] = []
        for d in deviations {
            let deviation = facts.deviations[d]
            let key = UnitKeyAndSeverity(unit: deviation.values.unit, severity: deviation.values.severity)
            let open = deviation.closing.map { $0.on > referenceDate } ?? true
            let u: Int
            if let known = keys.firstIndex(of: key) {
                u = known
            } else {
                u = keys.count
                keys.append(key)
                let label = deviation.values.unit == nil ? nil : texts.deviation(deviation.textSeq)?.unit
                units.append(UnitDeviations(unit: label, severity: word(deviation.values.severity, EventCatalogue.severities) ?? "",
                                            recorded: 0, open: 0, sources: []))
            }
            units[u].recorded = units[u].recorded.addingSaturating(deviation.values.count)
            if open { units[u].open = units[u].open.addingSaturating(deviation.values.count) }
            units[u].sources.append(deviation.sources)
            if let closing = deviation.closing { units[u].sources.append(closing.sources) }
        }
        let details = texts.details(of: control)
        let latest = counted.last
        let performed = counted.filter(\.values.isPerformed)
        return ControlState(
            thing: control.thing, controlId: texts.thingId(control.thing) ?? "", area: details?.area, title: details?.title, method: details?.method,
            responsible: details?.responsible, frequency: details?.frequency,
            withdrawn: control.withdrawn.map { $0.on <= dates.upperBound } ?? false,
            withdrawnReason: control.withdrawn.flatMap { texts.withdrawal($0.textSeq)?.reason },
            schedule: details?.schedule, riskAreaId: details?.riskAreaId, risk: details?.risk,
            due: ScheduleRules.isDue(schedule: details?.schedulePeriods, planYear: facts.adopted?.year, in: dates),
            performed: performed.count, partlyPerformed: performed.filter(\.values.partial).count,
            planned: counted.contains { $0.values.planned != nil } ? counted.saturatingSum { $0.values.planned ?? 0 } : nil,
            examined: counted.saturatingSum(\.values.examined), deviating: counted.saturatingSum(\.values.deviating),
            serious: counted.saturatingSum { $0.values.serious ?? 0 },
            latestAssessment: latest.flatMap { word($0.values.assessment, EventCatalogue.assessments) },
            latestPerformedOn: latest?.values.performedOn, indicators: indicators, results: results,
            deviations: units.enumerated().sorted {
                ($0.element.unit ?? "", $0.element.severity, $0.offset) < ($1.element.unit ?? "", $1.element.severity, $1.offset)
            }.map(\.element),
            deviationDetails: deviations.map { deviationState(facts.deviations[$0], texts: texts) },
            actions: facts.actions(of: c, in: dates).map { actionState($0, referenceDate: referenceDate, texts: texts) },
            performanceSources: counted.reduce(into: []) { $0.append($1.sources) }, sources: control.sources)
    }

    static func deviationState(_ d: PlanFacts.Deviation, texts: some FactTexts) -> DeviationState {
        let text = texts.deviation(d.textSeq)
        return DeviationState(
            deviationId: text?.deviationId ?? texts.thingId(d.thing) ?? "", observedOn: d.values.observedOn, unit: text?.unit,
            category: text?.category, severity: word(d.values.severity, EventCatalogue.severities) ?? "", count: d.values.count,
            description: text?.description ?? "", closedOn: d.closing?.on, sources: d.sources.all + (d.closing?.sources.all ?? []))
    }

    static func actionState(_ action: PlanFacts.Action, referenceDate: CalendarDate, texts: some FactTexts) -> ActionState {
        let known = action.followUps.filter { $0.values.followedUpOn <= referenceDate }
            .sorted { $0.values.followedUpOn < $1.values.followedUpOn }
        let latest = known.last
        let status = latest.flatMap { word($0.values.status, EventCatalogue.followUpStatuses) }
        let completed = status.map { ["completed", "cancelled"].contains($0) } ?? !action.planned
        let overdue = action.values.dueOn.map { $0 < referenceDate && !completed } ?? false
        let text = texts.action(action)
        return ActionState(
            actionId: text?.actionId ?? texts.thingId(action.thing) ?? "", planned: action.planned, date: action.values.date,
            description: text?.description ?? "", owner: text?.owner, dueOn: action.values.dueOn,
            deviationIds: text?.deviationIds ?? [], status: status, lastFollowUpOn: latest?.values.followedUpOn,
            finding: latest.flatMap { texts.followUp($0.textSeq)?.finding }, nextFollowUpOn: latest?.values.nextFollowUpOn,
            overdue: overdue, sources: known.reduce(into: action.sources.all) { $0.append($1.sources) })
    }

    struct UnitKeyAndSeverity: Hashable {
        let unit: UnitKey?
        let severity: UInt8
    }

    /// The catalogue word of a record's code; `nil` for a code past the list.
    static func word(_ code: UInt8, _ words: [String]) -> String? {
        Int(code) < words.count ? words[Int(code)] : nil
    }
}
