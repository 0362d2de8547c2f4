import EventLog
import InternalControl

/// Records built from the log itself, in memory: for a store whose records are missing or of another version
/// (opened read-only), for checking the stored ones, and for a report that trusts no cache. Given the same
/// log they are the same records the append writes.
struct LogRecords {
    private(set) var context: LogRecordContext

    init(view: LogView) throws {
        context = LogRecordContext(view: view, size: try view.size)
    }

    /// Calls `body` with the record of every event in `range`, in seq order; `payload` is its typed payload
    /// (`nil` when redacted or not readable) for callers that need more than the record.
    mutating func forEach(in range: ClosedRange<UInt64>,
                          _ body: (UInt64, FoldRecord, _ envelope: UnsafeRawBufferPointer) throws -> Void) throws {
        let view = context.view
        try view.forEachRawEnvelope(in: range) { seq, envelope in
            let record = try context.build(seq: seq, envelope: envelope)
            try body(seq, record, envelope)
            return true
        }
    }

    /// The records of `range` grouped by plan, each in seq order.
    mutating func byPlan(in range: ClosedRange<UInt64>, only plans: Set<UInt64>? = nil) throws -> [UInt64: [(UInt64, FoldRecord)]] {
        var result: [UInt64: [(UInt64, FoldRecord)]] = [:]
        try forEach(in: range) { seq, record, _ in
            guard record.type != nil, plans?.contains(record.plan) ?? true else { return }
            result[record.plan, default: []].append((seq, record))
        }
        return result
    }
}

/// A ``RecordContext`` over a read of the log: what earlier records said is kept in arrays by seq, and built on
/// demand when asked out of order (routing one stream without folding the log before it).
struct LogRecordContext: RecordContext {
    let view: LogView
    /// Per seq − 1: the plan and type code of the event's record; `unknown` until built.
    private var plans: [UInt64]
    private var types: [UInt8]
    private var heads: [UInt64: UInt64] = [:]
    private static let unknown = UInt64.max

    init(view: LogView, size: UInt64) {
        self.view = view
        plans = Array(repeating: Self.unknown, count: Int(size))
        types = Array(repeating: 0, count: Int(size))
    }

    func firstSeq(ofStream stream: String) throws -> UInt64? { try view.firstSeq(ofStream: stream) }
    func seq(forEventID id: String) throws -> UInt64? { try view.seq(forEventID: id) }

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
            found = try Self.record(seq: seq, envelope: bytes, view: view, context: &unchained)
            return false
        }
        return found
    }

    func redactionPlanId(of seq: UInt64) throws -> String? {
        guard let redacting = try view.redaction(of: seq),
            case .payloadRedacted(let redaction)? = try view.withPayloadBytes(at: redacting, { DomainEvent(.payloadRedacted, bytes: $0) }) ?? nil
        else { return nil }
        return redaction.planId
    }

    mutating func chain(_ plan: UInt64, at seq: UInt64) throws -> UInt64 {
        defer { heads[plan] = seq }
        return heads[plan] ?? 0
    }

    /// The plan's latest record built so far.
    func head(of plan: UInt64) -> UInt64? { heads[plan] }

    /// Builds the record of `seq` from its stored envelope and payload, and remembers its plan and type.
    mutating func build(seq: UInt64, envelope bytes: UnsafeRawBufferPointer) throws -> FoldRecord {
        let record = try Self.record(seq: seq, envelope: bytes, view: view, context: &self)
        if seq >= 1, seq <= plans.count {
            plans[Int(seq) - 1] = record.plan
            types[Int(seq) - 1] = record.type?.recordCode ?? 0
        }
        return record
    }

    static func record(seq: UInt64, envelope bytes: UnsafeRawBufferPointer, view: LogView,
                       context: inout some RecordContext) throws -> FoldRecord {
        let header = try EnvelopeHeader(seq: seq, bytes: bytes)
        let type = EventType(rawValue: header.type)
        let payload = try type.flatMap { type in try view.withPayloadBytes(at: seq) { DomainEvent(type, bytes: $0) } ?? nil }
        return try RecordBuilder.record(seq: seq, type: header.type, stream: header.stream, effective: header.effective,
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
    func redactionPlanId(of seq: UInt64) throws -> String? { try base.redactionPlanId(of: seq) }
    mutating func chain(_ plan: UInt64, at seq: UInt64) throws -> UInt64 { 0 }
}

/// The envelope fields a record is built from, read from the stored bytes without decoding the whole envelope.
struct EnvelopeHeader {
    let type: String
    let stream: String
    let effective: CalendarDate
    let id: String

    init(seq: UInt64, bytes: UnsafeRawBufferPointer) throws {
        guard let e = JSONObjectScanner(bytes), let type = e.string("type"), let stream = e.string("stream"),
            let effective = e.date("effectiveAt"), let id = e.string("id")
        else { throw LogReadError.damagedEnvelope(seq: seq, reason: "it lacks its type, stream, id or effective date") }
        self.type = type
        self.stream = stream
        self.effective = effective
        self.id = id
    }
}
