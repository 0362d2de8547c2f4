import EventLog
import Projections

/// A plan's committee report as known at a point (`ik report` and the server's `report`): the plan folded from the
/// log itself, trusting no cache, then rendered.
public enum ReportQuery {
    /// Why no report was written.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// No such plan as known at the knowledge point; `known` lists up to 20 plans of the store.
        case noPlan(String, knownSeq: UInt64, known: [String])
        /// A payload or index entry the report read does not match the log.
        case unchecked(LogRecordsError)

        public var description: String {
            switch self {
            case .noPlan(let plan, let seq, _): "no plan \(plan) as known at seq \(seq)\n\(advice)"
            case .unchecked(let error): "the report was not written: \(error)"
            }
        }

        /// What to do about it (the plans there are).
        public var advice: String {
            guard case .noPlan(_, _, let known) = self else { return "" }
            return known.isEmpty ? "The store holds no plans." : "The plans: \(known.joined(separator: ", "))"
                + (known.count == 20 ? ", …" : "") + "."
        }
    }

    /// The report of `plan`. The period defaults to that of the plan's latest submitted report, else its year.
    /// `witnessTrust`: the reader's keys, with which the footer's witnessed head is checked.
    /// - Throws: ``Failure``, or the store's errors.
    public static func render(store: EventStore, plan: String, scope: QueryScope, language: Language,
                              format: ReportRenderer.Format, decimals: Int,
                              rounding: Rounding = .halfUp, bucket: Bucket? = nil, witnessTrust: WitnessTrust? = nil)
        throws -> String
    {
        let checked: CheckedPlan
        do {
            checked = try LedgerQuery(store: store).checkedPlan(plan, asOf: scope.knowledgePoint)
        } catch let error as LogRecordsError {
            throw Failure.unchecked(error)
        }
        guard checked.facts.adopted != nil else {
            let known = try store.read { try $0.streamIDs(withPrefix: "plan-", limit: 20) }.map { String($0.dropFirst(5)) }
            throw Failure.noPlan(plan, knownSeq: checked.knowledge.seq, known: known)
        }
        let period = scope.hasPeriod ? scope.periodOrAll : ReportBuilder.defaultPeriod(checked.facts) ?? scope.periodOrAll
        let reported = ReportBuilder.latestReport(checked.facts, period: period, knownSeq: checked.knowledge.seq,
                                                  texts: checked.texts).map {
            ReportBuilder.AsReported(facts: PlanFacts(checked.fold.knownAt($0.seq)), submittedOn: $0.submittedOn)
        }
        let model = ReportBuilder(language: language, decimals: decimals, rounding: rounding, bucket: bucket).build(
            facts: checked.facts, period: period, knowledge: checked.knowledge, texts: checked.texts,
            payloadsChecked: checked.payloadsChecked, reported: reported, pinnedClockEvents: checked.pinnedClockEvents,
            witnessed: try witnessed(covering: checked.knowledge, in: store, trust: witnessTrust))
        return try ReportRenderer().render(model, as: format)
    }

    /// The first witnessed head the store keeps that covers `knowledge`, and whether the log's root at its size (from
    /// the envelopes, as the report's own) is the one cosigned. Its signatures are checked with `trust`, the reader's
    /// keys: without them the note is unchecked and names no witness.
    static func witnessed(covering knowledge: KnowledgeInfo, in store: EventStore, trust: WitnessTrust?) throws
        -> ReportBuilder.Witnessed?
    {
        try store.read { view in
            guard let head = try view.witnessedHead(covering: knowledge.treeSize) else { return nil }
            let root = head.treeSize == knowledge.treeSize ? knowledge.root : try view.checkedRoot(size: head.treeSize)
            guard let trust else { return ReportBuilder.Witnessed(head: head, matches: root == head.root) }
            do {
                return ReportBuilder.Witnessed(head: head, matches: root == head.root, verifiedBy: try trust.check(head))
            } catch {
                return ReportBuilder.Witnessed(head: head, matches: root == head.root, verifiedBy: [], failure: "\(error)")
            }
        }
    }
}
