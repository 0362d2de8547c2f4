import Foundation
import Testing

/// Red team 5 (malformed-requests-500-and-untyped): a request the HTTP parser refuses before any route sees it was
/// answered by Hummingbird with a bare `400` (no body, no `Content-Type`). Now a problem document (MalformedRequestResponder).
@Suite(.serialized) struct MalformedRequestTests {
    let workspace = Workspace()

    static let problemType = "https://schemas.ikstore.se/v1/problems/malformed-request"

    @Test func whatTheParserRefusesIsA400ProblemNamingWhatWasWrong() throws {
        try workspace.ik.run(["init", "--store", "s"]).requireSuccess()
        let server = try ServerProcess(workspace: workspace)
        let cases: [(String, String, String)] = [
            ("two Content-Length", "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
             "Content-Length is given more than once"),
            ("Content-Length -1", "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
             "Content-Length is not a non-negative decimal number"),
            ("a 100 kB header", "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n",
             "its head is too large"),
            ("5,000 headers", "GET /healthz HTTP/1.1\r\n" + (0..<5000).map { "X-\($0): a\r\n" }.joined() + "\r\n",
             "its head is too large"),
            ("a bad method", "G@T /healthz HTTP/1.1\r\nHost: x\r\n\r\n", "method is not valid"),
        ]
        for (name, request, reason) in cases {
            let reply = try RawHTTP.exchange(port: server.port, Array(request.utf8))
            #expect(reply.status == 400 && reply.headers["content-type"] == "application/problem+json"
                    && reply.headers["connection"] == "close" && reply.object["type"] as? String == Self.problemType
                    && reply.object["status"] as? Int == 400 && reply.object["requestId"] != nil
                    && (reply.object["detail"] as? String)?.contains(reason) == true, "\(name): \(reply.rawHead) \(reply.text)")
        }
        // Behind a good request on the same connection: its answer first, then the problem.
        let fd = try RawHTTP.connect(port: server.port)
        defer { close(fd) }
        RawHTTP.write(fd, Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n".utf8))
        let both = RawHTTP.readAll(fd)
        let first = try RawHTTP.parse(both)
        #expect(first.status == 200, "\(first.rawHead)")
        let text = String(decoding: both, as: UTF8.self)
        let second = try text.range(of: "HTTP/1.1 400").map { try RawHTTP.parse(Array(text[$0.lowerBound...].utf8)) }
        #expect(second?.headers["content-type"] == "application/problem+json" && second?.object["type"] as? String == Self.problemType,
                "\(text)")
        // The server goes on serving.
        #expect(try server.get("/healthz", token: nil).status == 200)
        #expect(server.stop() == 0)
    }
}
