import EventLog
import Hummingbird
import Projections
import Reports

/// `GET /plans`: an administrator's plans and control points, with what is due now and what is overdue, as the
/// projections compute them (``ControlState/due``, ``ControlState/standing``, ``ActionState/overdue``).
struct AdminRoutes<Context: WebRequestContext> {
    let routes: WebRoutes<Context>

    func register(on group: RouterGroup<Context>) {
        group.get("plans") { request, context in
            await routes.page(request, context) { web in try await plans(web) }
        }
    }

    func plans(_ web: WebRequest) async throws -> Response {
        _ = try web.require(.readFigures)
        let asked = try web.parameter("period").map { text in
            guard let period = Period(text) else { throw WebError.badParameter("period", text, "2024, 2024-H1, 2024-Q3, 2024-05") }
            return period
        }
        let store = routes.services.store
        let states = try await routes.heavy(web) { () -> ([PlanState], CalendarDate) in
            let query = LedgerQuery(store: store)
            let ids = try store.read { view in try view.streamIDs(withPrefix: "plan-", limit: .max).map { String($0.dropFirst(5)) } }
            let all = try query.state(period: QueryScope.everything.periodOrAll, asOf: .now, plans: ids)
            var plans: [PlanState] = []
            for plan in all.plans {
                let period = asked ?? plan.year.flatMap { Period(String($0)) } ?? QueryScope.everything.periodOrAll
                plans += try query.state(period: period, asOf: .now, plans: [plan.planId]).plans
            }
            return (plans, all.knowledge.referenceDate)
        }
        let (planStates, today) = states
        let language = web.language
        let canRecord = web.may(.append)
        let plans: [[String: Any]] = planStates.map { plan in
            let period = asked ?? plan.year.flatMap { Period(String($0)) } ?? QueryScope.everything.periodOrAll
            let ended = period.dates.upperBound < today
            let controls: [[String: Any]] = plan.activeControls.map { control in
                let standing = control.standing
                let (tag, label): (String, String) = switch standing {
                case "not-performed" where ended: ("bad", web.t("overdue"))
                case "not-performed": ("warn", web.t("dueNow"))
                case "not-due": ("muted", language.label("not-due"))
                case "unsatisfactory": ("bad", language.label(standing))
                case "partly-satisfactory", "undetermined": ("warn", language.label(standing))
                default: ("good", language.label(standing))
                }
                return [
                    "controlId": control.controlId, "title": control.title ?? "", "area": control.area ?? false,
                    "responsible": control.responsible ?? "", "frequency": control.frequency.map { WebText.choice($0, language) } ?? false,
                    "tag": tag, "status": label, "performed": control.performed,
                    "latest": control.latestPerformedOn?.description ?? "–",
                    "examined": language.number(control.examined), "deviating": language.number(control.deviating),
                    "open": language.number(control.deviationsOpen),
                    "recordLink": canRecord ? WebRequest.link("/record", [("type", "control-performed"), ("control", control.controlId)]) : false,
                ]
            }
            let overdueActions = (plan.controls.flatMap(\.actions) + plan.otherActions).filter(\.overdue)
            let dueNow = plan.activeControls.filter { $0.standing == "not-performed" }
            return [
                "planId": plan.planId, "organisation": plan.organisation ?? "", "period": language.periodName(period.name),
                "controls": controls, "dueCount": plan.dueCount, "activeCount": plan.activeControls.count,
                "notPerformed": dueNow.count, "notPerformedLabel": ended ? web.t("overdue") : web.t("dueNow"),
                "openDeviations": language.number(plan.activeControls.reduce(0) { $0 + $1.deviationsOpen }),
                "hasOverdue": !overdueActions.isEmpty,
                "overdueActions": overdueActions.map { action -> [String: Any] in
                    ["actionId": action.actionId, "description": action.description, "dueOn": action.dueOn?.description ?? "–",
                     "owner": action.owner ?? "–", "followUpLink": canRecord ? WebRequest.link("/record", [("type", "follow-up"), ("action", action.actionId)]) : false]
                },
            ]
        }
        return routes.pages.page("plans", title: web.t("navPlans"), data: [
            "plans": plans, "period": asked?.name ?? "", "today": today.description, "empty": plans.isEmpty,
        ], web: web)
    }
}
