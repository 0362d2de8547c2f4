import EventLog

/// The leader's log as one poll copies it: `GET /api/v1/log?after=A&asOfSeq=B`, at most `size` events up to the
/// signed head `head` and at most `maxBytes` an answer. An answer over its bound is not read but asked for again in
/// halves, and the smaller size kept for the rest of the poll, so a leader cannot make a replica hold more.
struct LogChunks {
    let client: LeaderClient
    let head: UInt64
    var size: UInt64
    let maxBytes: Int
    /// The last seq asked for: where a chunk that fails its checks ends, for the alarm's evidence.
    private(set) var through: UInt64 = 0

    /// The leader's events after seq `after`, every one asked for: a short answer cannot give the signed head.
    /// - Throws: ``LeaderClient/Unreachable``, ``ReplicaError/badLine(_:_:)`` or ``ReplicaError/unproven(_:)``.
    mutating func events(after: UInt64) throws -> [ReplicatedEvent] {
        while true {
            let end = min(head, after + size)
            through = end
            let body: [UInt8]
            do {
                body = try client.get("/api/v1/log?after=\(after)&asOfSeq=\(end)", limit: maxBytes)
            } catch let error as LeaderClient.TooLarge {
                guard end - after > 1 else { throw LeaderClient.Unreachable(description: "\(error)") }
                size = (end - after) / 2
                continue
            }
            var events: [ReplicatedEvent] = []
            for (index, line) in body.split(separator: 0x0A).enumerated() {
                events.append(try ReplicatedEvent(exportLine: Array(line), number: index + 1))
            }
            guard UInt64(events.count) == end - after else {
                throw ReplicaError.unproven("asked for seq \(after + 1)–\(end) of the leader's log, which its signed "
                    + "head \(head) holds, the leader sent \(events.count) events")
            }
            return events
        }
    }
}
