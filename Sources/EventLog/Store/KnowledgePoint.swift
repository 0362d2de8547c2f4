/// Which state of knowledge a query asks about: everything recorded up to a seq, an instant or the end of a
/// day in Stockholm, or now.
public enum KnowledgePoint: Sendable, Hashable, CustomStringConvertible {
    case now
    case seq(UInt64)
    case instant(Instant)
    /// All that was recorded by the end of this day, Europe/Stockholm.
    case endOfDay(CalendarDate)

    /// Parses a knowledge point as every command writes one: `YYYY-MM-DD` (the end of that day in Stockholm), an
    /// RFC 3339 instant, or `seq:N` (the first N events); `nil` otherwise.
    public init?(asOf text: String) {
        if text.hasPrefix("seq:"), let seq = UInt64(text.dropFirst(4)) {
            self = .seq(seq)
        } else if let date = CalendarDate(text) {
            self = .endOfDay(date)
        } else if let instant = Instant(rfc3339: text) {
            self = .instant(instant)
        } else {
            return nil
        }
    }

    /// The highest seq this knowledge point includes, in `view`.
    public func resolve(in view: LogView) throws -> UInt64 {
        switch self {
        case .now: return try view.size
        case .seq(let seq): return min(seq, try view.size)
        case .instant(let instant): return try view.seq(recordedAtOrBefore: instant)
        case .endOfDay(let date):
            let next = Stockholm.startOfDay(date.adding(days: 1))
            return try view.seq(recordedAtOrBefore: Instant(microsecondsSinceEpoch: next.microseconds - 1))
        }
    }

    public var description: String {
        switch self {
        case .now: "now"
        case .seq(let seq): "seq \(seq)"
        case .instant(let instant): instant.description
        case .endOfDay(let date): "end of \(date)"
        }
    }
}
