import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Projections
import Reports

/// `GET /report`: the committee report on the page (the Reports module's HTML, in a frame of its own with its own
/// styles), for any plan, period and knowledge point, and `GET /report/download` as HTML, Markdown, PDF (printed by
/// headless Chromium, as `ik report --format pdf`) and Excel CSV (the state of the plan, as `ik export state --excel`).
struct ReportRoutes<Context: WebRequestContext> {
    let routes: WebRoutes<Context>

    enum Download: String, CaseIterable { case html, md, pdf, csv }

    func register(on group: RouterGroup<Context>) {
        group.get("report") { request, context in
            await routes.page(request, context) { web in try await page(web) }
        }
        group.get("report/view") { request, context in
            await routes.page(request, context) { web in
                let (plan, choice) = try await chosen(web)
                let html = try await render(plan, choice, web, .html)
                var headers = Pages.securityHeaders
                headers[.contentType] = "text/html; charset=utf-8"
                // The report's own inline styles; it may be framed by our page only.
                headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
                headers[HTTPField.Name("X-Frame-Options")!] = "SAMEORIGIN"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
            }
        }
        group.get("report/download") { request, context in
            await routes.page(request, context) { web in try await download(web) }
        }
    }

    /// The plan asked for (default: the first), its period and knowledge point.
    func chosen(_ web: WebRequest) async throws -> (String, KnowledgeChoice) {
        _ = try web.require(.readFigures)
        let choice = try KnowledgeChoice(web)
        let plans = try await planIds()
        guard let plan = web.parameter("plan") ?? plans.first else { throw WebError.notFound }
        return (plan, choice)
    }

    func planIds() async throws -> [String] {
        let store = routes.services.store
        return try await routes.services.blocking.run {
            try store.read { view in try view.streamIDs(withPrefix: "plan-", limit: .max).map { String($0.dropFirst(5)) } }
        }
    }

    func render(_ plan: String, _ choice: KnowledgeChoice, _ web: WebRequest, _ format: ReportRenderer.Format)
        async throws -> String
    {
        let (store, trust) = (routes.services.store, routes.services.witnessTrust)
        let language = web.language
        do {
            return try await routes.heavy(web) {
                try ReportQuery.render(store: store, plan: plan, scope: choice.scope, language: language, format: format,
                                       decimals: 0, witnessTrust: trust)
            }
        } catch let failure as ReportQuery.Failure {
            if case .noPlan = failure { throw WebError.badParameter("plan", plan, failure.description) }
            throw failure
        }
    }

    func page(_ web: WebRequest) async throws -> Response {
        let (plan, choice) = try await chosen(web)
        let plans = try await planIds()
        let store = routes.services.store
        let (knowledge, size) = try await routes.heavy(web) { () -> (KnowledgeInfo, UInt64) in
            let view = try LedgerQuery(store: store).state(period: choice.scope.periodOrAll, asOf: choice.scope.knowledgePoint,
                                                           plans: [plan])
            return (view.knowledge, try store.read { try $0.size })
        }
        var data = AuditRoutes<Context>.knowledgeData(knowledge, size: size, choice: choice, web: web)
        data["hidden"] = [["name": "plan", "value": plan]]
        data["plans"] = plans.map { ["id": $0, "selected": $0 == plan] }
        data["plan"] = plan
        data["planSelect"] = true
        data["periodHint"] = web.t("periodHintReport")
        let parameters: [(String, String?)] = [("plan", plan), ("period", choice.period?.name), ("seq", String(knowledge.seq)),
                                               ("lang", web.language.rawValue)]
        data["frame"] = WebRequest.link("/report/view", parameters)
        data["downloads"] = Download.allCases.map { format -> [String: Any] in
            ["href": WebRequest.link("/report/download", parameters + [("format", format.rawValue)]),
             "label": web.t("download." + format.rawValue)]
        }
        return routes.pages.page("report", title: web.t("navReport"), data: data, web: web)
    }

    func download(_ web: WebRequest) async throws -> Response {
        let (plan, choice) = try await chosen(web)
        guard let format = Download(rawValue: web.parameter("format") ?? "html") else {
            throw WebError.badParameter("format", web.parameter("format") ?? "", "html, md, pdf or csv")
        }
        let name = "rapport-\(plan)-seq\(choice.seq.map(String.init) ?? "nu")"
        let bytes: [UInt8]
        let type: String
        switch format {
        case .html, .md:
            bytes = Array(try await render(plan, choice, web, format == .html ? .html : .md).utf8)
            type = format == .html ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8"
        case .pdf:
            let html = try await render(plan, choice, web, .html)
            bytes = try await routes.heavy(web) { try PDFPrinter.pdf(of: html) }
            type = "application/pdf"
        case .csv:
            let store = routes.services.store
            let language = web.language
            bytes = try await routes.heavy(web) {
                try ProjectionExport.render(.state, format: .csv, store: store, scope: choice.scope, plans: [plan],
                                            language: language, excel: true).bytes
            }
            type = "text/csv; charset=utf-8"
        }
        return DownloadRoutes<Context>.attachment(bytes, type: type, name: name + "." + format.rawValue)
    }
}
