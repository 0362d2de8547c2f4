import EventLog
import InternalControl

extension LedgerQuery {
    /// The state of `plans` (all when `nil`) for `period` as known at `point`.
    public func state(period: Period, asOf point: KnowledgePoint, plans: [String]? = nil) throws -> StateView {
        try store.read { view in
            let seq = try point.resolve(in: view)
            let texts = LogTexts(view: view)
            let knowledge = try Self.knowledge(in: view, seq: seq)
            let states = try Self.folds(in: view, upTo: seq, plans: plans, texts: texts, fromLog: fromLog).filter { !$0.isEmpty }.map {
                StateProjection.evaluate(PlanFacts($0), period: period, referenceDate: knowledge.referenceDate, texts: texts)
            }
            return StateView(knowledge: knowledge, period: period, plans: states)
        }
    }

    /// The trend of `plans` over `dates` as known at `point`. Without `dates`, every year with facts.
    public func trend(dates: ClosedRange<CalendarDate>?, bucket: Bucket, grouping: TrendProjection.Grouping, only: String?,
                      asOf point: KnowledgePoint, plans: [String]? = nil) throws -> TrendView {
        try store.read { view in
            let seq = try point.resolve(in: view)
            let texts = LogTexts(view: view)
            let knowledge = try Self.knowledge(in: view, seq: seq)
            let folds = try Self.folds(in: view, upTo: seq, plans: plans, texts: texts, fromLog: fromLog)
            if let only, grouping == .control { try UnknownIDs.check([only], kind: .control, in: view, upTo: seq) }
            let span = dates ?? Self.span(of: folds) ?? (knowledge.referenceDate...knowledge.referenceDate)
            let rows = TrendProjection.evaluate(folds.map(PlanFacts.init), dates: span, bucket: bucket, grouping: grouping,
                                                only: only, referenceDate: knowledge.referenceDate, texts: texts)
            return TrendView(knowledge: knowledge, dates: span, bucket: bucket, grouping: grouping, rows: rows)
        }
    }

    /// Whole years from the first to the last effective date of the facts in `folds`.
    static func span(of folds: [PlanFold]) -> ClosedRange<CalendarDate>? {
        let dates = folds.flatMap { $0.facts.map(\.effective) }
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
            let texts = LogTexts(view: view)
            let newFolds = try Self.folds(in: view, upTo: b, plans: plans, texts: texts, fromLog: fromLog)
            let selected = Set(newFolds.map(\.plan))
            let oldFolds = try Self.folds(in: view, upTo: a, numbers: newFolds.map(\.plan), fromLog: fromLog)
            let events = b <= a ? [] : try RecordSource.fold(in: view, upTo: b, plans: selected, fromLog: fromLog, start: { [DiffProjection.Event]() }) {
                events, seq, record in
                guard seq > a, let type = record.type else { return }
                events.append(DiffProjection.Event(
                    seq: seq, id: texts.eventId(at: seq) ?? "", type: type, effectiveAt: record.effective,
                    target: record.target, targetId: type.isAboutAnotherEvent ? texts.targetId(of: seq, type: type) : nil))
            }
            let from = try Self.knowledge(in: view, seq: a)
            let to = try Self.knowledge(in: view, seq: b)
            let result = DiffProjection.evaluate(old: oldFolds, new: newFolds, period: period, oldReference: from.referenceDate,
                                                 newReference: to.referenceDate, events: events, texts: texts)
            return DiffView(from: from, to: to, period: period, events: result.events, figures: result.figures)
        }
    }
}

extension LogTexts {
    /// The target id a correction, retraction or redaction names.
    func targetId(of seq: UInt64, type: EventType) -> String? {
        switch payload(at: seq, as: type) {
        case .eventCorrected(let p)?: p.targetId
        case .eventRetracted(let p)?: p.targetId
        case .payloadRedacted(let p)?: p.targetId
        default: nil
        }
    }
}
