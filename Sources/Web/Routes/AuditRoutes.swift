import EventLog
import Hummingbird
import Projections
import Reports

/// `GET /state`: the figures for a period as known at a moment, with a date-time picker and a slider over the
/// recorded history (each its own form with a submit button, so both work without JavaScript).
struct AuditRoutes<Context: WebRequestContext> {
    let routes: WebRoutes<Context>

    func register(on group: RouterGroup<Context>) {
        group.get("state") { request, context in
            await routes.page(request, context) { web in try await state(web) }
        }
    }

    func state(_ web: WebRequest) async throws -> Response {
        _ = try web.require(.readFigures)
        let choice = try KnowledgeChoice(web)
        let store = routes.services.store
        // One plan when the link names one, else every plan known at the point: a plan recorded later is not asked for.
        let asked = web.parameter("plan").map { [$0] }
        let (view, size) = try await routes.heavy(web) { () -> (StateView, UInt64) in
            let view = try LedgerQuery(store: store).state(period: choice.scope.periodOrAll, asOf: choice.scope.knowledgePoint,
                                                           plans: asked)
            return (view, try store.read { try $0.size })
        }
        let language = web.language
        let knowledge = view.knowledge
        let plans: [[String: Any]] = view.plans.map { plan in
            [
                "planId": plan.planId, "organisation": plan.organisation ?? "",
                "due": "\(plan.dueCount) / \(plan.activeControls.count)",
                "assessments": ["satisfactory", "partly-satisfactory", "unsatisfactory", "undetermined", "not-performed", "not-due"]
                    .map { ["label": language.label($0), "count": plan.assessments[$0] ?? 0] },
            ]
        }
        let table = StateRendering.tabular(view, language: language, explain: true)
        var data = Self.knowledgeData(knowledge, size: size, choice: choice, web: web)
        data["plans"] = plans
        if let plan = asked?.first { data["hidden"] = [["name": "plan", "value": plan]] }
        data["tableHTML"] = TableView.html(table, caption: web.t("stateTable"), web: web, pages: routes.pages)
        return routes.pages.page("state", title: web.t("navState"), data: data, web: web)
    }

    /// What the as-of controls and the knowledge line show.
    static func knowledgeData(_ knowledge: KnowledgeInfo, size: UInt64, choice: KnowledgeChoice, web: WebRequest)
        -> [String: Any]
    {
        let recorded = knowledge.recordedAt.map { KnowledgeChoice.pickerValue($0) } ?? "–"
        return [
            "period": choice.period?.name ?? "", "periodName": web.language.periodName(choice.scope.periodOrAll.name),
            "at": choice.at ?? "", "seq": knowledge.seq, "size": size, "recorded": recorded,
            "picker": knowledge.recordedAt.map(KnowledgeChoice.pickerValue) ?? "",
            "root": knowledge.root.description, "treeSize": knowledge.treeSize,
            "isNow": knowledge.seq == size, "action": web.path, "periodHint": web.t("periodHintAll"),
        ]
    }
}
