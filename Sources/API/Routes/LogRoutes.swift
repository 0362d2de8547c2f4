import Accounts
import EventLog
import Hummingbird
import NIOCore
import Projections

/// `log` and `export/log`: the export's lines as JSON Lines or a JSON array, streamed in chunks (``LogStream``).
struct LogRoutes<Context: APIRequestContext> {
    let services: APIServices

    static var parameters: Set<String> { QueryParameters.scope.union(["stream", "type", "after", "format"]) }

    func register(on group: RouterGroup<Context>) {
        group.get("log") { request, context in
            let principal = try context.require(.readLog)
            return try await stream(request, for: principal)
        }
    }

    /// The log as export lines, as `principal` may see them (``AccessDisclosure``); the caller has checked the
    /// permission. Not limited as a heavy request (``HeavyRequestGate``): each chunk is one short job on the reader
    /// threads, queued behind everyone else's, so a long stream holds no thread while others wait.
    func stream(_ request: Request, for principal: Principal) async throws -> Response {
        let q = try QueryParameters(request, allowed: Self.parameters)
        let format = try q.choice("format", default: LogStream.Format.jsonl)
        let log = try await LogStream.fixed(scope: try q.scope(), stream: q.string("stream"), type: q.string("type"),
                                            after: try q.number("after") ?? 0, format: format, role: principal.role,
                                            services: services)
        return Response(status: .ok, headers: [
            .contentType: format == .json ? "application/json" : Reply.jsonLines, .cacheControl: "no-store",
        ], body: log.body(services))
    }
}
