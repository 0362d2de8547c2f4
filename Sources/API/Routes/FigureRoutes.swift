import EventLog
import Hummingbird
import Projections
import Reports

/// The figures, for every role that reads: `state`, `trend`, `report`, `plans`; and `diff` for those who read the
/// log. The same library calls and renderings as `ik state|trend|diff|report`.
struct FigureRoutes<Context: APIRequestContext> {
    let services: APIServices

    enum Format: String, CaseIterable { case json, csv, table }

    func register(on group: RouterGroup<Context>) {
        group.get("state") { request, context in try await state(request, context: context) }
        group.get("trend") { request, context in try await trend(request, context: context) }
        group.get("diff") { request, context in try await diff(request, context: context) }
        group.get("report") { request, context in try await report(request, context: context) }
        group.get("plans") { request, context in try await plans(request, context: context) }
    }

    static var common: Set<String> { QueryParameters.scope.union(["plan", "lang", "format", "explain", "rounding"]) }

    func state(_ request: Request, context: Context) async throws -> Response {
        let principal = try context.require(.readFigures)
        let q = try QueryParameters(request, allowed: Self.common, repeatable: ["plan"])
        let (scope, plans, language, format, explain) = (try q.scope(), try q.plans(), try q.choice("lang", default: Language.standard),
                                                          try q.choice("format", default: Format.json), try q.flag("explain"))
        let rounding = try q.choice("rounding", default: Rounding.halfUp)
        let store = services.store
        let view = try await services.heavyRead(for: principal.account) {
            try LedgerQuery(store: store).state(period: scope.periodOrAll, asOf: scope.knowledgePoint,
                                                plans: plans.isEmpty ? nil : plans)
        }
        switch format {
        case .json: return Reply.json(ProjectionJSON.state(view, rounding: rounding))
        case .csv: return Reply.bytes(Array(try StateRendering.tabular(view, language: language, explain: true, rounding: rounding).csv()),
                                      contentType: Reply.csv)
        case .table: return Reply.text(StateRendering.text(view, language: language, explain: explain, rounding: rounding) + "\n")
        }
    }

    func trend(_ request: Request, context: Context) async throws -> Response {
        let principal = try context.require(.readFigures)
        let q = try QueryParameters(request, allowed: Self.common.union(["bucket", "by", "control"]), repeatable: ["plan"])
        let (scope, plans, language, format, explain) = (try q.scope(), try q.plans(), try q.choice("lang", default: Language.standard),
                                                          try q.choice("format", default: Format.json), try q.flag("explain"))
        let rounding = try q.choice("rounding", default: Rounding.halfUp)
        let bucket = try q.choice("bucket", default: Bucket.year)
        let grouping = try q.choice("by", default: TrendProjection.Grouping.control)
        let control = q.string("control")
        let store = services.store
        let view = try await services.heavyRead(for: principal.account) {
            try LedgerQuery(store: store).trend(dates: scope.dates, bucket: bucket, grouping: grouping, only: control,
                                                asOf: scope.knowledgePoint, plans: plans.isEmpty ? nil : plans)
        }
        switch format {
        case .json: return Reply.json(ProjectionJSON.trend(view, rounding: rounding))
        case .csv: return Reply.bytes(Array(try TrendRendering.tabular(view, language: language, explain: true, rounding: rounding).csv()),
                                      contentType: Reply.csv)
        case .table:
            return Reply.text("\(view.dates.lowerBound)..\(view.dates.upperBound), \(language.label("knownAt")) seq "
                + "\(view.knowledge.seq)\n"
                + TrendRendering.tabular(view, language: language, explain: explain, rounding: rounding).text() + "\n")
        }
    }

    func diff(_ request: Request, context: Context) async throws -> Response {
        let principal = try context.require(.readLog)
        let q = try QueryParameters(request, allowed: Self.common.subtracting(["explain", "rounding"]).union(["against"]),
                                    repeatable: ["plan"])
        let (scope, plans, language, format) = (try q.scope(), try q.plans(), try q.choice("lang", default: Language.standard),
                                                try q.choice("format", default: Format.json))
        let against = try q.value("against", "is neither a date, an instant nor seq:N") { KnowledgePoint(asOf: $0) } ?? .now
        let store = services.store
        let view = try await services.heavyRead(for: principal.account) {
            try LedgerQuery(store: store).diff(period: scope.periodOrAll, old: scope.knowledgePoint, new: against,
                                               plans: plans.isEmpty ? nil : plans)
        }
        switch format {
        case .json: return Reply.json(ProjectionJSON.diff(view))
        case .csv: return Reply.bytes(Array(try TrendRendering.diffTabular(view, language: language).csv()), contentType: Reply.csv)
        case .table: return Reply.text(TrendRendering.diffText(view, language: language) + "\n")
        }
    }

    func report(_ request: Request, context: Context) async throws -> Response {
        let principal = try context.require(.readFigures)
        let q = try QueryParameters(request, allowed: QueryParameters.scope.union(["plan", "lang", "format", "decimals", "rounding", "bucket"]))
        let slot = try services.heavy.enter(account: principal.account)
        defer { slot.release() }
        guard let plan = q.string("plan") else { throw Problem.badParameter("plan", nil, "required: the plan to report on") }
        let scope = try q.scope()
        let language = try q.choice("lang", default: Language.sv)
        let format = try q.choice("format", default: ReportRenderer.Format.md)
        let decimals = try q.value("decimals", "is 0, 1 or 2") { Int($0).flatMap { (0...2).contains($0) ? $0 : nil } } ?? 0
        let rounding = try q.choice("rounding", default: Rounding.halfUp)
        let bucket: Bucket? = q.string("bucket") == nil ? nil : try q.choice("bucket", default: Bucket.year)
        let (store, trust) = (services.store, services.witnessTrust)
        let text: String
        do {
            text = try await services.blocking.run {
                try ReportQuery.render(store: store, plan: plan, scope: scope, language: language, format: format,
                                       decimals: decimals, rounding: rounding, bucket: bucket, witnessTrust: trust)
            }
        } catch let failure as ReportQuery.Failure {
            switch failure {
            case .noPlan:
                throw Problem(.notFound, "no-such-plan", title: "No such plan", detail: failure.description)
            case .unchecked:
                throw Problem(.internalServerError, "report-unchecked", title: "The report was not written",
                              detail: failure.description)
            }
        }
        switch format {
        case .md: return Reply.text(text, contentType: "text/markdown; charset=utf-8")
        case .html: return Reply.bytes(Array(text.utf8), contentType: "text/html; charset=utf-8", headers: Reply.htmlPolicy)
        case .json: return Reply.text(text, contentType: "application/json")
        }
    }

    func plans(_ request: Request, context: Context) async throws -> Response {
        _ = try context.require(.readFigures)
        _ = try QueryParameters(request, allowed: [])
        let store = services.store
        let json: JSONValue = try await services.blocking.run {
            try store.read { view in
                let ids = try view.streamIDs(withPrefix: "plan-", limit: .max).map { JSONValue.string(String($0.dropFirst(5))) }
                return ["treeSize": .integer(Int64(try view.size)), "plans": .array(ids)]
            }
        }
        return Reply.json(json)
    }
}
