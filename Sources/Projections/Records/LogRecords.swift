import EventLog
import InternalControl

/// Records built from the log itself, in memory: for a store whose records are missing or of another version
/// (opened read-only), for checking the stored ones, and for a report that trusts no cache. Given the same
/// log they are the same records the append writes.
struct LogRecords {
    private(set) var context: LogRecordContext

    /// - Parameter checkingDigests: read each payload only after checking it against its envelope's digest
    ///   (``LogRecordsError`` when one does not match or is missing without a redaction).
    init(view: LogView, checkingDigests: Bool = false) throws {
        context = LogRecordContext(view: view, size: try view.size, checkingDigests: checkingDigests)
    }

    /// The record of the event at `seq` (events in seq order, as ``forEach(in:only:_:)`` gives them) and its
    /// payload when it was read, for a walk of the envelopes made elsewhere.
    mutating func build(seq: UInt64, envelope: UnsafeRawBufferPointer, only plan: UInt64? = nil) throws
        -> (FoldRecord, DomainEvent?)
    {
        try context.build(seq: seq, envelope: envelope, only: plan)
    }

    /// Calls `body` with the record of every event in `range`, in seq order, the event's stored envelope, and its
    /// payload when it was read. With `only`, payloads are read only where needed to route (a stream's first event)
    /// and for the events of that plan; other records carry their plan but no values.
    mutating func forEach(
        in range: ClosedRange<UInt64>, only plan: UInt64? = nil,
        _ body: (UInt64, FoldRecord, _ envelope: UnsafeRawBufferPointer, _ payload: DomainEvent?) throws -> Void
    ) throws {
        let view = context.view
        try view.forEachRawEnvelope(in: range) { seq, envelope in
            let (record, payload) = try context.build(seq: seq, envelope: envelope, only: plan)
            try body(seq, record, envelope, payload)
            return true
        }
    }
}

/// A stored payload that does not match its envelope, met by a reader checking digests.
public enum LogRecordsError: Error, Sendable, Equatable, CustomStringConvertible {
    case payloadDiffers(seq: UInt64)
    case payloadMissing(seq: UInt64)
    case indexDiffers(String)
    case eventMissing(seq: UInt64)

    public var description: String {
        switch self {
        case .payloadDiffers(let seq):
            "the stored payload of seq \(seq) does not match the digest in its envelope\nRun `ik verify` and restore from a backup."
        case .payloadMissing(let seq):
            "the payload of seq \(seq) is missing and no redaction accounts for it\nRun `ik verify` and restore from a backup."
        case .eventMissing(let seq):
            "the log has no event at seq \(seq), though it holds later ones\nRun `ik verify` and restore from a backup."
        case .indexDiffers(let what):
            "\(what), but that envelope says otherwise\nRun `ik verify` and restore from a backup."
        }
    }
}

/// A ``RecordContext`` over a read of the log: what earlier records said is kept in arrays by seq, and built on
/// demand when asked out of order (routing one stream without folding the log before it).
struct LogRecordContext: RecordContext {
    let view: LogView
    let checkingDigests: Bool
    /// Per seq − 1: the plan and type code of the event's record; `unknown` until built.
    private var plans: [UInt64]
    private var types: [UInt8]
    private var heads: [UInt64: UInt64] = [:]
    /// Each stream's first seq, once the records are being built from seq 1 in order: no index is consulted.
    private var starts: [String: UInt64]?
    private static let unknown = UInt64.max

    init(view: LogView, size: UInt64, checkingDigests: Bool = false) {
        self.view = view
        self.checkingDigests = checkingDigests
        plans = Array(repeating: Self.unknown, count: Int(size))
        types = Array(repeating: 0, count: Int(size))
    }

    func firstSeq(ofStream stream: String) throws -> UInt64? {
        // Read from the first event on, the envelopes themselves say where each stream began.
        if let starts { return starts[stream] }
        guard let seq = try view.firstSeq(ofStream: stream) else { return nil }
        if checkingDigests {
            try confirm(seq, "the streams index names seq \(seq) as the first of \(stream)") {
                $0.string("stream") == stream && $0.integer("streamVersion") == 1
            }
        }
        return seq
    }

    func seq(forEventID id: String) throws -> UInt64? {
        guard let seq = try view.seq(forEventID: id) else { return nil }
        if checkingDigests { try confirm(seq, "the ids index names seq \(seq) for \(id)") { $0.string("id") == id } }
        return seq
    }

    /// Checks an index's answer against the envelope it names: a reader that trusts no unchecked byte takes from
    /// an index only what the envelopes (whose root it computes) confirm.
    private func confirm(_ seq: UInt64, _ what: String, _ holds: (JSONObjectScanner) -> Bool) throws {
        var confirmed = false
        try view.forEachRawEnvelope(in: seq...seq) { _, bytes in
            confirmed = JSONObjectScanner(bytes).map(holds) ?? false
            return false
        }
        if !confirmed { throw LogRecordsError.indexDiffers(what) }
    }

    func plan(at seq: UInt64) throws -> UInt64 {
        if let i = built(seq) { return plans[i] }
        return try unchainedRecord(at: seq)?.plan ?? 0
    }

    func type(at seq: UInt64) throws -> EventType? {
        if let i = built(seq) { return EventType(recordCode: types[i]) }
        return try view.envelope(at: seq).flatMap { EventType(rawValue: $0.type) }
    }

    /// The index of `seq`'s record in the arrays when it is built.
    private func built(_ seq: UInt64) -> Int? {
        guard seq >= 1, seq <= plans.count, plans[Int(seq) - 1] != Self.unknown else { return nil }
        return Int(seq) - 1
    }

    /// The record of `seq` built out of order (routing only: it is not chained into its plan).
    func unchainedRecord(at seq: UInt64) throws -> FoldRecord? {
        var unchained = UnchainedContext(base: self)
        var found: FoldRecord?
        try view.forEachRawEnvelope(in: seq...seq) { seq, bytes in
            let header = try EnvelopeHeader(seq: seq, bytes: bytes)
            found = try Self.record(header, payload: try payload(of: header), context: &unchained)
            return false
        }
        return found
    }

    func redaction(of seq: UInt64) throws -> PayloadRedacted? {
        guard let redacting = try view.redaction(of: seq), redacting > seq else { return nil }
        var found: PayloadRedacted?
        try view.forEachRawEnvelope(in: redacting...redacting) { seq, bytes in
            let header = try EnvelopeHeader(seq: seq, bytes: bytes)
            if case .payloadRedacted(let redaction)? = try payload(of: header) { found = redaction }
            return false
        }
        return found
    }

    mutating func chain(_ plan: UInt64, at seq: UInt64) throws -> UInt64 {
        defer { heads[plan] = seq }
        return heads[plan] ?? 0
    }

    /// The typed payload of an event, checked against its envelope's digest when asked to.
    func payload(of header: EnvelopeHeader) throws -> DomainEvent? {
        guard let type = EventType(rawValue: header.type) else { return nil }
        guard checkingDigests else {
            return try view.withPayloadBytes(at: header.seq) { DomainEvent(type, bytes: $0) } ?? nil
        }
        switch try view.withPayload(at: header.seq, matching: try header.payloadDigest, { DomainEvent(type, bytes: $0) }) {
        case .matches(let event): return event
        case .differs: throw LogRecordsError.payloadDiffers(seq: header.seq)
        case .missing:
            guard try isRedacted(header) else { throw LogRecordsError.payloadMissing(seq: header.seq) }
            return nil
        }
    }

    /// Whether a missing payload is accounted for: a later PayloadRedacted of the same stream names the event.
    private func isRedacted(_ header: EnvelopeHeader) throws -> Bool {
        guard let redacting = try view.redaction(of: header.seq), redacting > header.seq else { return false }
        var names = false
        try view.forEachRawEnvelope(in: redacting...redacting) { seq, bytes in
            let marker = try EnvelopeHeader(seq: seq, bytes: bytes)
            guard marker.type == EventType.payloadRedacted.rawValue, marker.stream == header.stream,
                case .matches(let target) = try view.withPayload(at: seq, matching: try marker.payloadDigest, {
                    JSONObjectScanner($0)?.string("targetId")
                })
            else { return false }
            names = target == header.id
            return false
        }
        return names
    }

    /// Builds the record of `seq` from its stored envelope and payload, and remembers its plan and type. With
    /// `only`, the payload of an event that is neither its stream's first nor of that plan is not read.
    mutating func build(seq: UInt64, envelope bytes: UnsafeRawBufferPointer, only: UInt64? = nil) throws
        -> (FoldRecord, DomainEvent?)
    {
        let header = try EnvelopeHeader(seq: seq, bytes: bytes)
        if seq == 1 { starts = [:] }
        if starts != nil, starts![header.stream] == nil { starts![header.stream] = seq }
        var record: FoldRecord
        var payload: DomainEvent?
        if let only, let thing = try firstSeq(ofStream: header.stream), thing != seq, case let plan = try self.plan(at: thing),
            plan != only
        {
            record = FoldRecord(type: EventType(rawValue: header.type), thing: thing, plan: plan, previousInPlan: 0,
                                effective: header.effective)
        } else {
            payload = try self.payload(of: header)
            record = try Self.record(header, payload: payload, context: &self)
        }
        if seq >= 1, seq <= plans.count {
            plans[Int(seq) - 1] = record.plan
            types[Int(seq) - 1] = record.type?.recordCode ?? 0
        }
        return (record, payload)
    }

    static func record(_ header: EnvelopeHeader, payload: DomainEvent?, context: inout some RecordContext) throws -> FoldRecord {
        try RecordBuilder.record(seq: header.seq, type: header.type, stream: header.stream, effective: header.effective,
                                 payload: payload, context: &context)
    }
}

/// A context that routes but does not chain: for building one record out of order.
private struct UnchainedContext: RecordContext {
    let base: LogRecordContext
    func firstSeq(ofStream stream: String) throws -> UInt64? { try base.firstSeq(ofStream: stream) }
    func seq(forEventID id: String) throws -> UInt64? { try base.seq(forEventID: id) }
    func plan(at seq: UInt64) throws -> UInt64 { try base.plan(at: seq) }
    func type(at seq: UInt64) throws -> EventType? { try base.type(at: seq) }
    func redaction(of seq: UInt64) throws -> PayloadRedacted? { try base.redaction(of: seq) }
    mutating func chain(_ plan: UInt64, at seq: UInt64) throws -> UInt64 { 0 }
}

/// The envelope fields a record is built from, read from the stored bytes without decoding the whole envelope.
struct EnvelopeHeader {
    let seq: UInt64
    let type: String
    let stream: String
    let effective: CalendarDate
    let id: String
    /// The hex of the payload's digest, read as a hash only when a payload is checked against it.
    let digestHex: String

    init(seq: UInt64, bytes: UnsafeRawBufferPointer) throws {
        guard let e = JSONObjectScanner(bytes), let type = e.string("type"), let stream = e.string("stream"),
            let effective = e.date("effectiveAt"), let id = e.string("id"), let digest = e.string("payloadDigest")
        else { throw LogReadError.damagedEnvelope(seq: seq, reason: "it lacks its type, stream, id, effective date or digest") }
        self.seq = seq
        self.type = type
        self.stream = stream
        self.effective = effective
        self.id = id
        digestHex = digest
    }

    var payloadDigest: MerkleHash {
        get throws {
            guard let hash = MerkleHash(hex: digestHex) else {
                throw LogReadError.damagedEnvelope(seq: seq, reason: "its payloadDigest is not 64 hex digits")
            }
            return hash
        }
    }
}
