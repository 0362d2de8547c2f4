import EventLog
import InternalControl

/// One event as the projections need it, decoded from the stored bytes with only the fields they use.
public struct LedgerEvent: Sendable {
    public let seq: UInt64
    public let id: String
    public let type: EventType
    public let stream: String
    public let effectiveAt: CalendarDate
    /// The fact of a domain event; `nil` for events about events, or when the payload is redacted.
    public let values: FactValues?
    /// For corrections, retractions and redactions: the target's event id.
    public let targetId: String?
    /// For corrections: the replacement payload, decoded against the target's type when applied.
    public let replacement: JSONValue?
    /// For an event whose payload is redacted: the plan its redaction names, the only way left to place it.
    public let routePlan: String?

    /// Decodes stored envelope and payload bytes; `nil` for bytes that are not an event of the catalogue.
    public init?(seq: UInt64, envelope: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer?) {
        guard let header = LedgerEnvelope(seq: seq, bytes: envelope) else { return nil }
        self.init(header, payload: payload.flatMap { JSONObjectScanner($0) })
    }

    /// Completes a decoded envelope with its payload.
    public init(_ header: LedgerEnvelope, payload p: JSONObjectScanner?) {
        let type = header.type
        seq = header.seq
        id = header.id
        self.type = type
        stream = header.stream
        effectiveAt = header.effectiveAt
        routePlan = header.routePlan
        if type.isAboutAnotherEvent {
            values = nil
            targetId = p?.string("targetId")
            replacement = type == .eventCorrected ? p?.value("payload") : nil
        } else {
            values = p.flatMap { FactValues.decode(type, from: $0) }
            targetId = nil
            replacement = nil
        }
    }

    /// Event types by the bytes of their names, so the hot path makes no String for the type.
    static let typeNames: [(bytes: [UInt8], type: EventType)] = EventType.allCases.map { (Array($0.rawValue.utf8), $0) }

    static func type(_ e: JSONObjectScanner) -> EventType? {
        guard let range = e.range(of: "type"), range.count >= 2 else { return nil }
        let name = UnsafeRawBufferPointer(rebasing: e.bytes[(range.lowerBound + 1)..<(range.upperBound - 1)])
        for (bytes, type) in typeNames where bytes.count == name.count && bytes.elementsEqual(name) { return type }
        return nil
    }

    /// The control point this event's fact belongs to, when it names one.
    var controlId: String? {
        switch values {
        case .controlPoint(let c)?, .revision(let c)?: c.controlId
        case .withdrawal(let id, _)?: id
        case .performance(let p)?: p.controlId
        case .deviation(let d)?: d.controlId
        case .action(let a)?: a.controlId
        default: nil
        }
    }
}

/// The envelope fields projections route by, decoded before (and often instead of) the payload.
public struct LedgerEnvelope: Sendable {
    public let seq: UInt64
    public let id: String
    public let type: EventType
    public let stream: String
    public let effectiveAt: CalendarDate
    /// For an event whose payload is redacted: the plan its redaction names.
    public internal(set) var routePlan: String?

    public init?(seq: UInt64, bytes: UnsafeRawBufferPointer) {
        guard let e = JSONObjectScanner(bytes), let type = LedgerEvent.type(e), let id = e.string("id"),
            let stream = e.string("stream"), let effectiveAt = e.date("effectiveAt")
        else { return nil }
        self.seq = seq
        self.id = id
        self.type = type
        self.stream = stream
        self.effectiveAt = effectiveAt
    }
}

extension LogView {
    /// Calls `body` with every event of `range` decoded for projections.
    public func forEachLedgerEvent(in range: ClosedRange<UInt64>, _ body: (LedgerEvent) throws -> Void) throws {
        try forEachLedgerEvent(in: range, where: { _, _ in true }, body)
    }

    /// Calls `body` with the events of `range` that `accept` takes. `accept` sees the envelope, and the payload
    /// only for events that create a thing (they name what they belong to); the payload of an event that is
    /// not taken is never decoded.
    public func forEachLedgerEvent(
        in range: ClosedRange<UInt64>, where accept: (LedgerEnvelope, JSONObjectScanner?) -> Bool,
        _ body: (LedgerEvent) throws -> Void
    ) throws {
        try forEachRawEnvelope(in: range) { seq, envelope in
            guard var header = LedgerEnvelope(seq: seq, bytes: envelope) else { return true }
            let found: LedgerEvent?? = try withPayloadBytes(at: seq) { bytes -> LedgerEvent? in
                let payload = JSONObjectScanner(bytes)
                guard accept(header, header.type.createsThing ? payload : nil) else { return nil }
                return LedgerEvent(header, payload: payload)
            }
            switch found {
            case .some(.some(let event)):
                try body(event)
                return true
            case .some(.none):
                return true
            case .none:
                break
            }
            // No payload: redacted. Its redaction names the plan, so the fact keeps its place.
            if let redacting = try redaction(of: seq) {
                header.routePlan = try payload(at: redacting)?["planId"]?.stringValue
            }
            let event: LedgerEvent? = accept(header, nil) ? LedgerEvent(header, payload: nil) : nil
            if let event { try body(event) }
            return true
        }
    }
}
