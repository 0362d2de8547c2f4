import EventLog
import InternalControl

/// The facts of one plan as the log knows them at a seq: each fact with its versions (the recording event and
/// its corrections), retractions and redactions applied. A pure fold of the plan's records in seq order.
public struct PlanFold: Sendable {
    /// One fact: the event that recorded it and what happened to it since.
    public struct Fact: Sendable {
        // Declared widest first and what happened since kept out of line (it is rare): a rebuild holds a fact per
        // event, and at 96 bytes instead of 128 its arrays grow and copy a quarter less.
        public let seq: UInt64
        public let thing: UInt64
        /// The recording event's values; `nil` where redacted.
        public var values: FactValues?
        private var since: Since?
        public let effective: CalendarDate
        public let type: EventType

        /// Corrections, retraction and redactions of a fact: immutable, replaced whole when one is added.
        private final class Since: Sendable {
            let corrections: [(seq: UInt64, values: FactValues?)]
            let retractedAt: UInt64?
            let redactedVersions: [UInt64]

            init(corrections: [(seq: UInt64, values: FactValues?)], retractedAt: UInt64?, redactedVersions: [UInt64]) {
                self.corrections = corrections
                self.retractedAt = retractedAt
                self.redactedVersions = redactedVersions
            }
        }

        /// Each correction's seq and values, in order (usually none).
        public var corrections: [(seq: UInt64, values: FactValues?)] {
            get { since?.corrections ?? [] }
            set { since = Since(corrections: newValue, retractedAt: retractedAt, redactedVersions: redactedVersions) }
        }
        public var retractedAt: UInt64? {
            get { since?.retractedAt }
            set { since = Since(corrections: corrections, retractedAt: newValue, redactedVersions: redactedVersions) }
        }
        /// The seqs of its versions whose payload is redacted: their texts are gone, their figures stay (what the
        /// redaction kept).
        public var redactedVersions: [UInt64] {
            get { since?.redactedVersions ?? [] }
            set { since = Since(corrections: corrections, retractedAt: retractedAt, redactedVersions: newValue) }
        }

        init(seq: UInt64, type: EventType, thing: UInt64, effective: CalendarDate, values: FactValues?) {
            self.seq = seq
            self.type = type
            self.thing = thing
            self.effective = effective
            self.values = values
        }

        /// The recording event and its corrections, in order.
        public var versions: [(seq: UInt64, values: FactValues?)] { [(seq, values)] + corrections }
        /// The values of the latest version, `nil` where redacted.
        var latest: FactValues? { corrections.isEmpty ? values : corrections[corrections.count - 1].values }
        /// The values that count now, or `nil` when retracted or redacted.
        public var current: FactValues? { retractedAt == nil ? latest : nil }
        /// The seq whose payload holds the current texts: the latest correction's, else the recording event's.
        public var textSeq: UInt64 { corrections.last?.seq ?? seq }
        /// The seqs the current values come from.
        public var sources: Sources { Sources(seq: seq, corrections: corrections.map(\.seq)) }
        /// Whether the current version's payload is gone: its texts are redacted (its figures, when the redaction
        /// kept them, still count).
        public var isRedacted: Bool { retractedAt == nil && (latest == nil || redactedVersions.contains(textSeq)) }
    }

    /// The plan's number (the seq of its first event; 0 for things that belong to no plan).
    public let plan: UInt64
    /// Facts in the order they were recorded.
    public internal(set) var facts: [Fact] = []
    /// A correction's seq → the index of the fact it corrects (corrections are few).
    private var corrections: [UInt64: Int] = [:]
    /// The last seq folded in.
    public internal(set) var seq: UInt64 = 0

    public init(plan: UInt64) { self.plan = plan }

    /// Folds in the record of `seq`; records come in seq order.
    public mutating func apply(_ record: FoldRecord, at seq: UInt64) {
        self.seq = max(self.seq, seq)
        guard let type = record.type else { return }
        switch type {
        case .eventCorrected:
            guard let i = index(of: record.target) else { return }
            facts[i].corrections.append((seq, record.values))
            if record.redacted { facts[i].redactedVersions.append(seq) }
            corrections[seq] = i
        case .eventRetracted:
            if let i = index(of: record.target) {
                facts[i].retractedAt = seq
            } else if let i = corrections[record.target] {
                facts[i].corrections.removeAll { $0.seq == record.target }
            }
        case .payloadRedacted:
            // The target's own record says what stays of it (``FoldRecord/redacted``), at every knowledge point: a
            // redaction removes text, not meaning.
            break
        default:
            var fact = Fact(seq: seq, type: type, thing: record.thing, effective: record.effective, values: record.values)
            if record.redacted { fact.redactedVersions = [seq] }
            facts.append(fact)
        }
    }

    /// The index of the fact recorded at `seq`: facts are in seq order, so a binary search.
    func index(of seq: UInt64) -> Int? {
        var low = 0
        var high = facts.count
        while low < high {
            let middle = (low + high) / 2
            if facts[middle].seq < seq { low = middle + 1 } else { high = middle }
        }
        return low < facts.count && facts[low].seq == seq ? low : nil
    }

    /// Marks the fold as known up to `seq` (events after its last one that were not about this plan).
    public mutating func advance(to seq: UInt64) { self.seq = max(self.seq, seq) }

    /// Whether the plan has any fact at all.
    public var isEmpty: Bool { facts.isEmpty }
}

/// The seqs a fact's current figures come from: the event that recorded it, then each correction (`--explain`).
public struct Sources: Sendable, Hashable {
    public let seq: UInt64
    public let corrections: [UInt64]

    /// All of them, in order.
    public var all: [UInt64] { corrections.isEmpty ? [seq] : [seq] + corrections }
}

extension Array where Element == UInt64 {
    /// Appends every seq of `sources`.
    mutating func append(_ sources: Sources) {
        append(sources.seq)
        if !sources.corrections.isEmpty { append(contentsOf: sources.corrections) }
    }
}
