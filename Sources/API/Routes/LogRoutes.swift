import Accounts
import EventLog
import Hummingbird
import NIOCore
import Projections

/// `log` and `export/log`: the export's lines (`{"envelope": …, "payload": …, "salt": …}`), as JSON Lines or a
/// JSON array, streamed in chunks. Each chunk is read in its own short read transaction (never one held for the
/// whole stream), up to the knowledge point resolved when the request began, so a slow client holds nothing.
struct LogRoutes<Context: APIRequestContext> {
    let services: APIServices
    /// Events per chunk.
    static var chunk: Int { 2000 }

    enum Format: String, CaseIterable { case jsonl, json }

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
        let scope = try q.scope()
        let format = try q.choice("format", default: Format.jsonl)
        let after = try q.number("after") ?? 0
        let (stream, type) = (q.string("stream"), q.string("type"))
        let store = services.store
        let blocking = services.blocking
        // The knowledge point is fixed now: later chunks read what was known then, whatever is appended meanwhile.
        let known = try await blocking.run { try store.read { view in try scope.knowledgePoint.resolve(in: view) } }
        let fixed = try QueryScope(period: scope.period, from: scope.from, to: scope.to, asOfSeq: known)
        let body = ResponseBody { writer in
            var cursor = after
            var first = true
            if format == .json { try await writer.write(ByteBuffer(string: "[")) }
            while true {
                let from = cursor
                let opening = first
                let (bytes, last) = try await blocking.run { () -> ([UInt8], UInt64?) in
                    try store.readOnce { view in
                        var bytes: [UInt8] = []
                        let selection = try LogSelection(scope: fixed, stream: stream, type: type, afterSeq: from, view: view)
                        var count = 0
                        let last = try selection.forEach(upTo: Self.chunk) { event in
                            if format == .json { bytes += (opening && count == 0) ? [0x0A] : [0x2C, 0x0A] }
                            bytes += AccessDisclosure.exportLine(of: event, for: principal.role)
                            if format == .jsonl { bytes.append(0x0A) }
                            count += 1
                            return true
                        }
                        return (bytes, last)
                    }
                }
                if !bytes.isEmpty { try await writer.write(ByteBuffer(bytes: bytes)) }
                guard let last else { break }
                first = false
                cursor = last
            }
            if format == .json { try await writer.write(ByteBuffer(string: first ? "]\n" : "\n]\n")) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [
            .contentType: format == .json ? "application/json" : Reply.jsonLines, .cacheControl: "no-store",
        ], body: body)
    }
}
