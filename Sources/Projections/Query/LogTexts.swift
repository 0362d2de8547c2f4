import EventLog
import InternalControl

/// The texts of facts read from the stored payloads of one read of the log (valid inside the closure that got
/// the view). Each payload is read once.
final class LogTexts: FactTexts {
    let view: LogView
    private var payloads: [UInt64: DomainEvent?] = [:]
    private var ids: [UInt64: String?] = [:]

    init(view: LogView) { self.view = view }

    func payload(at seq: UInt64, as type: EventType) -> DomainEvent? {
        if let known = payloads[seq] { return Self.version(known, as: type) }
        let stored = try? self.stored(at: seq)
        payloads[seq] = stored
        return Self.version(stored, as: type)
    }

    /// The event at `seq` as stored, typed by its envelope.
    private func stored(at seq: UInt64) throws -> DomainEvent? {
        guard let type = try view.withRawEnvelope(at: seq, { JSONObjectScanner($0)?.string("type").flatMap(EventType.init(rawValue:)) })
            ?? nil
        else { return nil }
        return try view.withPayloadBytes(at: seq) { DomainEvent(type, bytes: $0) } ?? nil
    }

    /// A stored event as a version of a fact of `type`: a correction's replacement, or the event itself.
    static func version(_ stored: DomainEvent?, as type: EventType) -> DomainEvent? {
        guard let stored else { return nil }
        if case .eventCorrected(let correction) = stored, type != .eventCorrected {
            return try? DomainEvent(type, payload: correction.payload)
        }
        return stored.type == type ? stored : nil
    }

    func thingId(_ thing: UInt64) -> String? {
        if let known = ids[thing] { return known }
        let id = (try? view.withRawEnvelope(at: thing) { JSONObjectScanner($0)?.string("stream").map(Self.id(ofStream:)) }) ?? nil
        ids[thing] = id
        return id
    }

    /// `SN-2024-LAK` from `control-SN-2024-LAK`.
    static func id(ofStream stream: String) -> String {
        guard let dash = stream.firstIndex(of: "-") else { return stream }
        return String(stream[stream.index(after: dash)...])
    }

    /// The event id (UUID) of the event at `seq`.
    func eventId(at seq: UInt64) -> String? {
        (try? view.withRawEnvelope(at: seq) { JSONObjectScanner($0)?.string("id") }) ?? nil
    }
}
