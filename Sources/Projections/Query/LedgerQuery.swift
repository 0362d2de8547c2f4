import EventLog
import InternalControl

/// Answers "the facts of these plans as known at this point": folds each plan's records up to the point, then
/// evaluates the views, reading texts from the payloads for what they show.
///
/// Records come from the store's fold records when they are there and of this version (written with every
/// append, and checked by `ik verify`); otherwise they are built from the log in memory, which gives the same
/// answers more slowly (a store written by an older release, opened read-only).
public struct LedgerQuery {
    public let store: EventStore
    /// Whether to build the records from the log even where stored ones could serve (to compare the two).
    let fromLog: Bool

    public init(store: EventStore) { self.init(store: store, fromLog: false) }

    init(store: EventStore, fromLog: Bool) {
        self.store = store
        self.fromLog = fromLog
    }

    /// The plan folds (`plans`, or all when `nil`) as known at `point`, and where that knowledge ends.
    public func folds(asOf point: KnowledgePoint, plans: [String]? = nil) throws -> (folds: [PlanFold], knowledge: KnowledgeInfo) {
        try store.read { view in
            let seq = try point.resolve(in: view)
            return (try Self.folds(in: view, upTo: seq, plans: plans, texts: LogTexts(view: view), fromLog: fromLog),
                    try Self.knowledge(in: view, seq: seq))
        }
    }

    /// The id of the plan `stream` belongs to, routed as the fold routes it; `nil` when it belongs to none.
    public static func planId(ofStream stream: String, in view: LogView) throws -> String? {
        guard let first = try view.firstSeq(ofStream: stream) else { return nil }
        let plan = try LogRecordContext(view: view, size: 0).plan(at: first)
        return plan == 0 ? nil : LogTexts(view: view).thingId(plan)
    }

    static func knowledge(in view: LogView, seq: UInt64) throws -> KnowledgeInfo {
        let recordedAt = seq > 0 ? try view.envelope(at: seq)?.recordedAt : nil
        let reference = recordedAt.map(Stockholm.date(at:)) ?? Stockholm.today(.system)
        return KnowledgeInfo(seq: seq, recordedAt: recordedAt, referenceDate: reference, treeSize: seq,
                             root: try view.root(size: seq))
    }

    /// The number of plan `id`: the seq of its stream's first event, or `nil` when the log has no such plan.
    static func planNumber(_ id: String, in view: LogView) throws -> UInt64? {
        try view.firstSeq(ofStream: EventType.stream(of: .plan, id: id))
    }

    /// The folds of `plans` up to `seq`: all, ordered by plan id, when `nil`; else in the order given.
    /// - Throws: ``UnknownIDs`` when a plan named is not in the log as known at `seq`.
    static func folds(in view: LogView, upTo seq: UInt64, plans: [String]?, texts: some FactTexts, fromLog: Bool) throws
        -> [PlanFold]
    {
        if let plans {
            try UnknownIDs.check(plans, kind: .plan, in: view, upTo: seq)
            return try folds(in: view, upTo: seq, numbers: plans.map { try planNumber($0, in: view) ?? missing }, fromLog: fromLog)
        }
        let all = try RecordSource.fold(in: view, upTo: seq, plans: nil, fromLog: fromLog, start: { AllPlans() }) { all, seq, record in
            // Records of one plan often follow each other: the last plan's place is kept at hand.
            if all.last.plan != record.plan {
                let i = all.index[record.plan] ?? all.folds.count
                if i == all.folds.count {
                    all.index[record.plan] = i
                    all.folds.append(PlanFold(plan: record.plan))
                }
                all.last = (record.plan, i)
            }
            all.folds[all.last.index].apply(record, at: seq)
        }
        return all.folds.map { (fold: PlanFold) in
            var fold = fold
            fold.advance(to: seq)
            return (fold, texts.thingId(fold.plan) ?? "")
        }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// The folds of the plans numbered `numbers` up to `seq`, in that order (``missing``: an empty fold).
    static func folds(in view: LogView, upTo seq: UInt64, numbers: [UInt64], fromLog: Bool) throws -> [PlanFold] {
        let wanted = Set(numbers.filter { $0 != missing })
        var folds = try RecordSource.fold(in: view, upTo: seq, plans: wanted, fromLog: fromLog,
                                          start: { numbers.map { PlanFold(plan: $0) } }) {
            folds, seq, record in
            for i in folds.indices where folds[i].plan == record.plan { folds[i].apply(record, at: seq) }
        }
        for i in folds.indices { folds[i].advance(to: seq) }
        return folds
    }

    /// The folds of every plan, while they are being built.
    struct AllPlans {
        var folds: [PlanFold] = []
        var index: [UInt64: Int] = [:]
        var last: (plan: UInt64, index: Int) = (.max, 0)
    }

    /// The number standing for a plan the log does not have.
    static let missing = UInt64.max
}
