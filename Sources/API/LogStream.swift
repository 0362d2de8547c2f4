import Accounts
import EventLog
import Hummingbird
import NIOCore
import Projections

/// The log's export lines (`{"envelope": …, "payload": …, "salt": …}`) as a streamed body, for the API's `log` and the
/// web's log download alike. Each chunk is read in its own short read transaction (never one held for the whole
/// stream), up to the knowledge point fixed when the stream was made, so a slow client holds nothing and a long log
/// is never held in memory whole.
public struct LogStream: Sendable {
    /// The body's shape: one line per event, or one JSON array.
    public enum Format: String, CaseIterable, Sendable { case jsonl, json }

    /// Events per chunk: read, not sent, so a filter that matches few still makes short jobs.
    static var chunk: Int { 2000 }

    let scope: QueryScope
    let stream: String?
    let type: String?
    let after: UInt64
    let format: Format
    let role: Role

    /// Fixes the knowledge point of `scope` now: later chunks read what was known then, whatever is appended meanwhile.
    public static func fixed(scope: QueryScope, stream: String? = nil, type: String? = nil, after: UInt64 = 0,
                             format: Format, role: Role, services: APIServices) async throws -> LogStream {
        let store = services.store
        let known = try await services.blocking.run { try store.read { view in try scope.knowledgePoint.resolve(in: view) } }
        let fixed = try QueryScope(period: scope.period, from: scope.from, to: scope.to, asOfSeq: known)
        return LogStream(scope: fixed, stream: stream, type: type, after: after, format: format, role: role)
    }

    /// The body, each event as ``AccessDisclosure`` lets `role` see it.
    public func body(_ services: APIServices) -> ResponseBody {
        let (store, blocking) = (services.store, services.blocking)
        let (scope, stream, type, format, role, after) = (scope, stream, type, format, role, after)
        return ResponseBody { writer in
            var cursor = after
            var empty = true
            if format == .json { try await writer.write(ByteBuffer(string: "[")) }
            while true {
                let (from, opening) = (cursor, empty)
                let (bytes, next) = try await blocking.run { () -> ([UInt8], UInt64?) in
                    try store.readOnce { view in
                        var bytes: [UInt8] = []
                        let selection = try LogSelection(scope: scope, stream: stream, type: type, afterSeq: from, view: view)
                        var count = 0
                        let next = try selection.forEach(upTo: Self.chunk, scanning: Self.chunk) { event in
                            if format == .json { bytes += (opening && count == 0) ? [0x0A] : [0x2C, 0x0A] }
                            bytes += AccessDisclosure.exportLine(of: event, for: role)
                            if format == .jsonl { bytes.append(0x0A) }
                            count += 1
                            return true
                        }
                        return (bytes, next)
                    }
                }
                // A chunk whose events the filters all passed over sends nothing; the next goes on behind others' jobs.
                if !bytes.isEmpty {
                    try await writer.write(ByteBuffer(bytes: bytes))
                    empty = false
                }
                guard let next else { break }
                cursor = next
            }
            if format == .json { try await writer.write(ByteBuffer(string: empty ? "]\n" : "\n]\n")) }
            try await writer.finish(nil)
        }
    }
}
