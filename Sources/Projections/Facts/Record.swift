import EventLog
import InternalControl

/// A fact as the log knows it at a seq: the event that recorded it, its corrections in order, and whether
/// it was retracted or its payload redacted.
public struct Record: Sendable, Hashable {
    public struct Version: Sendable, Hashable {
        public let seq: UInt64
        public let eventId: String
        /// `nil` when the payload of this version has been redacted.
        public let values: FactValues?
    }

    public let seq: UInt64
    public let eventId: String
    public let type: EventType
    /// The stream of the thing the fact is about.
    public let stream: String
    public let effectiveAt: CalendarDate
    public internal(set) var versions: [Version]
    public internal(set) var retractedAt: UInt64?

    /// The values that count now: the latest correction's, else the original's; `nil` once retracted or
    /// when the current version's payload is redacted.
    public var current: FactValues? {
        retractedAt == nil ? versions.last?.values : nil
    }

    /// Whether the current version's payload is gone (gallring).
    public var isRedacted: Bool { retractedAt == nil && versions.last?.values == nil }

    /// The seqs the current values come from: the recording event and every correction.
    public var sources: [UInt64] { versions.map(\.seq) }
}
