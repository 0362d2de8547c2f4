import EventLog
import Projections

/// The JSON of the projections, as `Schemas/projections/*.schema.json` describe it. Rates are strings
/// (`"58.9"`): they are computed from integer counts and never stored or compared as binary fractions.
public enum ProjectionJSON {
    static func seqs(_ values: [UInt64]) -> JSONValue { .array(values.map { .integer(Int64($0)) }) }
    static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    static func date(_ value: CalendarDate?) -> JSONValue { value.map { .string($0.description) } ?? .null }
    static func int(_ value: Int64?) -> JSONValue { value.map(JSONValue.integer) ?? .null }

    public static func knowledge(_ k: KnowledgeInfo) -> JSONValue {
        ["seq": .integer(Int64(k.seq)), "recordedAt": text(k.recordedAt?.description),
         "referenceDate": .string(k.referenceDate.description), "treeSize": .integer(Int64(k.treeSize)), "root": .string(k.root.hex)]
    }

    static func period(_ name: String, _ dates: ClosedRange<CalendarDate>) -> JSONValue {
        ["name": .string(name), "from": .string(dates.lowerBound.description), "to": .string(dates.upperBound.description)]
    }

    public static func state(_ view: StateView, rounding: Rounding = .halfUp) -> JSONValue {
        ["knowledge": knowledge(view.knowledge), "period": period(view.period.name, view.period.dates),
         "plans": .array(view.plans.map { plan($0, rounding: rounding) })]
    }

    static func plan(_ p: PlanState, rounding: Rounding) -> JSONValue {
        ["planId": .string(p.planId), "organisation": text(p.organisation), "year": int(p.year), "adoptedOn": date(p.adoptedOn),
         "reportTo": .array(p.reportTo.map(JSONValue.string)), "controls": .array(p.controls.map { control($0, rounding: rounding) }),
         "otherActions": .array(p.otherActions.map(action)),
         "assessments": .object(p.assessments.mapValues { .integer(Int64($0)) }),
         "reports": .array(p.reports.map { r in
             ["reportId": .string(r.reportId), "submittedOn": .string(r.submittedOn.description),
              "to": .string(r.to), "decisionRef": text(r.decisionRef), "sources": seqs(r.sources)]
         }),
         "redactedSeqs": seqs(p.redactedSeqs), "sources": seqs(p.sources)]
    }

    static func control(_ c: ControlState, rounding: Rounding) -> JSONValue {
        ["controlId": .string(c.controlId), "area": text(c.area), "title": text(c.title), "method": text(c.method),
         "responsible": text(c.responsible), "frequency": text(c.frequency), "withdrawn": .bool(c.withdrawn),
         "schedule": c.schedule.map { .array($0.map(JSONValue.string)) } ?? .null, "due": .bool(c.due),
         "standing": .string(c.standing), "partlyPerformed": .integer(Int64(c.partlyPerformed)),
         "performed": .integer(Int64(c.performed)), "planned": int(c.planned), "examined": .integer(c.examined),
         "deviating": .integer(c.deviating), "compliant": .integer(c.compliant), "serious": .integer(c.serious),
         "ratePercent": text(Percent.text(c.deviating, of: c.examined, rounding: rounding)),
         "latestAssessment": text(c.latestAssessment), "latestPerformedOn": date(c.latestPerformedOn),
         "indicators": .array(c.indicators.map { i in
             ["name": .string(i.name), "numerator": .integer(i.numerator), "denominator": .integer(i.denominator),
              "percent": text(Percent.text(i.numerator, of: i.denominator, rounding: rounding))]
         }),
         "results": .array(c.results.map(JSONValue.string)),
         "deviations": ["recorded": .integer(c.deviationsRecorded), "open": .integer(c.deviationsOpen),
                        "byUnit": .array(c.deviations.map { u in
                            ["unit": text(u.unit), "severity": .string(u.severity), "recorded": .integer(u.recorded),
                             "open": .integer(u.open), "sources": seqs(u.sources)]
                        })],
         "actions": .array(c.actions.map(action)),
         "sources": seqs(c.sources), "performanceSources": seqs(c.performanceSources)]
    }

    static func action(_ a: ActionState) -> JSONValue {
        ["actionId": .string(a.actionId), "kind": .string(a.planned ? "planned" : "taken"),
         "date": .string(a.date.description), "description": .string(a.description), "owner": text(a.owner),
         "dueOn": date(a.dueOn), "deviationIds": .array(a.deviationIds.map(JSONValue.string)),
         "status": text(a.status), "lastFollowUpOn": date(a.lastFollowUpOn), "finding": text(a.finding),
         "nextFollowUpOn": date(a.nextFollowUpOn), "overdue": .bool(a.overdue), "sources": seqs(a.sources)]
    }

    public static func trend(_ view: TrendView, rounding: Rounding = .halfUp) -> JSONValue {
        ["knowledge": knowledge(view.knowledge), "period": period("\(view.dates.lowerBound)..\(view.dates.upperBound)", view.dates),
         "bucket": .string(view.bucket.rawValue), "groupBy": .string(view.grouping.rawValue),
         "rows": .array(view.rows.map { r in
             ["group": .string(r.group), "label": .string(r.label), "bucket": period(r.bucket.name, r.bucket.dates),
              "cumulative": .bool(r.cumulative),
              "performed": .integer(Int64(r.performed)), "examined": .integer(r.examined), "deviating": .integer(r.deviating),
              "ratePercent": text(Percent.text(r.deviating, of: r.examined, rounding: rounding)), "serious": .integer(r.serious),
              "deviationsRecorded": .integer(r.deviationsRecorded), "actionsPlanned": .integer(Int64(r.actionsPlanned)),
              "actionsCompleted": .integer(Int64(r.actionsCompleted)),
              "medianDaysToClose": r.medianDaysToClose.map { .integer(Int64($0)) } ?? .null, "sources": seqs(r.sources)]
         })]
    }

    public static func diff(_ view: DiffView) -> JSONValue {
        ["from": knowledge(view.from), "to": knowledge(view.to), "period": period(view.period.name, view.period.dates),
         "events": .array(view.events.map { e in
             ["seq": .integer(Int64(e.seq)), "id": .string(e.id), "type": .string(e.type.rawValue),
              "effectiveAt": .string(e.effectiveAt.description), "kind": .string(e.kind), "targetId": text(e.targetId),
              "targetType": text(e.targetType?.rawValue),
              "changes": .array(e.changes.map { ["field": .string($0.field), "old": text($0.old), "new": text($0.new)] })]
         }),
         "figures": .array(view.figures.map { f in
             ["planId": .string(f.planId), "controlId": .string(f.controlId), "figure": .string(f.figure),
              "old": .string(f.old), "new": .string(f.new)]
         })]
    }
}
