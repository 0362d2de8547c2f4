import Accounts
import EventLog
import Hummingbird
import InternalControl
import Projections
import Reports

/// `GET/POST /record`: an administrator records a control result, a deviation, its closing, an action taken or
/// planned, a follow-up, or a correction (its target chosen from a list). The draft goes through ``Recorder`` as the
/// account signed in — the CLI's and the API's pipeline and rules — first as a dry run, whose problems are shown
/// beside their inputs (nothing written), then through the server's writer. Each rendered form carries its own
/// idempotency key, so a double submit records once.
struct RecordRoutes<Context: WebRequestContext> {
    let routes: WebRoutes<Context>

    static var types: [EventType] {
        [.controlPerformed, .deviationRecorded, .deviationClosed, .actionTaken, .actionPlanned, .followUpRecorded, .eventCorrected]
    }

    func register(on group: RouterGroup<Context>) {
        group.get("record") { request, context in
            await routes.page(request, context) { web in try await show(web) }
        }
        group.post("record") { request, context in
            await routes.page(request, context) { web in try await record(request, web) }
        }
    }

    func chosenType(_ name: String?) throws -> EventType? {
        guard let name else { return nil }
        guard let type = EventType(named: name), Self.types.contains(type) else {
            throw WebError.badParameter("type", name, Self.types.map(\.recordName).joined(separator: ", "))
        }
        return type
    }

    func show(_ web: WebRequest) async throws -> Response {
        let principal = try web.require(.append)
        guard let type = try chosenType(web.parameter("type")) else {
            var data: [String: Any] = ["types": Self.types.map { type -> [String: Any] in
                ["href": "/record?type=\(type.recordName)", "label": web.language == .sv ? type.titles.sv : type.titles.en]
            }]
            data["recent"] = try await RecordLists(services: routes.services).recent(by: principal.account, language: web.language)
            data["done"] = web.parameter("done") ?? false
            if let done = web.parameter("done").flatMap(UInt64.init) {
                let store = routes.services.store
                let event = try await routes.services.blocking.run { try store.read { try $0.event(at: done) } }
                data["doneLabel"] = event.map { RecordLists.label($0, web.language) } ?? false
            }
            data["again"] = web.parameter("again") != nil
            return routes.pages.page("record-choose", title: web.t("navRecord"), data: data, web: web)
        }
        var form = RecordForm(type: type)
        for (parameter, field) in [("control", "controlId"), ("action", "actionId"), ("deviation", "deviationId")] {
            if let value = web.parameter(parameter) { form.values[field] = value }
        }
        var target: EventType?
        if type == .eventCorrected, let targetId = web.parameter("target") {
            form.values["targetId"] = targetId
            target = try await prefill(&form, from: targetId)
        }
        return try await formPage(form, target: target, key: "web-" + SessionStore.randomToken(), web: web, status: .ok)
    }

    /// A correction starts from what the target says now (``CurrentPayload``).
    func prefill(_ form: inout RecordForm, from targetId: String) async throws -> EventType? {
        let store = routes.services.store
        guard let (typeName, payload) = try await routes.services.blocking.run({
            try store.read { view in try CurrentPayload.of(targetId, in: view) }
        }), let type = EventType(rawValue: typeName) else { return nil }
        for (name, _, _) in RecordForm.inputs(type.fields, prefix: "payload.") {
            var value: JSONValue? = payload
            for part in name.split(separator: ".").dropFirst() { value = value?[String(part)] }
            switch value {
            case .string(let text)?: form.values[name] = text
            case .integer(let number)?: form.values[name] = String(number)
            case .array(let items)?:
                let lines = items.map { item -> String in
                    if let text = item.stringValue { return text }
                    if let name = item["name"]?.stringValue, let n = item["numerator"], let d = item["denominator"] {
                        return "\(name)=\(n.prettyPrinted())/\(d.prettyPrinted())"
                    }
                    return item.prettyPrinted()
                }
                form.values[name] = lines.joined(separator: name.hasSuffix("Ids") ? ", " : "\n")
            default: break
            }
        }
        return type
    }

    func formPage(_ form: RecordForm, target: EventType?, key: String, web: WebRequest, status: HTTPResponse.Status) async throws
        -> Response
    {
        let lists = RecordLists(services: routes.services)
        let events = form.type == .eventCorrected ? try await lists.correctable(language: web.language) : []
        let title = web.language == .sv ? form.type.titles.sv : form.type.titles.en
        let general = (form.errors[""] ?? []).map { WebText.rule($0, web.language) }
        let fieldErrors = form.errors.filter { !$0.key.isEmpty }.count
        return routes.pages.page("record", title: title, data: [
            "type": form.type.recordName, "key": key, "csrf": web.session?.csrf ?? "",
            "fields": form.fieldData(target: target, language: web.language, lists: try await lists.ids(), events: events),
            "general": general, "hasErrors": !form.errors.isEmpty, "errorCount": fieldErrors + general.count,
            "chooseTarget": form.type == .eventCorrected && target == nil,
            "targetType": target.map { web.language == .sv ? $0.titles.sv : $0.titles.en } ?? false,
        ], web: web, status: status)
    }

    func record(_ request: Request, _ web: WebRequest) async throws -> Response {
        let (principal, body) = try await routes.form(request, web, .append)
        guard let principal, let type = try chosenType(body["_type"]) else { throw WebError.badForm }
        let key = String((body["_key"] ?? "").prefix(100))
        guard key.hasPrefix("web-") else { throw WebError.badForm }
        var form = RecordForm(type: type)
        var target: EventType?
        if type == .eventCorrected, let targetId = body["targetId"], !targetId.isEmpty {
            let store = routes.services.store
            target = try await routes.services.blocking.run {
                try store.read { view in try CurrentPayload.of(targetId, in: view) }
            }.flatMap { EventType(rawValue: $0.type) }
            if body["_step"] == "target" {
                // The target was just chosen: show its fields, filled with what it says now.
                form.values["targetId"] = targetId
                form.values["reason"] = body["reason"] ?? ""
                target = try await prefill(&form, from: targetId)
                return try await formPage(form, target: target, key: key, web: web, status: .ok)
            }
        }
        let payload = form.payload(from: body, target: target)
        let draft: JSONValue = ["type": .string(type.rawValue), "payload": payload, "idempotencyKey": .string(key)]
        let located = [LocatedDraft(source: "web form", line: 1, position: 1, value: .success(draft))]
        let store = routes.services.store
        let account = principal.account
        let recorder: @Sendable () throws -> Recorder = {
            try Recorder(store: store, rules: AppendRules(clock: .system), actor: .authenticated(account))
        }
        // The dry run names every problem at once; an input that could not be read is already noted beside it.
        var problems: [DraftProblem] = []
        do {
            _ = try await routes.services.blocking.run { try recorder().append(located, dryRun: true) }
        } catch let failure as RecordingFailure {
            problems = failure.problems
        }
        if problems.isEmpty && form.errors.isEmpty {
            let prepared = try await routes.services.blocking.run { try recorder().prepare(located) }
            switch try await routes.services.appender.append(prepared) {
            case .success(let outcome):
                let seq = outcome.firstSeq ?? outcome.events.first?.seq ?? 0
                return Pages.redirect(WebRequest.link("/record", [("done", String(seq)),
                                                                  ("again", outcome.writtenCount == 0 ? "1" : nil)]))
            case .failure(let failure): problems = failure.problems
            }
        }
        for problem in problems where !form.errors.keys.contains(where: { problem.path.hasSuffix($0) && !$0.isEmpty }) {
            form.note(problem, target: target)
        }
        if form.errors.isEmpty { form.errors[""] = [web.t("nothingWritten")] }
        return try await formPage(form, target: target, key: key, web: web, status: .unprocessableContent)
    }
}
