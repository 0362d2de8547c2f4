import EventLog
import InternalControl

/// The ledgers of every plan, and which plan each stream belongs to: the fold over the whole log.
public struct Ledger {
    public internal(set) var plans: [String: PlanLedger] = [:]
    var router = StreamRouter()
    public internal(set) var seq: UInt64 = 0

    public init() {}

    /// A ledger continuing from plan ledgers taken from snapshots.
    public init(plans: [PlanLedger], seq: UInt64) {
        for plan in plans {
            self.plans[plan.planId] = plan
            router.learn(plan)
        }
        self.seq = seq
    }

    /// Folds one event into the ledger of its plan.
    public mutating func apply(_ event: LedgerEvent) {
        // Without a lookup the router never throws: every route comes from events already folded.
        let plan = (try? router.route(event)) ?? ""
        plans[plan, default: PlanLedger(planId: plan)].apply(event)
        seq = max(seq, event.seq)
    }

    /// The ledger of everything in `log` up to `seq`, folded from the first event.
    public static func fold(_ log: LogView, upTo seq: UInt64) throws -> Ledger {
        var ledger = Ledger()
        if seq > 0 { try log.forEachLedgerEvent(in: 1...seq) { ledger.apply($0) } }
        ledger.seq = seq
        return ledger
    }
}
