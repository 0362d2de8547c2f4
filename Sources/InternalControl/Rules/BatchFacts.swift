import EventLog

/// The rules' knowledge of the things an append touches, for one batch: a stream is read from the log the
/// first time a draft names it, then each event the batch writes is folded in as the next draft is checked (the
/// check sees earlier drafts of its batch in the log), so N drafts for one stream cost N, not N².
final class BatchFacts {
    private var streams: [String: StreamFacts] = [:]
    /// The log size the known streams reflect; `nil` before the first check.
    private var size: UInt64?
    private var held = 0
    /// Facts held before the cache starts again (streams are read again when asked): memory stays bounded in a
    /// streamed append of millions of events.
    static let heldLimit = 2_000_000

    /// Brings the known streams up to the log as `log` sees it.
    func sync(_ log: LogView) throws {
        let now = try log.size
        guard let known = size, now >= known, held < Self.heldLimit else {
            // First use, another transaction, or too much held: start afresh from the log.
            streams.removeAll()
            held = 0
            size = now
            return
        }
        if now > known {
            for seq in (known + 1)...now {
                guard let envelope = try log.envelope(at: seq), streams[envelope.stream] != nil else { continue }
                try fold(envelope, log: log, into: &streams[envelope.stream]!)
            }
        }
        size = now
    }

    /// The facts of `stream` as the log holds them now.
    func facts(_ stream: String, log: LogView) throws -> StreamFacts {
        if let known = streams[stream] { return known }
        var facts = StreamFacts()
        for seq in try log.seqs(inStream: stream) {
            guard let envelope = try log.envelope(at: seq) else { continue }
            try fold(envelope, log: log, into: &facts)
        }
        streams[stream] = facts
        held += facts.count
        return facts
    }

    private func fold(_ envelope: Envelope, log: LogView, into facts: inout StreamFacts) throws {
        guard let type = EventType(rawValue: envelope.type) else { return }
        let payload = try log.withPayloadBytes(at: envelope.seq) { DomainEvent(type, bytes: $0) } ?? nil
        facts.apply(seq: envelope.seq, eventId: envelope.id, type: type, payload: payload)
        held += 1
    }
}
