import EventLog
import InternalControl

/// The facts of one plan as the log knows them at a seq: each fact with its versions (the recording event and
/// its corrections), retractions and redactions applied. A pure fold of the plan's records in seq order.
public struct PlanFold: Sendable {
    /// One fact: the event that recorded it and what happened to it since.
    public struct Fact: Sendable {
        public let seq: UInt64
        public let type: EventType
        public let thing: UInt64
        public let effective: CalendarDate
        /// The recording event's seq and values, then each correction's, in order; values `nil` where redacted.
        public var versions: [(seq: UInt64, values: FactValues?)]
        public var retractedAt: UInt64?

        /// The values that count now, or `nil` when retracted or redacted.
        public var current: FactValues? { retractedAt == nil ? versions.last?.values : nil }
        /// The seq whose payload holds the current texts: the latest correction's, else the recording event's.
        public var textSeq: UInt64 { versions.last?.seq ?? seq }
        /// The seqs the current values come from.
        public var sources: [UInt64] { versions.map(\.seq) }
        /// Whether the current version's payload is gone.
        public var isRedacted: Bool { retractedAt == nil && versions.last?.values == nil }
    }

    /// The plan's number (the seq of its first event; 0 for things that belong to no plan).
    public let plan: UInt64
    /// Facts in the order they were recorded.
    public private(set) var facts: [Fact] = []
    /// A correction's seq → the index of the fact it corrects (corrections are few).
    private var corrections: [UInt64: Int] = [:]
    /// The last seq folded in.
    public private(set) var seq: UInt64 = 0

    public init(plan: UInt64) { self.plan = plan }

    /// Folds in the record of `seq`; records come in seq order.
    public mutating func apply(_ record: FoldRecord, at seq: UInt64) {
        self.seq = max(self.seq, seq)
        guard let type = record.type else { return }
        switch type {
        case .eventCorrected:
            guard let i = index(of: record.target) else { return }
            facts[i].versions.append((seq, record.values))
            corrections[seq] = i
        case .eventRetracted:
            if let i = index(of: record.target) {
                facts[i].retractedAt = seq
            } else if let i = corrections[record.target] {
                facts[i].versions.removeAll { $0.seq == record.target }
            }
        case .payloadRedacted:
            guard let i = index(of: record.target) ?? corrections[record.target] else { return }
            for v in facts[i].versions.indices where facts[i].versions[v].seq == record.target {
                facts[i].versions[v].values = nil
            }
        default:
            facts.append(Fact(seq: seq, type: type, thing: record.thing, effective: record.effective,
                              versions: [(seq, record.values)], retractedAt: nil))
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

    /// The facts still standing, in seq order.
    public var standing: [Fact] { facts.filter { $0.retractedAt == nil } }

    /// Whether the plan has any fact at all.
    public var isEmpty: Bool { facts.isEmpty }
}
