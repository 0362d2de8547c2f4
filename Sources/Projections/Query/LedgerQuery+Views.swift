import EventLog
import InternalControl

extension LedgerQuery {
    /// The state of `plans` (all when `nil`) for `period` as known at `point`.
    public func state(period: Period, asOf point: KnowledgePoint, plans: [String]? = nil) throws -> StateView {
        let (ledgers, knowledge) = try ledgers(asOf: point, plans: plans)
        let states = ledgers.filter { !$0.records.isEmpty }.map {
            StateProjection.evaluate(PlanFacts($0), period: period, referenceDate: knowledge.referenceDate)
        }
        return StateView(knowledge: knowledge, period: period, plans: states)
    }

    /// The trend of `plans` over `dates` as known at `point`. Without `dates`, every year with facts.
    public func trend(dates: ClosedRange<CalendarDate>?, bucket: Bucket, grouping: TrendProjection.Grouping, only: String?,
                      asOf point: KnowledgePoint, plans: [String]? = nil) throws -> TrendView {
        let (ledgers, knowledge) = try ledgers(asOf: point, plans: plans)
        let facts = ledgers.map(PlanFacts.init)
        let span = dates ?? Self.span(of: ledgers) ?? (knowledge.referenceDate...knowledge.referenceDate)
        let rows = TrendProjection.evaluate(facts, dates: span, bucket: bucket, grouping: grouping, only: only,
                                            referenceDate: knowledge.referenceDate)
        return TrendView(knowledge: knowledge, dates: span, bucket: bucket, grouping: grouping, rows: rows)
    }

    /// Whole years from the first to the last effective date in `ledgers`.
    static func span(of ledgers: [PlanLedger]) -> ClosedRange<CalendarDate>? {
        let dates = ledgers.flatMap { $0.records.values.map(\.effectiveAt) }
        guard let first = dates.min(), let last = dates.max(), let from = Period.year(first.year),
            let to = Period.year(last.year)
        else { return nil }
        return from.first...to.last
    }

    /// What knowledge point `new` adds to or changes in knowledge point `old` about `period`.
    public func diff(period: Period, old: KnowledgePoint, new: KnowledgePoint, plans: [String]? = nil) throws -> DiffView {
        try store.read { view in
            var a = try old.resolve(in: view)
            var b = try new.resolve(in: view)
            if a > b { swap(&a, &b) }
            let newLedgers = try Self.ledgers(in: view, upTo: b, plans: plans)
            let selected = newLedgers.map(\.planId)
            let oldLedgers = try Self.ledgers(in: view, upTo: a, plans: selected)
            var events: [LedgerEvent] = []
            if b > a {
                var accepted = oldLedgers
                try view.forEachLedgerEvent(in: (a + 1)...b) { event in
                    var taken = false
                    for i in accepted.indices where accepted[i].accepts(event) {
                        accepted[i].apply(event)
                        taken = true
                    }
                    if taken { events.append(event) }
                }
            }
            let from = try Self.knowledge(in: view, seq: a)
            let to = try Self.knowledge(in: view, seq: b)
            let result = DiffProjection.evaluate(old: oldLedgers, new: newLedgers, period: period,
                                                 oldReference: from.referenceDate, newReference: to.referenceDate, events: events)
            return DiffView(from: from, to: to, period: period, events: result.events, figures: result.figures)
        }
    }
}
