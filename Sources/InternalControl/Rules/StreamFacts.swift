import EventLog

/// What the log says about one thing (a plan, control point, deviation or action) at the moment of an
/// append: its events, with retracted ones left out and corrections applied.
struct StreamFacts {
    struct Fact {
        let seq: UInt64
        let envelope: Envelope
        let type: EventType?
        let payload: JSONValue?
    }

    /// The events of the stream in order, retracted ones removed, corrected payloads in place.
    let facts: [Fact]
    /// Ids of events retracted in this stream.
    let retracted: Set<String>

    init(stream: String, log: LogView) throws {
        var all: [Fact] = []
        for seq in try log.seqs(inStream: stream) {
            guard let event = try log.event(at: seq) else { continue }
            all.append(Fact(seq: seq, envelope: event.envelope, type: EventType(rawValue: event.envelope.type),
                            payload: event.payload))
        }
        var retracted: Set<String> = []
        var corrections: [String: JSONValue] = [:]
        for fact in all {
            guard let target = fact.payload?["targetId"]?.stringValue else { continue }
            switch fact.type {
            case .eventRetracted?: retracted.insert(target)
            case .eventCorrected?: corrections[target] = fact.payload?["payload"]
            default: break
            }
        }
        self.retracted = retracted
        facts = all.filter { !retracted.contains($0.envelope.id) && !($0.type?.isAboutAnotherEvent ?? true) }.map { fact in
            guard let corrected = corrections[fact.envelope.id] else { return fact }
            return Fact(seq: fact.seq, envelope: fact.envelope, type: fact.type, payload: corrected)
        }
    }

    /// The first event of `type` still standing.
    func first(_ type: EventType) -> Fact? { facts.first { $0.type == type } }

    /// Whether an event of `type` still stands.
    func has(_ type: EventType) -> Bool { first(type) != nil }

    /// Values of `field` in the standing events of `type`.
    func values(of field: String, in type: EventType) -> [String] {
        facts.filter { $0.type == type }.compactMap { $0.payload?[field]?.stringValue }
    }
}
