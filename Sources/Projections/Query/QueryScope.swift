import EventLog

/// What a read asks about: a period on effective time and a knowledge point on recorded time. The command line's
/// options and the server's query parameters both end here, parsed by the same types (``Period``,
/// ``CalendarDate``, ``KnowledgePoint``), so there is one grammar and one set of rules for combining them.
public struct QueryScope: Sendable, Hashable {
    public let period: Period?
    public let from: CalendarDate?
    public let to: CalendarDate?
    /// The knowledge point asked for (default: now).
    public let knowledgePoint: KnowledgePoint

    /// Why a scope cannot be made, named by the option or parameter at fault (without dashes).
    public enum Conflict: Error, Sendable, Hashable, CustomStringConvertible {
        case periodAndDates
        case twoKnowledgePoints

        /// The parameter to name in a message.
        public var parameter: String {
            switch self {
            case .periodAndDates: "period"
            case .twoKnowledgePoints: "asOf"
            }
        }

        public var description: String {
            switch self {
            case .periodAndDates: "give a period or from/to, not both"
            case .twoKnowledgePoints: "give as-of or as-of-seq, not both"
            }
        }
    }

    /// - Throws: ``Conflict`` when both a period and dates, or two knowledge points, are given.
    public init(period: Period? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil, asOf: KnowledgePoint? = nil,
                asOfSeq: UInt64? = nil) throws(Conflict) {
        if period != nil && (from != nil || to != nil) { throw .periodAndDates }
        if asOf != nil && asOfSeq != nil { throw .twoKnowledgePoints }
        self.period = period
        self.from = from
        self.to = to
        knowledgePoint = asOfSeq.map { .seq($0) } ?? asOf ?? .now
    }

    /// All time, as known now.
    public static let everything = QueryScope(knowledgePoint: .now)

    private init(knowledgePoint: KnowledgePoint) {
        period = nil
        from = nil
        to = nil
        self.knowledgePoint = knowledgePoint
    }

    /// Whether a period was asked for.
    public var hasPeriod: Bool { period != nil || from != nil || to != nil }

    /// The effective dates asked for, or `nil` for all.
    public var dates: ClosedRange<CalendarDate>? {
        if let period { return period.dates }
        if from == nil && to == nil { return nil }
        let first = from ?? Self.firstDate
        let last = to ?? Self.lastDate
        return first <= last ? first...last : last...first
    }

    /// The period asked for, or all time.
    public var periodOrAll: Period {
        if let period { return period }
        if let dates { return Period(first: dates.lowerBound, last: dates.upperBound) }
        return Period(first: Self.firstDate, last: Self.lastDate, name: "all")
    }

    static let firstDate = CalendarDate(year: 1, month: 1, day: 1)!
    static let lastDate = CalendarDate(year: 9999, month: 12, day: 31)!
}
