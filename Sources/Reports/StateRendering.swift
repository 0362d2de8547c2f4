import EventLog
import Projections

/// The state projection as a table for people, rows for spreadsheets, and JSON.
public enum StateRendering {
    static func seqs(_ values: [UInt64]) -> String { values.map(String.init).joined(separator: " ") }

    /// One row per control point.
    public static func tabular(_ view: StateView, language: Language, explain: Bool = false,
                               rounding: Rounding = .halfUp) -> Tabular {
        let l = language
        var table = Tabular(
            keys: ["plan", "control", "title", "due", "performed", "partly", "examined", "deviating", "rate", "serious",
                      "assessment", "deviations", "open", "actions", "overdue"] + (explain ? ["sources"] : []), language: l,
            numeric: [4, 5, 6, 7, 8, 9, 11, 12, 13, 14])
        for plan in view.plans {
            for c in plan.controls {
                var row = [
                    plan.planId, c.controlId, (c.title ?? "") + (c.withdrawn ? " (\(l.label("withdrawn")))" : ""),
                    l.label(c.due ? "yes" : "no"), String(c.performed), String(c.partlyPerformed), l.number(c.examined),
                    l.number(c.deviating), l.percent(Percent.text(c.deviating, of: c.examined, rounding: rounding)), l.number(c.serious),
                    c.withdrawn ? "–" : l.label(c.standing), l.number(c.deviationsRecorded), l.number(c.deviationsOpen),
                    String(c.actions.count), String(c.actions.filter(\.overdue).count),
                ]
                if explain { row.append(seqs(c.performanceSources + c.deviations.flatMap(\.sources) + c.actions.flatMap(\.sources))) }
                table.rows.append(row)
            }
        }
        return table
    }

    /// A table with a heading line per plan, for a terminal.
    public static func text(_ view: StateView, language: Language, explain: Bool, rounding: Rounding = .halfUp) -> String {
        let l = language
        var lines = ["\(l.label("period").capitalized) \(l.periodName(view.period.name)), \(l.label("knownAt")) seq \(view.knowledge.seq)"
            + (view.knowledge.recordedAt.map { " (\($0))" } ?? "")]
        if view.plans.isEmpty { return (lines + [l.label("noData")]).joined(separator: "\n") }
        lines.append(tabular(view, language: l, explain: explain, rounding: rounding).text())
        for plan in view.plans {
            let counts = ["satisfactory", "partly-satisfactory", "unsatisfactory", "undetermined", "not-performed", "not-due"]
                .map { "\(l.label($0)) \(plan.assessments[$0] ?? 0)" }.joined(separator: ", ")
            lines.append("\(plan.planId): \(plan.organisation ?? "") — \(counts)")
            if !plan.redactedSeqs.isEmpty {
                lines.append("  \(l.label("redacted")): seq " + seqs(plan.redactedSeqs))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One row per deviation recorded in the period.
    public static func deviations(_ view: StateView, language: Language) -> Tabular {
        let l = language
        var table = Tabular(keys: ["plan", "control", "deviationId", "observedOn", "unit", "category", "severity", "count",
                                      "closedOn", "description", "sources"], language: l, numeric: [7])
        for plan in view.plans {
            for c in plan.controls {
                for d in c.deviationDetails {
                    table.rows.append([plan.planId, c.controlId, d.deviationId, d.observedOn.description,
                                       d.unit ?? "", d.category ?? "", l.label("severity." + d.severity),
                                       String(d.count), d.closedOn?.description ?? "", d.description, seqs(d.sources)])
                }
            }
        }
        return table
    }

    /// One row per action that belongs to the period.
    public static func actions(_ view: StateView, language: Language) -> Tabular {
        let l = language
        var table = Tabular(keys: ["plan", "control", "actionId", "kind", "date", "description", "owner", "dueOn", "status",
                                      "followedUpOn", "overdue", "sources"], language: l)
        for plan in view.plans {
            let all = plan.controls.flatMap { c in c.actions.map { (c.controlId, $0) } } + plan.otherActions.map { ("", $0) }
            for (control, a) in all {
                table.rows.append([plan.planId, control, a.actionId, l.label(a.planned ? "kindPlanned" : "kindTaken"),
                                   a.date.description, a.description, a.owner ?? "",
                                   a.dueOn?.description ?? "", a.status.map(l.label) ?? "",
                                   a.lastFollowUpOn?.description ?? "", a.overdue ? "1" : "0", seqs(a.sources)])
            }
        }
        return table
    }
}
