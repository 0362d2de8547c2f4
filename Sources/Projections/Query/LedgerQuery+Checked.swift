import EventLog
import InternalControl

/// One plan folded straight from the log, taking nothing from a cache: every envelope up to the knowledge point
/// read and hashed into the Merkle root, every payload it routes by or folds checked against its envelope's
/// digest, every index answer confirmed by the envelope it names. What a committee report is built from.
public struct CheckedPlan: Sendable {
    public let facts: PlanFacts
    /// The fold the facts come from (``PlanFold/knownAt(_:)`` gives what an earlier report saw).
    public let fold: PlanFold
    /// Where the knowledge ends; its root is the one recomputed from the envelopes read.
    public let knowledge: KnowledgeInfo
    /// The plan's payloads, as checked.
    public let texts: CheckedTexts
    /// How many payloads were checked against their digests.
    public let payloadsChecked: Int
    /// Events up to the knowledge point whose recorded time was chosen (`"clock":"pinned"`, a test store's).
    public let pinnedClockEvents: Int
}

/// The texts of one plan's facts, from the payloads a ``CheckedPlan`` read and checked.
public struct CheckedTexts: FactTexts, Sendable {
    var payloads: [UInt64: DomainEvent] = [:]
    var ids: [UInt64: String] = [:]

    public func payload(at seq: UInt64, as type: EventType) -> DomainEvent? { LogTexts.version(payloads[seq], as: type) }
    public func thingId(_ thing: UInt64) -> String? { ids[thing] }
}

extension LedgerQuery {
    /// The facts of plan `id` as known at `point`, folded from the log itself (``CheckedPlan``); `nil` facts of
    /// the plan are empty when the log has no such plan.
    /// - Throws: ``LogRecordsError`` when a payload or an index does not match the envelopes.
    public func checkedPlan(_ id: String, asOf point: KnowledgePoint) throws -> CheckedPlan {
        try store.read { view in
            let seq = try point.resolve(in: view)
            var records = try LogRecords(view: view, checkingDigests: true)
            let plan = try records.context.firstSeq(ofStream: EventType.stream(of: .plan, id: id)).flatMap { $0 <= seq ? $0 : nil }
            var fold = PlanFold(plan: plan ?? Self.missing)
            var texts = CheckedTexts()
            var checked = 0
            var pinned = 0
            var recordedAt: Instant?
            // The log's one hashing walk (as checkpoints and proofs recompute roots): gaps refused there.
            let frontier = try view.hashEnvelopes(through: seq, missing: { LogRecordsError.eventMissing(seq: $0) }) {
                eventSeq, envelope, _ in
                let (record, payload) = try records.build(seq: eventSeq, envelope: envelope, only: plan ?? Self.missing)
                if JSONObjectScanner(envelope)?.string("clock") != nil { pinned += 1 }
                if eventSeq == seq {
                    recordedAt = JSONObjectScanner(envelope)?.string("recordedAt").flatMap(Instant.init(rfc3339:))
                }
                if payload != nil { checked += 1 }
                guard record.type != nil, record.plan == plan else { return }
                fold.apply(record, at: eventSeq)
                if let payload { texts.payloads[eventSeq] = payload }
                if record.thing == eventSeq, let stream = JSONObjectScanner(envelope)?.string("stream") {
                    texts.ids[eventSeq] = LogTexts.id(ofStream: stream)
                }
            }
            fold.advance(to: seq)
            let reference = recordedAt.map(Stockholm.date(at:)) ?? Stockholm.today(.system)
            let knowledge = KnowledgeInfo(seq: seq, recordedAt: recordedAt, referenceDate: reference, treeSize: seq,
                                          root: frontier.root)
            return CheckedPlan(facts: PlanFacts(fold), fold: fold, knowledge: knowledge, texts: texts, payloadsChecked: checked,
                               pinnedClockEvents: pinned)
        }
    }
}
