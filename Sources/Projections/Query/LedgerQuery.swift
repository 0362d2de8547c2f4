import EventLog
import InternalControl

/// Answers "the ledgers of these plans as known at this point", starting from the nearest snapshot at or
/// below the point and folding forward; and keeps snapshots up to date.
///
/// Snapshots: at a boundary seq T the facts of each plan are stored by effective year
/// (`ledger.vN|PLAN|YEAR` at T), and only the years that changed since the previous boundary are written, so a
/// boundary costs what happened since the last one, not the size of the log. The latest bucket at or below T
/// is therefore that year's state at T. A snapshot of another code version is never read.
public struct LedgerQuery {
    public let store: EventStore
    /// Events between snapshot boundaries.
    public var interval: UInt64
    /// Records ``catchUp(force:)`` holds in memory before it writes a boundary and starts the next step.
    public var heldRecordLimit: Int

    public static let boundaryName = "ledger.v\(PlanLedger.codeVersion)"
    public static let partitionPrefix = boundaryName + "|"

    public init(store: EventStore, interval: UInt64 = 10_000, heldRecordLimit: Int = 100_000) {
        self.store = store
        self.interval = interval
        self.heldRecordLimit = heldRecordLimit
    }

    static func bucketName(_ plan: String, _ year: Int) -> String { "\(partitionPrefix)\(plan)|\(year)" }

    /// The plan ledgers (`plans`, or all when `nil`) as known at `point`, and where that knowledge ends.
    public func ledgers(asOf point: KnowledgePoint, plans: [String]? = nil) throws -> (ledgers: [PlanLedger], knowledge: KnowledgeInfo) {
        try store.read { view in
            let seq = try point.resolve(in: view)
            let ledgers = try Self.ledgers(in: view, upTo: seq, plans: plans)
            return (ledgers, try Self.knowledge(in: view, seq: seq))
        }
    }

    static func knowledge(in view: LogView, seq: UInt64) throws -> KnowledgeInfo {
        let recordedAt = seq > 0 ? try view.envelope(at: seq)?.recordedAt : nil
        let reference = recordedAt.map(Stockholm.date(at:)) ?? Stockholm.today(.system)
        return KnowledgeInfo(seq: seq, recordedAt: recordedAt, referenceDate: reference, treeSize: seq,
                             root: try view.root(size: seq))
    }

    /// The latest boundary at or below `seq`, or 0.
    static func boundary(in view: LogView, atOrBelow seq: UInt64) throws -> UInt64 {
        try view.snapshot(named: boundaryName, atOrBelow: seq)?.seq ?? 0
    }

    /// The records of one snapshot bucket as of `boundary`; `nil` when missing or unreadable.
    static func bucket(named name: String, in view: LogView, at boundary: UInt64) throws -> [Record]? {
        guard boundary > 0, let found = try view.snapshot(named: name, atOrBelow: boundary),
            let json = try? JSONParser.parse(found.bytes)
        else { return nil }
        return PlanLedger.records(fromSnapshot: json)
    }

    /// Every plan's ledger from the buckets at `boundary`, by plan id; `nil` when a bucket cannot be read.
    static func snapshotLedgers(in view: LogView, at boundary: UInt64, plan: String? = nil) throws -> [String: PlanLedger]? {
        guard boundary > 0 else { return [:] }
        var records: [String: [Record]] = [:]
        for name in try view.snapshotNames(withPrefix: partitionPrefix + (plan.map { $0 + "|" } ?? "")) {
            let parts = name.dropFirst(partitionPrefix.count).split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            guard let found = try view.snapshot(named: name, atOrBelow: boundary) else { continue }
            guard let json = try? JSONParser.parse(found.bytes), let bucket = PlanLedger.records(fromSnapshot: json) else {
                return nil
            }
            records[String(parts[0]), default: []] += bucket
        }
        return records.reduce(into: [:]) { $0[$1.key] = PlanLedger(planId: $1.key, seq: boundary, records: $1.value) }
    }

    static func ledgers(in view: LogView, upTo seq: UInt64, plans: [String]?) throws -> [PlanLedger] {
        var boundary = try boundary(in: view, atOrBelow: seq)
        if let plans {
            var ledgers: [PlanLedger] = []
            for plan in plans {
                var loaded = try snapshotLedgers(in: view, at: boundary, plan: plan)
                // Unreadable buckets, or a plan with events before the boundary but no snapshot: fold from the start.
                let planEvents = boundary > 0 ? try view.seqs(inStream: EventType.stream(of: .plan, id: plan), upTo: boundary) : []
                let planStarted = !planEvents.isEmpty
                if loaded == nil || (loaded?[plan] == nil && planStarted) {
                    boundary = 0
                    loaded = [:]
                }
                ledgers.append(loaded?[plan] ?? PlanLedger(planId: plan))
            }
            if boundary == 0 { ledgers = plans.map { PlanLedger(planId: $0) } }
            if seq > boundary {
                try view.forEachLedgerEvent(in: (boundary + 1)...seq, where: { envelope, payload in
                    ledgers.contains { $0.accepts(envelope, payload: payload) }
                }) { event in
                    for i in ledgers.indices where ledgers[i].accepts(event) { ledgers[i].apply(event) }
                }
            }
            return ledgers.map { var l = $0; l.seq = seq; return l }
        }
        guard let partitions = try snapshotLedgers(in: view, at: boundary) else {
            return try Ledger.fold(view, upTo: seq).plans.values.sorted { $0.planId < $1.planId }
        }
        var ledger = Ledger(plans: Array(partitions.values), seq: boundary)
        if seq > boundary { try view.forEachLedgerEvent(in: (boundary + 1)...seq) { ledger.apply($0) } }
        return ledger.plans.values.sorted { $0.planId < $1.planId }.map { var l = $0; l.seq = seq; return l }
    }

    /// The effective year of the fact an event about another event changes: the target's, following a
    /// correction to the fact it corrects.
    static func factYear(of targetId: String, in view: LogView) throws -> Int? {
        guard let seq = try view.seq(forEventID: targetId), let envelope = try view.envelope(at: seq) else { return nil }
        if envelope.type == "EventCorrected" || envelope.type == "EventRetracted" {
            guard let payload = try view.payload(at: seq), let inner = payload["targetId"]?.stringValue,
                let innerSeq = try view.seq(forEventID: inner), let original = try view.envelope(at: innerSeq)
            else { return nil }
            return original.effectiveAt.year
        }
        return envelope.effectiveAt.year
    }

    /// Writes a snapshot boundary at the log's current size when `interval` events have passed since the last
    /// one (or always, with `force`), storing every plan-year that changed. A long stretch of new events is
    /// taken in steps that each hold at most ``heldRecordLimit`` records, so catching up after a streamed
    /// append of millions of events needs memory for the largest plan-year, not for the input.
    /// - Returns: the last boundary written, or `nil` when none was due.
    @discardableResult
    public func catchUp(force: Bool = false) throws -> UInt64? {
        var written: UInt64?
        while let step = try catchUpStep(force: force) {
            try store.storeSnapshots(step.entries)
            written = step.boundary
            if step.reachedEnd { break }
        }
        return written
    }

    private struct CatchUpStep {
        let entries: [SnapshotEntry]
        let boundary: UInt64
        let reachedEnd: Bool
    }

    private func catchUpStep(force: Bool) throws -> CatchUpStep? {
        struct Key: Hashable {
            let plan: String
            let year: Int
        }
        return try store.read { view -> CatchUpStep? in
            let size = try view.size
            let previous = try Self.boundary(in: view, atOrBelow: .max)
            guard size > previous, force || size - previous >= interval else { return nil }
            var router = StreamRouter { try view.firstLedgerEvent(ofStream: $0) }
            var touched: [Key: PlanLedger] = [:]
            var held = 0
            var end = previous
            while end < size && held < heldRecordLimit {
                let stepEnd = min(size, end + interval)
                try view.forEachLedgerEvent(in: (end + 1)...stepEnd) { event in
                    let plan = try router.route(event)
                    let year = event.type.isAboutAnotherEvent
                        ? try event.targetId.flatMap { try Self.factYear(of: $0, in: view) } : event.effectiveAt.year
                    guard let year else { return }
                    let key = Key(plan: plan, year: year)
                    if touched[key] == nil {
                        let records = try Self.bucket(named: Self.bucketName(plan, year), in: view, at: previous) ?? []
                        touched[key] = PlanLedger(planId: plan, seq: previous, records: records)
                        held += records.count
                    }
                    let before = touched[key]!.records.count
                    touched[key]!.apply(event)
                    held += touched[key]!.records.count - before
                }
                end = stepEnd
            }
            var entries = touched.map { key, ledger in
                SnapshotEntry(name: Self.bucketName(key.plan, key.year), seq: end,
                              bytes: CanonicalJSON.encode(ledger.json))
            }
            entries.append(SnapshotEntry(name: Self.boundaryName, seq: end, bytes: CanonicalJSON.encode([
                "codeVersion": .integer(PlanLedger.codeVersion), "bucketsWritten": .integer(Int64(touched.count)),
            ])))
            return CatchUpStep(entries: entries, boundary: end, reachedEnd: end == size)
        }
    }
}
