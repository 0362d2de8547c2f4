import ArgumentParser
import EventLog

/// The period (effective time) and knowledge point (recorded time) every read command takes.
struct QueryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Effective period: 2024, 2024-H1, 2024-T2, 2024-Q3, 2024-05 or a date.",
                               valueName: "period"))
    var period: String?

    @Option(help: ArgumentHelp("First effective date (YYYY-MM-DD).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last effective date (YYYY-MM-DD).", valueName: "date"))
    var to: String?

    @Option(name: .customLong("as-of"),
            help: ArgumentHelp("Knowledge point: what was recorded by the end of this date (Stockholm) or "
                               + "by this RFC 3339 instant. Default: now.", valueName: "date|instant"))
    var asOf: String?

    @Option(name: .customLong("as-of-seq"), help: ArgumentHelp("Knowledge point: the first N events.", valueName: "N"))
    var asOfSeq: UInt64?

    func validate() throws {
        if period != nil && (from != nil || to != nil) {
            throw ValidationError("Give --period or --from/--to, not both.")
        }
        if asOf != nil && asOfSeq != nil { throw ValidationError("Give --as-of or --as-of-seq, not both.") }
        if let period, Period(period) == nil {
            throw ValidationError("--period \(period) is not a period; write 2024, 2024-H1, 2024-T2, 2024-Q3 or 2024-05.")
        }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, CalendarDate(value) == nil {
                throw ValidationError("\(name) \(value) is not a real date written YYYY-MM-DD.")
            }
        }
        if let asOf, KnowledgePoint(asOf: asOf) == nil {
            throw ValidationError("--as-of \(asOf) is neither a date (2025-02-11) nor an instant (2025-02-11T09:30:00Z).")
        }
    }

    /// The effective dates asked for, or `nil` for all.
    var dates: ClosedRange<CalendarDate>? {
        if let period { return Period(period)?.dates }
        if from == nil && to == nil { return nil }
        let first = from.flatMap(CalendarDate.init) ?? CalendarDate(year: 1, month: 1, day: 1)!
        let last = to.flatMap(CalendarDate.init) ?? CalendarDate(year: 9999, month: 12, day: 31)!
        return first <= last ? first...last : last...first
    }

    /// The knowledge point asked for.
    var knowledgePoint: KnowledgePoint {
        if let asOfSeq { return .seq(asOfSeq) }
        if let asOf, let point = KnowledgePoint(asOf: asOf) { return point }
        return .now
    }
}
