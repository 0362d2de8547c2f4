import EventLog
import Hummingbird
import Projections
import Reports

/// `GET /trend`: the trend by period for a control point (or all), as known at a moment, with the report's SVG
/// chart (``TrendChart``) per control point; and `GET /diff`: what a later knowledge point adds to or changes in an
/// earlier one (``LedgerQuery/diff``), as `ik trend` and `ik diff`.
struct TrendPage<Context: WebRequestContext> {
    let routes: WebRoutes<Context>
    /// Charts on one page at most (the table has every row).
    static var maxCharts: Int { 8 }

    func register(on group: RouterGroup<Context>) {
        group.get("trend") { request, context in
            await routes.page(request, context) { web in try await trend(web) }
        }
        group.get("diff") { request, context in
            await routes.page(request, context) { web in try await diff(web) }
        }
    }

    func trend(_ web: WebRequest) async throws -> Response {
        _ = try web.require(.readFigures)
        let choice = try KnowledgeChoice(web)
        let bucketText = web.parameter("bucket") ?? "half"
        guard let bucket = Bucket(rawValue: bucketText) else {
            throw WebError.badParameter("bucket", bucketText, Bucket.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let control = web.parameter("control")
        let store = routes.services.store
        let (view, size, controls) = try await routes.heavy(web) { () -> (TrendView, UInt64, [String]) in
            let (size, controls) = try store.read { view in
                (try view.size, try view.streamIDs(withPrefix: "control-", limit: 5000).map { String($0.dropFirst(8)) })
            }
            let trend = try LedgerQuery(store: store).trend(dates: choice.scope.dates, bucket: bucket, grouping: .control, only: control,
                                                           asOf: choice.scope.knowledgePoint)
            return (trend, size, controls)
        }
        let language = web.language
        var groups: [String] = []
        for row in view.rows where !groups.contains(row.group) { groups.append(row.group) }
        let charts: [[String: Any]] = groups.compactMap { group -> [String: Any]? in
            let rows = view.rows.filter { $0.group == group }
            guard rows.contains(where: { $0.examined > 0 }) else { return nil }
            let title = (rows.first?.label).map { $0.isEmpty ? group : "\(group) \($0)" } ?? group
            return ["svg": TrendChart.svg(rows, labels: rows.map(Self.label), language: language, title: title), "title": title]
        }.prefix(Self.maxCharts).map { $0 }
        var data = AuditRoutes<Context>.knowledgeData(view.knowledge, size: size, choice: choice, web: web)
        data["hidden"] = [["name": "bucket", "value": bucket.rawValue]] + (control.map { [["name": "control", "value": $0]] } ?? [])
        data["buckets"] = Bucket.allCases.map { ["value": $0.rawValue, "label": web.t("bucket." + $0.rawValue), "selected": $0 == bucket] }
        data["controls"] = controls.map { ["value": $0, "selected": $0 == control] }
        data["charts"] = charts
        data["tableHTML"] = TableView.html(TrendRendering.tabular(view, language: language, explain: true),
                                           caption: web.t("trendTable"), web: web, pages: routes.pages)
        return routes.pages.page("trend", title: web.t("navTrend"), data: data, web: web)
    }

    /// A bar's label: the period's name, or for a cumulative row the month it runs to (`ack. 2024-08`).
    static func label(_ row: TrendProjection.Row) -> String {
        row.cumulative ? "ack. " + String(row.bucket.last.description.prefix(7)) : row.bucket.name
    }

    func diff(_ web: WebRequest) async throws -> Response {
        _ = try web.require(.readLog)
        let choice = try KnowledgeChoice(web)
        let against = try KnowledgeChoice.point(named: "against", in: web) ?? .now
        let store = routes.services.store
        let (view, size) = try await routes.heavy(web) { () -> (DiffView, UInt64) in
            (try LedgerQuery(store: store).diff(period: choice.scope.periodOrAll, old: choice.scope.knowledgePoint, new: against),
             try store.read { try $0.size })
        }
        var data = AuditRoutes<Context>.knowledgeData(view.from, size: size, choice: choice, web: web)
        data["against"] = web.parameter("against") ?? ""
        data["toSeq"] = view.to.seq
        data["tableHTML"] = TableView.html(TrendRendering.diffTabular(view, language: web.language),
                                           caption: web.t("diffTable"), web: web, pages: routes.pages)
        return routes.pages.page("diff", title: web.t("navDiff"), data: data, web: web)
    }
}
