import EventLog
import InternalControl

/// What a later knowledge point adds to or changes in an earlier one, for a period: the events recorded in
/// between, each correction's old and new values, and every figure of the state that changed.
public enum DiffProjection {
    public struct Change: Sendable, Hashable {
        public let field: String
        public let old: String?
        public let new: String?
    }

    public struct EventChange: Sendable {
        public let seq: UInt64
        public let id: String
        public let type: EventType
        public let effectiveAt: CalendarDate
        /// new, correction, retraction or redaction.
        public let kind: String
        /// For corrections, retractions and redactions: the target's event id and type.
        public let targetId: String?
        public let targetType: EventType?
        public let changes: [Change]
    }

    public struct FigureChange: Sendable, Hashable {
        public let planId: String
        public let controlId: String
        public let figure: String
        public let old: String
        public let new: String
    }

    /// An event recorded between the two knowledge points, as the diff lists it.
    public struct Event: Sendable {
        public let seq: UInt64
        public let id: String
        public let type: EventType
        public let effectiveAt: CalendarDate
        /// For corrections, retractions and redactions: the target's seq and event id.
        public let target: UInt64
        public let targetId: String?

        public init(seq: UInt64, id: String, type: EventType, effectiveAt: CalendarDate, target: UInt64, targetId: String?) {
            self.seq = seq
            self.id = id
            self.type = type
            self.effectiveAt = effectiveAt
            self.target = target
            self.targetId = targetId
        }
    }

    /// Compares the folds at `old` and `new` (the same plans) for `period`.
    public static func evaluate(old: [PlanFold], new: [PlanFold], period: Period, oldReference: CalendarDate,
                                newReference: CalendarDate, events: [Event], texts: some FactTexts)
        -> (events: [EventChange], figures: [FigureChange])
    {
        var oldFacts: [UInt64: PlanFold.Fact] = [:]
        for fold in old { for fact in fold.facts { oldFacts[fact.seq] = fact } }
        var versionOwner: [UInt64: PlanFold.Fact] = [:]
        for fold in new { for fact in fold.facts { for version in fact.versions { versionOwner[version.seq] = fact } } }
        var changes: [EventChange] = []
        for event in events {
            switch event.type {
            case .eventCorrected, .eventRetracted, .payloadRedacted:
                guard let target = versionOwner[event.target] ?? oldFacts[event.target],
                    period.dates.contains(target.effective) || period.dates.contains(event.effectiveAt)
                else { continue }
                var fieldChanges: [Change] = []
                if event.type == .eventCorrected {
                    let before = oldFacts[target.seq].flatMap { $0.current == nil ? nil : texts.payload(at: $0.textSeq, as: target.type) }
                    let after = texts.payload(at: event.seq, as: target.type)
                    fieldChanges = compare(before?.json, after?.json)
                }
                let kind = event.type == .eventCorrected ? "correction" : event.type == .eventRetracted ? "retraction" : "redaction"
                changes.append(EventChange(seq: event.seq, id: event.id, type: event.type, effectiveAt: event.effectiveAt,
                                           kind: kind, targetId: event.targetId, targetType: target.type, changes: fieldChanges))
            default:
                guard period.dates.contains(event.effectiveAt) else { continue }
                changes.append(EventChange(seq: event.seq, id: event.id, type: event.type, effectiveAt: event.effectiveAt,
                                           kind: "new", targetId: nil, targetType: nil, changes: []))
            }
        }
        var figures: [FigureChange] = []
        for newFold in new {
            let before = old.first { $0.plan == newFold.plan } ?? PlanFold(plan: newFold.plan)
            let a = StateProjection.evaluate(PlanFacts(before), period: period, referenceDate: oldReference, texts: texts)
            let b = StateProjection.evaluate(PlanFacts(newFold), period: period, referenceDate: newReference, texts: texts)
            for control in b.controls {
                let previous = a.controls.first { $0.controlId == control.controlId }
                for (name, oldValue, newValue) in figurePairs(previous, control) where oldValue != newValue {
                    figures.append(FigureChange(planId: b.planId, controlId: control.controlId, figure: name,
                                                old: oldValue, new: newValue))
                }
            }
        }
        return (changes, figures)
    }

    /// A control point's figures before and after, by name (the names `ik diff` shows).
    public static func figurePairs(_ a: ControlState?, _ b: ControlState) -> [(String, String, String)] {
        func text(_ value: Int64?) -> String { value.map(String.init) ?? "" }
        return [
            ("performed", a.map { String($0.performed) } ?? "0", String(b.performed)),
            ("examined", text(a?.examined ?? 0), text(b.examined)),
            ("deviating", text(a?.deviating ?? 0), text(b.deviating)),
            ("serious", text(a?.serious ?? 0), text(b.serious)),
            ("ratePercent", a.flatMap { Percent.text($0.deviating, of: $0.examined) } ?? "", Percent.text(b.deviating, of: b.examined) ?? ""),
            ("deviationsRecorded", text(a?.deviationsRecorded ?? 0), text(b.deviationsRecorded)),
            ("deviationsOpen", text(a?.deviationsOpen ?? 0), text(b.deviationsOpen)),
            ("latestAssessment", a?.latestAssessment ?? "", b.latestAssessment ?? ""),
            ("actions", String(a?.actions.count ?? 0), String(b.actions.count)),
        ]
    }

    /// Field-level differences of two payload objects, in key order.
    static func compare(_ old: JSONValue?, _ new: JSONValue?) -> [Change] {
        let a = old?.objectValue ?? [:]
        let b = new?.objectValue ?? [:]
        return CanonicalJSON.sortedKeys(Set(a.keys).union(b.keys)).compactMap { key in
            let before = a[key].map { String(decoding: CanonicalJSON.encode($0), as: UTF8.self) }
            let after = b[key].map { String(decoding: CanonicalJSON.encode($0), as: UTF8.self) }
            return before == after ? nil : Change(field: key, old: before, new: after)
        }
    }
}

/// The difference between two knowledge points for a period.
public struct DiffView: Sendable {
    public let from: KnowledgeInfo
    public let to: KnowledgeInfo
    public let period: Period
    public let events: [DiffProjection.EventChange]
    public let figures: [DiffProjection.FigureChange]
}
