import API
import Accounts
import EventLog
import HTTPTypes
import Hummingbird
import NIOCore
import Projections
import Reports

/// `GET /downloads`: exports (the log, state, trend, deviations, actions) for a period as known at a point, and
/// inclusion and consistency proofs — the bytes `ik export` and `ik proof` write, through the same library calls.
struct DownloadRoutes<Context: WebRequestContext> {
    let routes: WebRoutes<Context>

    func register(on group: RouterGroup<Context>) {
        group.get("downloads") { request, context in
            await routes.page(request, context) { web in try await page(web) }
        }
        group.get("downloads/export") { request, context in
            await routes.page(request, context) { web in try await export(web) }
        }
        group.get("downloads/proof") { request, context in
            await routes.page(request, context) { web in try await proof(web) }
        }
    }

    func page(_ web: WebRequest) async throws -> Response {
        _ = try web.require(.export)
        let choice = try KnowledgeChoice(web)
        let store = routes.services.store
        let (knowledge, size) = try await routes.heavy(web) { () -> (KnowledgeInfo, UInt64) in
            let view = try LedgerQuery(store: store).state(period: choice.scope.periodOrAll, asOf: choice.scope.knowledgePoint, plans: [])
            return (view.knowledge, try store.read { try $0.size })
        }
        var data = AuditRoutes<Context>.knowledgeData(knowledge, size: size, choice: choice, web: web)
        let scope: [(String, String?)] = [("period", choice.period?.name), ("seq", String(knowledge.seq))]
        var exports: [[String: Any]] = [["href": WebRequest.link("/downloads/export", [("what", "log")] + scope), "label": web.t("export.log")]]
        // Excel-CSV first: what a Swedish Excel opens by double-click (`;`, decimal comma); plain CSV and JSON Lines
        // for programs.
        for what in ProjectionExport.What.allCases {
            for (format, excel, name) in [(ProjectionExport.Format.csv, true, web.t("excelCSV")), (.csv, false, "CSV"), (.jsonl, false, "JSONL")] {
                let parameters = [("what", what.rawValue), ("format", format.rawValue)] + (excel ? [("excel", "1")] : []) + scope
                exports.append(["href": WebRequest.link("/downloads/export", parameters),
                                "label": web.t("export." + what.rawValue) + " (" + name + ")"])
            }
        }
        data["exports"] = exports
        return routes.pages.page("downloads", title: web.t("navDownloads"), data: data, web: web)
    }

    func export(_ web: WebRequest) async throws -> Response {
        let principal = try web.require(.export)
        let choice = try KnowledgeChoice(web)
        let what = web.parameter("what") ?? "log"
        let store = routes.services.store
        let language = web.language
        if what == "log" {
            // Streamed in short chunks like the API's: a long log is never held in memory whole, and no thread waits
            // on a slow client, so it takes no heavy-request slot.
            let log = try await LogStream.fixed(scope: choice.scope, format: .jsonl, role: principal.role, services: routes.services)
            return Self.attachment(log.body(routes.services), type: "application/jsonl", name: "log.jsonl")
        }
        guard let kind = ProjectionExport.What(rawValue: what) else {
            throw WebError.badParameter("what", what, "log, " + ProjectionExport.What.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let format = ProjectionExport.Format(rawValue: web.parameter("format") ?? "csv") ?? .csv
        let excel = format == .csv && web.parameter("excel") == "1"
        let output = try await routes.heavy(web) {
            try ProjectionExport.render(kind, format: format, store: store, scope: choice.scope, plans: nil, language: language,
                                        excel: excel)
        }
        return Self.attachment(output.bytes, type: format == .csv ? "text/csv; charset=utf-8" : "application/jsonl",
                               name: "\(what).\(format.rawValue)")
    }

    func proof(_ web: WebRequest) async throws -> Response {
        _ = try web.require(.proofs)
        func number(_ name: String) throws -> UInt64? {
            try web.parameter(name).map { text in
                guard let n = UInt64(text) else { throw WebError.badParameter(name, text, "a whole number") }
                return n
            }
        }
        let (seq, size, from, to) = (try number("seq"), try number("size"), try number("from"), try number("to"))
        let (store, roots) = (routes.services.store, routes.services.checkpoints.proofRoots)
        do {
            let json: JSONValue = try await routes.services.blocking.run {
                try store.read { view in
                    if let seq { return try TreeProofs.inclusion(seq: seq, size: size, in: view, roots: roots) }
                    if let from { return try TreeProofs.consistency(from: from, to: to, in: view, roots: roots) }
                    throw WebError.badParameter("seq", "", "give seq (inclusion) or from (consistency)")
                }
            }
            let name = seq.map { "inclusion-\($0).json" } ?? "consistency-\(from ?? 0).json"
            return Self.attachment(Array((json.prettyPrinted() + "\n").utf8), type: "application/json", name: name)
        } catch let range as TreeProofs.OutOfRange {
            throw WebError.badParameter(seq != nil ? "seq" : "from", "", range.description)
        }
    }

    /// `bytes` as a file to save, never shown inline.
    static func attachment(_ bytes: [UInt8], type: String, name: String) -> Response {
        attachment(.init(byteBuffer: ByteBuffer(bytes: bytes)), type: type, name: name)
    }

    /// `body` as a file to save, never shown inline.
    static func attachment(_ body: ResponseBody, type: String, name: String) -> Response {
        var headers = Pages.securityHeaders
        headers[.contentType] = type
        let safe = String(name.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || "0123456789-._".unicodeScalars.contains($0)) ? Character($0) : "_" })
        headers[.contentDisposition] = "attachment; filename=\"\(safe)\""
        return Response(status: .ok, headers: headers, body: body)
    }
}
