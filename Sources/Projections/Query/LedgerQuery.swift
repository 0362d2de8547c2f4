import EventLog
import InternalControl

/// Answers "the ledgers of these plans as known at this point", starting from the nearest snapshot at or
/// below the point and folding forward; and keeps snapshots up to date.
///
/// Snapshots: at a boundary seq T every plan that changed since the previous boundary is stored as it is at
/// T (`ledger.vN/PLAN` at T), and the boundary itself (`ledger.vN` at T). A plan's latest snapshot at or
/// below T is therefore its state at T. A snapshot of another code version is never read.
public struct LedgerQuery {
    public let store: EventStore
    /// Events between snapshot boundaries.
    public var interval: UInt64

    public static let boundaryName = "ledger.v\(PlanLedger.codeVersion)"
    public static let partitionPrefix = boundaryName + "/"

    public init(store: EventStore, interval: UInt64 = 10_000) {
        self.store = store
        self.interval = interval
    }

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

    static func partition(_ plan: String, in view: LogView, at boundary: UInt64) throws -> PlanLedger? {
        guard boundary > 0, let found = try view.snapshot(named: partitionPrefix + plan, atOrBelow: boundary),
            let json = try? JSONParser.parse(found.bytes)
        else { return nil }
        return PlanLedger(json: json)
    }

    static func ledgers(in view: LogView, upTo seq: UInt64, plans: [String]?) throws -> [PlanLedger] {
        var boundary = try boundary(in: view, atOrBelow: seq)
        if let plans {
            var ledgers: [PlanLedger] = []
            for plan in plans {
                var ledger = try partition(plan, in: view, at: boundary)
                // A plan with events before the boundary but no snapshot: do not trust the snapshots.
                if ledger == nil, boundary > 0,
                    try !view.seqs(inStream: EventType.stream(of: .plan, id: plan), upTo: boundary).isEmpty
                {
                    boundary = 0
                    ledger = nil
                }
                ledgers.append(ledger ?? PlanLedger(planId: plan))
            }
            let start = ledgers.map(\.seq).min().map { min($0, boundary) } ?? boundary
            if seq > start {
                try view.forEachLedgerEvent(in: (start + 1)...seq) { event in
                    for i in ledgers.indices where ledgers[i].seq < event.seq && ledgers[i].accepts(event) {
                        ledgers[i].apply(event)
                    }
                }
            }
            return ledgers.map { var l = $0; l.seq = seq; return l }
        }
        var partitions: [PlanLedger] = []
        for name in try view.snapshotNames(withPrefix: partitionPrefix) where boundary > 0 {
            if let ledger = try partition(String(name.dropFirst(partitionPrefix.count)), in: view, at: boundary) {
                partitions.append(ledger)
            }
        }
        var ledger = Ledger(plans: partitions, seq: boundary)
        if seq > boundary { try view.forEachLedgerEvent(in: (boundary + 1)...seq) { ledger.apply($0) } }
        return ledger.plans.values.sorted { $0.planId < $1.planId }.map { var l = $0; l.seq = seq; return l }
    }

    /// Writes a snapshot boundary at the log's current size when `interval` events have passed since the last
    /// one (or always, with `force`), storing every plan that changed. - Returns: the new boundary, or `nil`.
    @discardableResult
    public func catchUp(force: Bool = false) throws -> UInt64? {
        let entries = try store.read { view -> [SnapshotEntry]? in
            let size = try view.size
            let previous = try Self.boundary(in: view, atOrBelow: .max)
            guard size > previous, force || size - previous >= interval else { return nil }
            var router = StreamRouter { try view.firstLedgerEvent(ofStream: $0) }
            var touched: [String: PlanLedger] = [:]
            try view.forEachLedgerEvent(in: (previous + 1)...size) { event in
                let plan = try router.route(event)
                if touched[plan] == nil {
                    touched[plan] = try Self.partition(plan, in: view, at: previous) ?? PlanLedger(planId: plan)
                }
                touched[plan]!.apply(event)
            }
            var entries = touched.values.map { ledger -> SnapshotEntry in
                var ledger = ledger
                ledger.seq = size
                return SnapshotEntry(name: Self.partitionPrefix + ledger.planId, seq: size,
                                     bytes: CanonicalJSON.encode(ledger.json))
            }
            entries.append(SnapshotEntry(name: Self.boundaryName, seq: size, bytes: CanonicalJSON.encode([
                "codeVersion": .integer(PlanLedger.codeVersion), "plansWritten": .integer(Int64(touched.count)),
            ])))
            return entries
        }
        guard let entries else { return nil }
        try store.storeSnapshots(entries)
        return entries.last?.seq
    }
}
