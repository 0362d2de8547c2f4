import Foundation
import Testing

/// Red team 3 (login-body-slowloris): an outsider with no account dripped sign-in bodies over 1,500 connections; bodies
/// never timed out and the server stopped accepting at ~1,024. Connections are now capped per client address (more are
/// closed at once), and a request without credentials has a short deadline for its body.
@Suite(.serialized) struct ServerConnectionLimitTests {
    let base = ServerTests()

    /// One request on a kept-alive connection; the response's head (the body is a few bytes, read with it).
    func healthz(on fd: Int32) -> String {
        RawHTTP.write(fd, Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: response, as: UTF8.self).contains("\"ok\"}") {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            response += buffer[..<n]
        }
        return String(decoding: response, as: UTF8.self)
    }

    @Test func connectionsBeyondTheCapOfAnAddressAreClosedAndThePlaceComesBack() throws {
        _ = try base.setUp()
        let server = try ServerProcess(workspace: base.workspace, extra: ["--max-per-address", "8"])
        var held: [Int32] = []
        defer { held.forEach { close($0) } }
        for _ in 0..<8 {
            let fd = try RawHTTP.connect(port: server.port)
            held.append(fd)
            #expect(healthz(on: fd).hasPrefix("HTTP/1.1 200"))
        }
        // The ninth from the same address: closed without an answer.
        let ninth = try RawHTTP.connect(port: server.port)
        held.append(ninth)
        #expect(healthz(on: ninth).isEmpty, "a ninth connection from one address was served (--max-per-address 8)")
        // One closed: its place is given back (once the server has seen it close).
        close(held.removeFirst())
        var served = false
        for _ in 0..<100 where !served {
            let fd = try RawHTTP.connect(port: server.port)
            served = healthz(on: fd).hasPrefix("HTTP/1.1 200")
            close(fd)
            if !served { usleep(50_000) }
        }
        #expect(served, "a closed connection's place was not given back")
        #expect(server.stop() == 0)
    }

    @Test func aSignInBodyWithoutCredentialsHasAShortDeadlineAndAnAccountsBodyTheLongOne() throws {
        let tokens = try base.setUp()
        let server = try ServerProcess(workspace: base.workspace,
                                       extra: ["--anonymous-read-timeout", "1", "--read-timeout", "60"])
        // A sign-in body dripped a byte every 0.2 s: closed long before its 4,000 bytes (~13 minutes) are sent.
        let drip = try RawHTTP.connect(port: server.port)
        defer { close(drip) }
        RawHTTP.write(drip, Array(("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 4000\r\n\r\n{").utf8))
        var sent = 0
        while sent < 150, Glibc.send(drip, " ", 1, Int32(MSG_NOSIGNAL)) == 1 {
            sent += 1
            usleep(200_000)
        }
        #expect(sent < 150, "a sign-in body was still read after 30 s (--anonymous-read-timeout 1)")
        // An append with a token, its body sent over 3 s: read whole (--read-timeout 60 applies), appended.
        let body = Array(ServerTests.plan.utf8)
        let slow = try RawHTTP.connect(port: server.port)
        defer { close(slow) }
        RawHTTP.write(slow, Array(("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
            + tokens["mas"]! + "\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n").utf8))
        for chunk in stride(from: 0, to: body.count, by: max(1, body.count / 15)) {
            RawHTTP.write(slow, Array(body[chunk..<min(body.count, chunk + max(1, body.count / 15))]))
            usleep(200_000)
        }
        let reply = try RawHTTP.parse(RawHTTP.readAll(slow))
        #expect(reply.status == 201, "\(reply.text)")
        #expect(server.stop() == 0)
    }
}
