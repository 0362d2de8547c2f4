import Foundation

/// The built `ik serve` on 127.0.0.1 at a free port, in a workspace; stopped (SIGTERM, then SIGKILL) when released,
/// and in any case by `timeout` after a few minutes, so no test leaves a server behind.
final class ServerProcess {
    let pid: pid_t
    let port: Int
    let output: String
    let errors: String

    /// Starts `ik serve --store STORE --listen 127.0.0.1:0 extra…` and waits for its "listening on" line.
    init(workspace: Workspace, store: String = "s", extra: [String] = [], environment: [String: String] = [:]) throws {
        output = workspace.path + "/serve-\(UUID().uuidString).out"
        errors = output.replacingOccurrences(of: ".out", with: ".err")
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "IK_STORE")
        env["USER"] = "tester"
        env.merge(environment) { $1 }
        pid = try Spawn.backgroundLogging(["/usr/bin/timeout", "-s", "KILL", "600", IKProcess.binary, "serve", "--store", store,
                                    "--listen", "127.0.0.1:0"] + extra,
                                   directory: workspace.path, environment: env, stdout: output, stderr: errors)
        var found: Int?
        for _ in 0..<300 {
            let text = Workspace.text(atPath: output)
            if let range = text.range(of: "listening on http"), let colon = text[range.upperBound...].range(of: "1:"),
                let port = Int(text[colon.upperBound...].prefix { $0.isNumber })
            {
                found = port
                break
            }
            if !Spawn.isRunning(pid) { break }
            usleep(50_000)
        }
        guard let found else {
            kill(pid, SIGKILL)
            Spawn.wait(pid)
            throw IKProcess.SetupFailed(status: -1, stderr: "ik serve did not start: " + Workspace.text(atPath: errors))
        }
        port = found
    }

    /// Sends SIGTERM and waits for the server to end. - Returns: its exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) -> Int32 {
        kill(pid, signal)
        for _ in 0..<200 where Spawn.isRunning(pid) { usleep(50_000) }
        if Spawn.isRunning(pid) { kill(pid, SIGKILL) }
        return Spawn.wait(pid)
    }

    deinit {
        if Spawn.isRunning(pid) { stop() }
    }

    func request(_ method: String, _ path: String, token: String? = nil, headers: [String: String] = [:],
                 body: [UInt8] = []) throws -> HTTPReply {
        var head = headers
        if let token { head["Authorization"] = "Bearer " + token }
        return try RawHTTP.send(port: port, method: method, path: path, headers: head, body: body)
    }

    func get(_ path: String, token: String?) throws -> HTTPReply { try request("GET", path, token: token) }

    func post(_ path: String, token: String?, json: String, type: String = "application/json") throws -> HTTPReply {
        try request("POST", path, token: token, headers: ["Content-Type": type], body: Array(json.utf8))
    }
}

/// A response: status, headers (names lower-cased) and body (chunks joined).
struct HTTPReply {
    let status: Int
    let headers: [String: String]
    let body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    /// The raw bytes of the head, as sent.
    let rawHead: String
}

/// HTTP/1.1 over a plain socket, so tests can send what no client library would (paths with `..`, bodies a byte
/// at a time, header values with line breaks).
enum RawHTTP {
    static func send(port: Int, method: String, path: String, headers: [String: String], body: [UInt8]) throws -> HTTPReply {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return try exchange(port: port, Array(head.utf8) + body)
    }

    /// Connects to 127.0.0.1:`port`.
    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED)
        }
        return fd
    }

    static func write(_ fd: Int32, _ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    static func readAll(_ fd: Int32) -> [UInt8] {
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            response += buffer[..<n]
        }
        return response
    }

    static func exchange(port: Int, _ request: [UInt8]) throws -> HTTPReply {
        let fd = try connect(port: port)
        defer { close(fd) }
        write(fd, request)
        return try parse(readAll(fd))
    }

    struct Malformed: Error {}

    static func parse(_ response: [UInt8]) throws -> HTTPReply {
        guard let end = response.indices.first(where: { i in
            i + 3 < response.count && response[i] == 13 && response[i + 1] == 10 && response[i + 2] == 13 && response[i + 3] == 10
        }) else { throw Malformed() }
        let head = String(decoding: response[..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Malformed() }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(response[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return HTTPReply(status: status, headers: headers, body: body, rawHead: head)
    }

    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard let lineEnd = bytes[i...].firstIndex(of: 13) else { break }
            let sizeText = String(decoding: bytes[i..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            out += bytes[start..<min(bytes.count, start + size)]
            i = start + size + 2
        }
        return out
    }
}
