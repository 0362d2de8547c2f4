import Accounts
import EventLog
import Hummingbird
import InternalControl
import Projections
import Reports

/// `GET /log`: the event log with filters (type, stream, period on effective time, knowledge point), a page of
/// events at a time, through ``LogSelection`` as `ik log` and the API's log; `?event=N` shows one event whole.
struct LogPage<Context: WebRequestContext> {
    let routes: WebRoutes<Context>
    static var pageSize: Int { 100 }
    /// Events a page reads at most, so a filter that matches few stays a short job: the page then ends with fewer
    /// rows and "next page" goes on from the last event read.
    static var scanned: Int { 2000 }

    func register(on group: RouterGroup<Context>) {
        group.get("log") { request, context in
            await routes.page(request, context) { web in try await log(web) }
        }
    }

    func log(_ web: WebRequest) async throws -> Response {
        let role = try web.require(.readLog).role
        let choice = try KnowledgeChoice(web)
        let type = web.parameter("type")
        let stream = web.parameter("stream")
        let after: UInt64 = try web.parameter("after").map { text -> UInt64 in
            guard let n = UInt64(text) else { throw WebError.badParameter("after", text, "a whole number") }
            return n
        } ?? 0
        let event: UInt64? = try web.parameter("event").map { text -> UInt64 in
            guard let n = UInt64(text) else { throw WebError.badParameter("event", text, "a seq") }
            return n
        }
        let store = routes.services.store
        let language = web.language
        let (events, last, picked, size) = try await routes.services.blocking.run {
            () -> ([StoredEvent], UInt64?, StoredEvent?, UInt64) in
            try store.read { view in
                let selection = try LogSelection(scope: choice.scope, stream: stream, type: type, afterSeq: after, view: view)
                var events: [StoredEvent] = []
                let next = try selection.forEach(upTo: Self.pageSize, scanning: Self.scanned) { stored in
                    events.append(AccessDisclosure.visible(stored, to: role))
                    return true
                }
                let picked = try event.flatMap { try view.event(at: $0) }.map { AccessDisclosure.visible($0, to: role) }
                return (events, next, picked, try view.size)
            }
        }
        let rows = events.map { Self.row($0, language, highlighted: $0.envelope.seq == event) }
        let shown = picked.map { Self.detail($0, withheld: AccessDisclosure.withholds($0.envelope, from: role)) }
        var next: [(String, String?)] = [("type", type), ("stream", stream), ("period", choice.period?.name), ("at", choice.at),
                                         ("seq", choice.seq.map(String.init))]
        next.append(("after", last.map(String.init)))
        let types: [[String: Any]] = EventType.allCases.map { eventType in
            ["value": eventType.rawValue, "label": language == .sv ? eventType.titles.sv : eventType.rawValue,
             "selected": eventType.rawValue == type]
        }
        var data: [String: Any] = ["rows": rows, "empty": rows.isEmpty, "type": type ?? "", "stream": stream ?? "", "size": size,
                                   "shown": rows.count]
        data["period"] = choice.period?.name ?? ""
        data["at"] = choice.at ?? ""
        data["types"] = types
        // A row's link keeps the filters, so the list stays as it was around the event opened.
        data["filters"] = [("type", type), ("stream", stream), ("period", choice.period?.name), ("at", choice.at)]
            .compactMap { name, value in value.map { "&" + name + "=" + WebRequest.escape($0) } }.joined()
        data["next"] = last == nil ? false : WebRequest.link("/log", next)
        // A page the read bound cut short says how far it looked, so fewer rows do not read as the end.
        if let last, events.count < Self.pageSize { data["searched"] = String(last) } else { data["searched"] = false }
        data["event"] = shown ?? false
        return routes.pages.page("log", title: web.t("navLog"), data: data, web: web)
    }

    static func row(_ event: StoredEvent, _ language: Language, highlighted: Bool) -> [String: Any] {
        let envelope = event.envelope
        let type = EventType(rawValue: envelope.type)
        return [
            "seq": envelope.seq, "recorded": KnowledgeChoice.pickerValue(envelope.recordedAt),
            "effective": envelope.effectiveAt.description, "type": type.map { language == .sv ? $0.titles.sv : $0.rawValue } ?? envelope.type,
            "stream": envelope.stream, "actor": envelope.actor, "highlighted": highlighted, "before": envelope.seq - 1,
            "business": type?.keyField.flatMap { event.payload?[$0]?.stringValue } ?? "",
        ]
    }

    /// One event whole: its envelope and payload as the export writes them (the template escapes them).
    static func detail(_ event: StoredEvent, withheld: Bool) -> [String: Any] {
        ["seq": event.envelope.seq, "envelope": event.envelope.json.prettyPrinted(),
         "payload": event.payload?.prettyPrinted() ?? (withheld ? "(endast för ägare / owners only)" : "(gallrad / redacted)")]
    }
}
