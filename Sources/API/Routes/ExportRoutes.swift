import EventLog
import Hummingbird
import Projections
import Reports

/// `export/{log,state,trend,deviations,actions}`, as `ik export`.
struct ExportRoutes<Context: APIRequestContext> {
    let services: APIServices

    func register(on group: RouterGroup<Context>) {
        group.get("export/log") { request, context in
            let principal = try context.require(.export)
            return try await LogRoutes<Context>(services: services).stream(request, for: principal)
        }
        for what in ProjectionExport.What.allCases {
            group.get("export/\(what.rawValue)") { request, context in
                let principal = try context.require(.export)
                let slot = try services.heavy.enter(account: principal.account)
                defer { slot.release() }
                return try await export(what, request)
            }
        }
    }

    func export(_ what: ProjectionExport.What, _ request: Request) async throws -> Response {
        var allowed = FigureRoutes<Context>.common.subtracting(["explain"])
        if what == .trend { allowed.formUnion(["bucket", "by"]) }
        let q = try QueryParameters(request, allowed: allowed, repeatable: ["plan"])
        let scope = try q.scope()
        let plans = try q.plans()
        let language = try q.choice("lang", default: Language.standard)
        let format = try q.choice("format", default: ProjectionExport.Format.jsonl)
        let trend = ProjectionExport.TrendOptions(bucket: try q.choice("bucket", default: Bucket.year),
                                                  grouping: try q.choice("by", default: TrendProjection.Grouping.control))
        let store = services.store
        let output = try await services.blocking.run {
            try ProjectionExport.render(what, format: format, store: store, scope: scope, plans: plans.isEmpty ? nil : plans,
                                        language: language, trend: trend)
        }
        let type = switch format {
        case .csv: Reply.csv
        case .jsonl: Reply.jsonLines
        case .json: "application/json"
        }
        return Reply.bytes(output.bytes, contentType: type)
    }
}
