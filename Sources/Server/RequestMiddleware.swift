import API
import Accounts
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import Projections

/// Every request: its id in the response (`X-Request-Id`) and in one structured log line (method, path, status,
/// time, account), and every failure as a problem document: a route's ``Problem`` as it is, the router's own errors
/// (404, 405, 413) in the same form, and anything unexpected as a 500 that names the request id and nothing inside.
struct RequestMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = DispatchTime.now().uptimeNanoseconds
        var context = context
        if let proxy = ServerLimits.current.trustedProxy, ClientAddress.same(context.clientAddress, proxy),
            let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!]?.split(separator: ",").last
        {
            // The proxy appends the address it saw last: that one is not the client's to choose. Written with a port,
            // the port is dropped; what is no address at all is counted as the proxy's.
            context.clientAddress = ClientAddress.forwarded(forwarded) ?? proxy
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            response = problem.response(requestID: context.id)
        } catch StoreError.busy(_, let holder, let waited) {
            context.logger.warning("the store's writer lock is held", metadata: ["holder": "\(holder ?? "unknown")"])
            response = Problem.storeBusy(waited: waited).response(requestID: context.id)
        } catch StoreError.replica(_, let leader) {
            // A dry run or a token on a replica reaches the store's own refusal: the same 403 as an append.
            response = Problem.replica(leader: leader).response(requestID: context.id)
        } catch let error as UnknownIDs {
            response = Problem(.notFound, "unknown-id", title: "No such plan or control point", detail: error.description)
                .response(requestID: context.id)
        } catch let error as HTTPError {
            response = Self.problem(for: error.status, request: request).response(requestID: context.id)
            // A path the API serves with other methods: 405 with the methods it takes, not 404.
            let allowed = OpenAPIDocument.methods(of: request.uri.path)
            if error.status == .notFound, !allowed.isEmpty {
                response = Self.problem(for: .methodNotAllowed, request: request).response(requestID: context.id)
                response.headers[.allow] = allowed.joined(separator: ", ")
            }
        } catch let error as any HTTPResponseError {
            response = Self.problem(for: error.status, request: request).response(requestID: context.id)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            response = Problem(.internalServerError, "internal", title: "The server failed",
                               detail: "Nothing was appended by this request unless its response said so. The server's log "
                                   + "has the details under this request id.").response(requestID: context.id)
        }
        response.headers[HTTPField.Name("X-Request-Id")!] = context.id
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
        context.logger.info("request", metadata: [
            "method": "\(request.method.rawValue)", "path": "\(Self.loggable(request.uri.path))",
            "status": "\(response.status.code)", "ms": "\(String(format: "%.1f", milliseconds))",
            "client": "\(context.clientAddress)", "account": "\(context.notes.account ?? "-")",
        ])
        return response
    }

    static func problem(for status: HTTPResponse.Status, request: Request) -> Problem {
        switch status {
        case .notFound: Problem.notFound(request.uri.path)
        case .contentTooLarge: Problem.bodyTooLarge(limit: ServerLimits.current.maxBodyBytes)
        case .methodNotAllowed:
            Problem(.methodNotAllowed, "method-not-allowed", title: "This method is not allowed here",
                    detail: "See /api/v1/openapi.json for the methods of each path.")
        default:
            Problem(status, "http-\(status.code)", title: status.reasonPhrase,
                    detail: "The request could not be served as sent.")
        }
    }

    /// A path for the log: at most 200 characters, nothing that could start a new log line.
    static func loggable(_ path: String) -> String {
        String(path.prefix(200).unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
    }
}
