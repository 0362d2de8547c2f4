import EventLog
import InternalControl

/// Where a query's records come from: the stored records when they reach the knowledge point and read back
/// whole, else records built from the log in memory (slower, same answers).
enum RecordSource {
    /// Stored records that cannot be used for this query (missing, damaged, or not chained as they should be).
    struct Unusable: Error {}

    /// Folds the records of every event of the catalogue up to `seq` (only those of `plans` when given) into a
    /// value made by `start`, in seq order. Falls back to the log, from a fresh `start()`, when the stored
    /// records are not usable.
    static func fold<Result>(in view: LogView, upTo seq: UInt64, plans: Set<UInt64>?, fromLog: Bool = false,
                             start: () -> Result, _ apply: (inout Result, UInt64, FoldRecord) throws -> Void) throws -> Result {
        if !fromLog, let reach = try StoredRecords.reach(view), reach >= seq {
            var result = start()
            do {
                try stored(in: view, upTo: seq, plans: plans) { try apply(&result, $0, $1) }
                return result
            } catch is Unusable {}
        }
        var result = start()
        var records = try LogRecords(view: view)
        if seq > 0 {
            try records.forEach(in: 1...seq) { seq, record, _, _ in
                guard record.type != nil, plans?.contains(record.plan) ?? true else { return }
                try apply(&result, seq, record)
            }
        }
        return result
    }

    static func decode(_ view: LogView, _ seq: UInt64) throws -> FoldRecord {
        guard let record = try view.withRecord(at: seq, { FoldRecord(bytes: $0) }) ?? nil else { throw Unusable() }
        return record
    }

    static func stored(in view: LogView, upTo seq: UInt64, plans: Set<UInt64>?,
                       _ body: (UInt64, FoldRecord) throws -> Void) throws {
        guard seq > 0 else { return }
        // Plan 0 (things of no plan) is not chained; many plans are read faster in one pass.
        guard let plans, !plans.contains(0), plans.count <= 64 else {
            var expected: UInt64 = 1
            try view.forEachRecord(in: 1...seq) { at, bytes in
                guard at == expected, let record = FoldRecord(bytes: bytes) else { throw Unusable() }
                expected += 1
                if record.type != nil, plans?.contains(record.plan) ?? true { try body(at, record) }
            }
            if expected != seq + 1 { throw Unusable() }
            return
        }
        // Each plan's segments, then its chain from the head back to where they end (perf: one mdb_get per record
        // of a long-lived plan was most of an as-of query); merged in seq order.
        var chosen: [(UInt64, FoldRecord)] = []
        for plan in plans {
            guard let head = StoredRecords.number(try view.derivedValue(forKey: StoredRecords.headKey(plan))) else {
                throw Unusable()
            }
            // Without a tail the whole chain is read (a plan with no segments).
            let end = PlanSegments.Tail(try view.derivedValue(forKey: PlanSegments.tailKey(plan)))?.end ?? 0
            var newest: [(UInt64, FoldRecord)] = []
            var at = head
            // Records after the knowledge point: only their link back is read.
            while at > seq, at > end {
                guard let link = try view.withRecord(at: at, FoldRecord.chainLink(bytes:)) ?? nil, link.plan == plan,
                    link.previousInPlan < at
                else { throw Unusable() }
                at = link.previousInPlan
            }
            while at > end {
                let record = try decode(view, at)
                guard record.plan == plan, record.previousInPlan < at else { throw Unusable() }
                if record.type != nil { newest.append((at, record)) }
                at = record.previousInPlan
            }
            guard at == end else { throw Unusable() }
            if plans.count == 1 {
                try PlanSegments.forEach(in: view, plan: plan, through: seq, end: end) { at, record in
                    if record.type != nil { try body(at, record) }
                }
                for (at, record) in newest.reversed() { try body(at, record) }
                return
            }
            try PlanSegments.forEach(in: view, plan: plan, through: seq, end: end) { at, record in
                if record.type != nil { chosen.append((at, record)) }
            }
            chosen += newest
        }
        chosen.sort { $0.0 < $1.0 }
        for (at, record) in chosen { try body(at, record) }
    }
}
