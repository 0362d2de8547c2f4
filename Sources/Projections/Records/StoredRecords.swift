import EventLog
import InternalControl

/// The fold records kept in the store: one per event in the log's `records` database, written in the append's
/// own transaction (``hook``), so they land with the events or not at all. Each plan's records are chained
/// (``FoldRecord/previousInPlan``) from a head kept in `interned`, so one plan's facts are read without the
/// rest of the log. They are a cache: `ik verify` recomputes every one (``CacheVerification``).
public enum StoredRecords {
    /// The append hook that writes the records of every event an append writes.
    public static let hook = AppendHook { group, derived in try append(group, to: derived) }

    /// `interned` key of the seq of the last record written.
    static let lastKey = Array("fold.last".utf8)

    /// `interned` key of the head of a plan's chain (its latest record).
    static func headKey(_ plan: UInt64) -> [UInt8] { Array("fold.head.".utf8) + bigEndian(plan) }

    static func bigEndian(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }

    static func number(_ bytes: [UInt8]?) -> UInt64? {
        guard let bytes, bytes.count == 8 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The seq the stored records reach, when they are of this version; `nil` when there are none to use.
    static func reach(_ view: LogView) throws -> UInt64? {
        guard try view.recordsVersion == FoldRecord.version else { return nil }
        return number(try view.derivedValue(forKey: lastKey))
    }

    static func append(_ group: AppendedGroup, to derived: DerivedStore) throws {
        guard let seqs = group.seqs else { return }
        if try derived.version == nil, seqs.lowerBound == 1 {
            // A new store: its records start with its first event.
            try derived.setVersion(FoldRecord.version)
            try derived.put(bigEndian(0), forKey: lastKey)
        }
        // Records missing or of another version: ``update(_:)`` builds them when the store is next opened to write.
        guard try derived.version == FoldRecord.version, let last = number(try derived.value(forKey: lastKey)) else { return }
        var context = StoredRecordContext(derived: derived)
        if last + 1 < seqs.lowerBound { try build(from: last + 1, through: seqs.lowerBound - 1, context: &context) }
        for event in group.events {
            let type = EventType(rawValue: event.envelope.type)
            let payload = type.flatMap { try? DomainEvent($0, payload: event.payload) }
            try context.store(try RecordBuilder.record(
                seq: event.envelope.seq, type: event.envelope.type, stream: event.envelope.stream,
                effective: event.envelope.effectiveAt, payload: payload, context: &context), at: event.envelope.seq)
            if case .payloadRedacted(let redaction)? = payload, let target = try derived.log.seq(forEventID: redaction.targetId),
                target < event.envelope.seq, let stored = try context.record(at: target)
            {
                // The redaction removes the payload in this transaction: its record is built from what it kept.
                let record = try RecordBuilder.redacted(stored, at: target, by: redaction, context: context)
                try context.store(record, at: target)
                try context.replaceInSegment(record, at: target)
            }
        }
        try context.finish(last: seqs.upperBound)
    }

    /// Builds the records of `range` from the log.
    static func build(from first: UInt64, through last: UInt64, context: inout StoredRecordContext) throws {
        guard first <= last else { return }
        var built: FoldRecord?
        try context.derived.log.forEachRawEnvelope(in: first...last) { seq, bytes in
            let header = try EnvelopeHeader(seq: seq, bytes: bytes)
            let payload = try EventType(rawValue: header.type).flatMap { type in
                try context.derived.log.withPayloadBytes(at: seq) { DomainEvent(type, bytes: $0) } ?? nil
            }
            built = try LogRecordContext.record(header, payload: payload, context: &context)
            try context.store(built!, at: seq)
            return true
        }
    }

    /// Brings the stored records up to the head of the log: builds the missing ones, or all of them when there are
    /// none of this version (`rebuild` drops them first). Each step of at most `step` events is one transaction.
    /// - Returns: the seq they reach.
    @discardableResult
    public static func update(_ store: EventStore, rebuild: Bool = false, step: UInt64 = 200_000) throws -> UInt64 {
        // Nothing to do (no write, so a refused append leaves the file as it was): records up to date, or no events
        // yet (the first append's hook starts them).
        if !rebuild, let reached = try store.read({ view -> UInt64? in
            let size = try view.size
            return size == 0 ? 0 : try reach(view).flatMap { $0 == size ? $0 : nil }
        }) {
            return reached
        }
        var dropping = rebuild
        // Built from the first event on, the plans' chains are those of this run, kept across its transactions.
        var heads: [UInt64: PlanChain]?
        while true {
            let (reached, done) = try store.updateDerived { derived -> (UInt64, Bool) in
                let version = try derived.version
                if dropping || version != FoldRecord.version {
                    try derived.removeRecords(from: 0)
                    try derived.removeValues(withPrefix: PlanSegments.prefix)
                    try derived.removeValues(withPrefix: PlanSegments.tailPrefix)
                    try derived.setVersion(FoldRecord.version)
                    try derived.put(bigEndian(0), forKey: lastKey)
                }
                let size = try derived.log.size
                let last = number(try derived.value(forKey: lastKey)) ?? 0
                guard last < size else { return (last, true) }
                let end = min(size, last + step)
                if last == 0 { heads = [:] }
                var context = StoredRecordContext(derived: derived, heads: heads)
                try build(from: last + 1, through: end, context: &context)
                try context.finish(last: end)
                if heads != nil { heads = context.chains }
                return (end, end == size)
            }
            dropping = false
            if done { return reached }
        }
    }
}

/// Where a plan's chain of records stands: its latest record and its segments' tail.
struct PlanChain {
    var head: UInt64
    var tail: PlanSegments.Tail
}

/// A ``RecordContext`` over the store's own records inside a write transaction: earlier records are read from the
/// store (or from those built in this transaction), plan heads from `interned`.
struct StoredRecordContext: RecordContext {
    let derived: DerivedStore
    /// The plans' chains when they are known in full (records built from the first event on), else those read so far.
    private(set) var chains: [UInt64: PlanChain]
    private let headsKnown: Bool
    private var built: [UInt64: (plan: UInt64, type: UInt8)] = [:]

    /// - Parameter heads: every plan's chain, when the caller knows them all; `nil` to read them from the store.
    init(derived: DerivedStore, heads: [UInt64: PlanChain]? = nil) {
        self.derived = derived
        chains = heads ?? [:]
        headsKnown = heads != nil
    }

    func firstSeq(ofStream stream: String) throws -> UInt64? { try derived.log.firstSeq(ofStream: stream) }
    func seq(forEventID id: String) throws -> UInt64? { try derived.log.seq(forEventID: id) }

    func plan(at seq: UInt64) throws -> UInt64 {
        if let known = built[seq] { return known.plan }
        return try record(at: seq)?.plan ?? 0
    }

    func type(at seq: UInt64) throws -> EventType? {
        if let known = built[seq] { return EventType(recordCode: known.type) }
        return try record(at: seq)?.type
    }

    func record(at seq: UInt64) throws -> FoldRecord? {
        try derived.record(at: seq).flatMap { bytes in bytes.withUnsafeBytes { FoldRecord(bytes: $0) } }
    }

    func redaction(of seq: UInt64) throws -> PayloadRedacted? {
        guard let redacting = try derived.log.redaction(of: seq), redacting > seq,
            case .payloadRedacted(let redaction)? = try derived.log.withPayloadBytes(at: redacting, {
                DomainEvent(.payloadRedacted, bytes: $0)
            }) ?? nil
        else { return nil }
        return redaction
    }

    /// The chain of `plan` as stored (`nil` when it has none yet).
    private mutating func storedChain(_ plan: UInt64) throws -> PlanChain? {
        if let known = chains[plan] { return known }
        guard !headsKnown, let head = StoredRecords.number(try derived.value(forKey: StoredRecords.headKey(plan))) else { return nil }
        // A head without a tail (not written by this version): its later segments will not link, so queries fold from
        // the log until the records are rebuilt; `ik verify` names it.
        let chain = PlanChain(head: head, tail: PlanSegments.Tail(try derived.value(forKey: PlanSegments.tailKey(plan))) ?? .init())
        chains[plan] = chain
        return chain
    }

    mutating func chain(_ plan: UInt64, at seq: UInt64) throws -> UInt64 {
        var chain = try storedChain(plan) ?? PlanChain(head: 0, tail: .init())
        let previous = chain.head
        chain.head = seq
        chain.tail.pending += 1
        chains[plan] = chain
        return previous
    }

    /// Stores `record` as the record of `seq`.
    mutating func store(_ record: FoldRecord, at seq: UInt64) throws {
        // Only the records of this transaction's range are looked up again; a long rebuild keeps what it needs.
        built[seq] = (record.plan, record.type?.recordCode ?? 0)
        try derived.putRecord(record.bytes, at: seq)
    }

    /// Puts `record` (rewritten after it was stored: a redaction) in the segment that holds the record of `seq`.
    mutating func replaceInSegment(_ record: FoldRecord, at seq: UInt64) throws {
        guard record.plan != 0, let chain = try storedChain(record.plan), seq <= chain.tail.end else { return }
        let prefix = PlanSegments.planPrefix(record.plan)
        var found: (key: [UInt8], records: [(seq: UInt64, record: FoldRecord)])?
        try derived.log.forEachDerivedValue(withPrefix: prefix, from: PlanSegments.key(record.plan, last: seq)) { key, value in
            if let (_, last) = PlanSegments.place(ofKey: key), let records = PlanSegments.records(value, plan: record.plan, last: last) {
                found = (Array(key), records)
            }
            return false
        }
        // A segment that cannot be read is left as it is: queries then fold from the log, and `ik verify` names it.
        guard let (key, stored) = found, let i = stored.firstIndex(where: { $0.seq == seq }) else { return }
        var records = stored
        records[i].record = record
        try derived.put(PlanSegments.value(records.map(\.record)), forKey: key)
    }

    /// Writes the segments that are full, the plans' heads and tails, and how far the records reach.
    mutating func finish(last: UInt64) throws {
        for plan in Array(chains.keys) {
            guard var chain = chains[plan] else { continue }
            if chain.tail.pending >= UInt64(PlanSegments.size) { try segment(plan, &chain) }
            chains[plan] = chain
            try derived.put(StoredRecords.bigEndian(chain.head), forKey: StoredRecords.headKey(plan))
            try derived.put(chain.tail.bytes, forKey: PlanSegments.tailKey(plan))
        }
        try derived.put(StoredRecords.bigEndian(last), forKey: StoredRecords.lastKey)
    }

    /// Copies the oldest full runs of `chain`'s records after its last segment into new segments.
    private func segment(_ plan: UInt64, _ chain: inout PlanChain) throws {
        var records: [(seq: UInt64, record: FoldRecord)] = []
        var at = chain.head
        for _ in 0..<chain.tail.pending {
            // An unreadable record: no segment now (queries read the chain; `ik verify` names the record).
            guard at > chain.tail.end, let record = try record(at: at) else { return }
            records.append((at, record))
            at = record.previousInPlan
        }
        records.reverse()
        let full = records.count / PlanSegments.size * PlanSegments.size
        for start in stride(from: 0, to: full, by: PlanSegments.size) {
            let run = records[start..<start + PlanSegments.size]
            try derived.put(PlanSegments.value(run.map(\.record)), forKey: PlanSegments.key(plan, last: run.last!.seq))
        }
        chain.tail = PlanSegments.Tail(end: records[full - 1].seq, pending: chain.tail.pending - UInt64(full))
    }
}
