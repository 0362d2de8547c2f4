import Dispatch
import EventLog
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// HTTP to a leader (`ik serve`), for `ik follow`: GET and POST with the follower's token, answers read whole.
struct LeaderClient: Sendable {
    let base: String
    let token: String?
    let timeout: Double

    /// Why a request did not give an answer: the link, or the leader's refusal. Both pass: a follower retries.
    struct Unreachable: Error, CustomStringConvertible {
        let description: String
    }

    func get(_ path: String) throws -> [UInt8] { try send("GET", path, body: nil) }

    func post(_ path: String, body: [UInt8]) throws -> [UInt8] { try send("POST", path, body: body) }

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

    func send(_ method: String, _ path: String, body: [UInt8]?) throws -> [UInt8] {
        guard let url = URL(string: base + path) else { throw Unreachable(description: "\(base + path) is not a URL") }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        if let token { request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body)
            request.setValue("text/plain; charset=utf-8", forHTTPHeaderField: "Content-Type")
        }
        let result = Exchange()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            result.set(data: data, status: (response as? HTTPURLResponse)?.statusCode, error: error)
            done.signal()
        }
        task.resume()
        done.wait()
        if let error = result.error { throw Unreachable(description: "\(method) \(url): \(error.localizedDescription)") }
        let bytes = Array(result.data ?? Data())
        guard let status = result.status, (200..<300).contains(status) else {
            let detail = (try? JSONParser.parse(bytes))?["detail"]?.stringValue ?? ""
            throw Unreachable(description: "\(method) \(url): HTTP \(result.status ?? 0) \(detail)")
        }
        return bytes
    }
}

/// One exchange's outcome, handed from URLSession's queue to the waiting thread.
final class Exchange: @unchecked Sendable {
    // @unchecked: written once before the semaphore is signalled, read after it.
    private(set) var data: Data?
    private(set) var status: Int?
    private(set) var error: (any Error)?

    func set(data: Data?, status: Int?, error: (any Error)?) {
        self.data = data
        self.status = status
        self.error = error
    }
}
