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

    /// Decodes stored envelope and payload bytes; `nil` for bytes that are not an event of the catalogue.
    public init?(seq: UInt64, envelope: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer?) {
        guard let e = JSONObjectScanner(envelope), let type = Self.type(e), let id = e.string("id"),
            let stream = e.string("stream"), let effectiveAt = e.date("effectiveAt")
        else { return nil }
        self.seq = seq
        self.id = id
        self.type = type
        self.stream = stream
        self.effectiveAt = effectiveAt
        let p = payload.flatMap { JSONObjectScanner($0) }
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
    private static let typeNames: [(bytes: [UInt8], type: EventType)] = EventType.allCases.map { (Array($0.rawValue.utf8), $0) }

    private static func type(_ e: JSONObjectScanner) -> EventType? {
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

extension LogView {
    /// Calls `body` with every event of `range` decoded for projections.
    public func forEachLedgerEvent(in range: ClosedRange<UInt64>, _ body: (LedgerEvent) throws -> Void) throws {
        try forEachRawEnvelope(in: range) { seq, envelope in
            let event = try withPayloadBytes(at: seq) { LedgerEvent(seq: seq, envelope: envelope, payload: $0) }
                ?? LedgerEvent(seq: seq, envelope: envelope, payload: nil)
            if let event { try body(event) }
            return true
        }
    }
}
