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
    /// Streams held before the cache starts again: each costs a few hundred bytes even when it holds one fact,
    /// and an import of a million deviations names a million streams.
    static let streamLimit = 50_000

    /// The draft last found without problems: the append writes it before it checks the next one.
    private var passed: (stream: String, type: EventType, payload: DomainEvent)?

    /// Remembers that `payload` passed every check; if the next check finds it written, it is folded in from here
    /// instead of being read back from the log.
    func passed(_ payload: DomainEvent, type: EventType, stream: String) { passed = (stream, type, payload) }

    /// Brings the known streams up to the log as `log` sees it.
    func sync(_ log: LogView) throws {
        let now = try log.size
        defer { passed = nil }
        guard let known = size, now >= known, held < Self.heldLimit, streams.count < Self.streamLimit else {
            // First use, another transaction, or too much held: start afresh from the log.
            streams.removeAll()
            held = 0
            size = now
            return
        }
        if now == known + 1, let passed {
            // The draft checked last was written as `now`. Its own id is not needed: nothing in the same batch can
            // name an event whose id the append has only just made up.
            if streams[passed.stream] != nil {
                streams[passed.stream]!.apply(seq: now, eventId: "", type: passed.type, payload: passed.payload)
                held += 1
            }
        } else if now > known {
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
