import EventLog
import Projections

/// `ik plans`: one row per plan — id, organisation, year, control points (not withdrawn), the latest report.
public enum PlanListing {
    public static func tabular(_ view: StateView, language: Language) -> Tabular {
        let l = language
        var table = Tabular(keys: ["plan", "organisation", "year", "controlPoints", "latestReport"], language: l, numeric: [2, 3])
        for plan in view.plans where !plan.planId.isEmpty {
            let latest = plan.reports.max { ($0.submittedOn, $0.reportId) < ($1.submittedOn, $1.reportId) }
            table.rows.append([plan.planId, plan.organisation ?? "", plan.year.map(String.init) ?? "",
                               String(plan.activeControls.count),
                               latest.map { "\($0.submittedOn) \($0.to) (\($0.reportId))" } ?? "–"])
        }
        return table
    }

    public static func json(_ view: StateView) -> JSONValue {
        .array(view.plans.filter { !$0.planId.isEmpty }.map { plan in
            let latest = plan.reports.max { ($0.submittedOn, $0.reportId) < ($1.submittedOn, $1.reportId) }
            return ["planId": .string(plan.planId), "organisation": plan.organisation.map(JSONValue.string) ?? .null,
                    "year": plan.year.map(JSONValue.integer) ?? .null, "controlPoints": .integer(Int64(plan.activeControls.count)),
                    "latestReport": latest.map { r in
                        ["reportId": .string(r.reportId), "submittedOn": .string(r.submittedOn.description), "to": .string(r.to)]
                    } ?? .null]
        })
    }
}
