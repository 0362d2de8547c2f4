import EventLog
import InternalControl

/// What the projections fold from one event: a small record of integers. Things (plans, control points,
/// deviations, actions) are named by the seq of their stream's first event, choice words by their index in the
/// catalogue, dates by their day number. No free text: texts are read from the payloads when a view is rendered,
/// so a redaction leaves nothing of the payload here (the record of a redacted event is built from what its
/// redaction kept: ids, dates, numbers and choices, never text; ``RedactionRule``).
public struct FoldRecord: Sendable, Hashable {
    /// The event's type; `nil` for an event outside the catalogue (access events), which the folds skip.
    public var type: EventType?
    /// The first seq of the event's stream: the number of the thing it is about.
    public var thing: UInt64
    /// The first seq of the plan the thing belongs to; 0 when it belongs to none.
    public var plan: UInt64
    /// The seq of the plan's record before this one; 0 for its first (or for plan 0, which is not chained).
    public var previousInPlan: UInt64
    /// The envelope's effective date.
    public var effective: CalendarDate
    /// For corrections, retractions and redactions: the seq of the target event; 0 when it is not known.
    public var target: UInt64 = 0
    /// The figures the folds use; `nil` when the payload is gone (redacted) or not readable, and for events about
    /// other events except corrections (whose values are the replacement's, in the corrected type).
    public var values: FactValues?
    /// Whether the event's payload is gone (redacted): its texts are, at every knowledge point; its figures are what
    /// the redaction kept (none for a redaction written before redactions kept a fact's figures).
    public var redacted: Bool

    public init(type: EventType?, thing: UInt64, plan: UInt64, previousInPlan: UInt64, effective: CalendarDate,
                target: UInt64 = 0, values: FactValues? = nil, redacted: Bool = false) {
        self.type = type
        self.thing = thing
        self.plan = plan
        self.previousInPlan = previousInPlan
        self.effective = effective
        self.target = target
        self.values = values
        self.redacted = redacted
    }
}

/// The figures of one fact, by the type of fact.
public enum FactValues: Sendable, Hashable {
    case plan(year: Int64, adoptedOn: CalendarDate)
    /// A control point added, revised or withdrawn: its texts are all in the payload.
    case controlPoint
    case performance(PerformanceValues)
    case deviation(DeviationValues)
    case closing(closedOn: CalendarDate)
    case action(ActionValues)
    case followUp(FollowUpValues)
    case report(ReportValues)
    /// A risk area added (version 2): its texts and risk are in the payload.
    case riskArea
}

/// The figures of a `ControlPerformed`.
public struct PerformanceValues: Sendable, Hashable {
    public var performedOn: CalendarDate
    /// The dates the figures cover (the period, else the day performed).
    public var covers: ClosedRange<CalendarDate>
    public var planned: Int64?
    public var examined: Int64
    public var deviating: Int64
    public var serious: Int64?
    /// Index in ``EventCatalogue/assessments``.
    public var assessment: UInt8
    /// Whether the payload has indicators or a result text (read from it when rendering).
    public var hasIndicators: Bool
    public var hasResult: Bool
    /// Whether the control was carried out only in part (`coverage: partial`, version 2).
    public var partial: Bool = false

    /// Whether the control was carried out at all (in full or in part): its assessment is not `not-performed`.
    /// The one rule for "genomförd" in every view.
    public var isPerformed: Bool { assessment != Self.notPerformed }

    static let notPerformed = RecordBuilder.code("not-performed", in: EventCatalogue.assessments)
}

/// The figures of a `DeviationRecorded`.
public struct DeviationValues: Sendable, Hashable {
    /// The control point's thing; 0 when its stream does not exist.
    public var control: UInt64
    public var observedOn: CalendarDate
    /// Index in ``EventCatalogue/severities``.
    public var severity: UInt8
    public var count: Int64
    /// The unit as a key to group by: the first 128 bits of SHA-256 of its text (the text itself stays in the
    /// payload); `nil` when the deviation names no unit.
    public var unit: UnitKey?
}

/// A 128-bit digest of a unit's name: deviations of one unit share it, and it reveals nothing that is not in a
/// payload still stored.
public struct UnitKey: Sendable, Hashable, Comparable {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public init(_ name: String) {
        let digest = MerkleHash.sha256(Array(name.utf8)).bytes
        high = digest[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = digest[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    public static func < (a: UnitKey, b: UnitKey) -> Bool { (a.high, a.low) < (b.high, b.low) }
}

/// The figures of an `ActionTaken` or `ActionPlanned`.
public struct ActionValues: Sendable, Hashable {
    public var date: CalendarDate
    /// The control point named: `nil` when none, 0 when its stream does not exist.
    public var control: UInt64?
    /// The deviations named whose streams exist, in order.
    public var deviations: [UInt64]
    public var dueOn: CalendarDate?
}

/// The figures of a `FollowUpRecorded`.
public struct FollowUpValues: Sendable, Hashable {
    public var followedUpOn: CalendarDate
    /// Index in ``EventCatalogue/followUpStatuses``.
    public var status: UInt8
    public var nextFollowUpOn: CalendarDate?
}

/// The figures of a `ReportSubmitted`.
public struct ReportValues: Sendable, Hashable {
    public var submittedOn: CalendarDate
    public var covers: ClosedRange<CalendarDate>?
}

extension EventType {
    /// The type's code in a record (0 is an event outside the catalogue): its place in the catalogue, plus one.
    var recordCode: UInt8 { UInt8(EventType.allCases.firstIndex(of: self)! + 1) }

    init?(recordCode: UInt8) {
        guard recordCode >= 1, Int(recordCode) <= EventType.allCases.count else { return nil }
        self = EventType.allCases[Int(recordCode) - 1]
    }
}
