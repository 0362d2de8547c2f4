import Dispatch
import EventLog
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// HTTP to a leader (`ik serve`), for `ik follow`: GET and POST with the follower's token, answers read whole.
///
/// Every request has its own deadline, kept here rather than by URLSession: on Linux a request whose link went dead
/// waited well past its `timeoutInterval` (more than 60 s for 30 s, spinning a core), so a follower whose link was
/// cut said nothing. A request ends when no byte of the answer arrived for ``timeout`` seconds (connecting included),
/// and when the answer grows past its byte limit (a leader cannot make the follower hold more than it asked for), and
/// when the whole answer has not arrived within a deadline (``slowestRate``). Redirects are not followed: the token is
/// the leader's, and a redirect would send it wherever it points.
struct LeaderClient: Sendable {
    let base: String
    let token: String?
    /// Seconds a request may wait for the connection, the answer's start, or its next bytes.
    let timeout: Double
    private let exchanges = ExchangeTable()
    private let session: URLSession

    /// The largest answer to a request that is not the log's (a checkpoint, a proof, a cosignature count).
    static let smallAnswerBytes = 1 << 20
    /// The slowest rate, in bytes a second, at which an answer of the request's byte limit must still arrive whole:
    /// a request ends `timeout` + limit / rate seconds after it began (7 s for a checkpoint with `--timeout 3`).
    static let slowestRate = 256.0 * 1024

    init(base: String, token: String?, timeout: Double) {
        self.base = base
        self.token = token
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: exchanges, delegateQueue: nil)
    }

    /// Why a request did not give an answer: the link, or the leader's refusal. Both pass: a follower retries.
    struct Unreachable: Error, CustomStringConvertible {
        let description: String
        /// The leader's HTTP status when it answered with a refusal; `nil` when no answer came.
        var status: Int? = nil
    }

    /// The answer was longer than the request allowed; nothing of it was kept.
    struct TooLarge: Error, CustomStringConvertible {
        let limit: Int
        let url: String
        var description: String { "the leader's answer to \(url) is longer than \(limit) bytes; it was not read" }
    }

    func get(_ path: String, limit: Int = smallAnswerBytes) throws -> [UInt8] {
        try send("GET", path, body: nil, limit: limit)
    }

    func post(_ path: String, body: [UInt8]) throws -> [UInt8] {
        try send("POST", path, body: body, limit: Self.smallAnswerBytes)
    }

    /// The leader's proof (``TreeProofs/consistency(from:to:in:)``'s JSON) that the tree of `from` events is a
    /// prefix of that of `to`, as hashes.
    func consistencyProof(from: UInt64, to: UInt64) throws -> [MerkleHash] {
        let bytes = try get("/api/v1/proof/consistency?from=\(from)&to=\(to)")
        guard let json = try? JSONParser.parse(bytes), let items = json["proof"]?.arrayValue else {
            throw Unreachable(description: "the leader's consistency proof \(from)→\(to) is not the proof's JSON")
        }
        return try items.map { item in
            guard let hash = item.stringValue.flatMap(MerkleHash.init(hex:)) else {
                throw Unreachable(description: "the leader's consistency proof holds a malformed hash")
            }
            return hash
        }
    }

    /// - Throws: ``Unreachable`` (no answer within the deadline, a refusal), ``TooLarge``.
    func send(_ method: String, _ path: String, body: [UInt8]?, limit: Int) throws -> [UInt8] {
        guard let url = URL(string: base + path) else { throw Unreachable(description: "\(base + path) is not a URL") }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        if let token { request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body)
            request.setValue("text/plain; charset=utf-8", forHTTPHeaderField: "Content-Type")
        }
        let task = session.dataTask(with: request)
        let exchange = Exchange(limit: limit)
        exchanges.add(exchange, for: task.taskIdentifier)
        task.resume()
        let quiet = UInt64(timeout * 1e9)
        // A leader trickling bytes never goes quiet: the whole answer has a deadline too.
        let whole = timeout + Double(limit) / Self.slowestRate
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(whole * 1e9)
        while exchange.done.wait(timeout: .now() + .nanoseconds(Int(min(quiet, Self.remaining(until: deadline))))) == .timedOut {
            let now = DispatchTime.now().uptimeNanoseconds
            if now - exchange.lastProgress >= quiet {
                task.cancel()
                throw Unreachable(description: "\(method) \(url): no answer within \(Self.seconds(timeout)) s")
            }
            if now >= deadline {
                task.cancel()
                throw Unreachable(description: "\(method) \(url): the answer did not end within "
                    + "\(Self.seconds(whole.rounded(.up))) s (a leader that trickles it)")
            }
        }
        let outcome = exchange.outcome
        if outcome.tooLarge { throw TooLarge(limit: limit, url: url.absoluteString) }
        if let error = outcome.error as? URLError, error.code == .timedOut {
            throw Unreachable(description: "\(method) \(url): no answer within \(Self.seconds(timeout)) s")
        }
        if let error = outcome.error { throw Unreachable(description: "\(method) \(url): \(error.localizedDescription)") }
        guard let status = outcome.status, (200..<300).contains(status) else {
            let detail = (try? JSONParser.parse(outcome.data))?["detail"]?.stringValue ?? ""
            throw Unreachable(description: "\(method) \(url): HTTP \(outcome.status ?? 0) \(detail)", status: outcome.status)
        }
        return outcome.data
    }

    /// Nanoseconds from now to `deadline` (an uptime in nanoseconds), at least one millisecond.
    static func remaining(until deadline: UInt64) -> UInt64 {
        max(1_000_000, deadline &- min(deadline, DispatchTime.now().uptimeNanoseconds))
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
