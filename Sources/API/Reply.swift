import EventLog
import Hummingbird
import NIOCore

/// Responses the routes send: the same bytes the command line prints for the same question.
enum Reply {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        bytes(Array((value.prettyPrinted() + "\n").utf8), contentType: "application/json", status: status)
    }

    static func bytes(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok,
                      headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func text(_ text: String, contentType: String = "text/plain; charset=utf-8") -> Response {
        bytes(Array(text.utf8), contentType: contentType)
    }

    static let csv = "text/csv; charset=utf-8"
    static let jsonLines = "application/jsonl"
    /// Reports render user text into HTML (escaped by the templates); the policy keeps any script from running.
    static let htmlPolicy: HTTPFields = [
        .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
    ]
}
