import ArgumentParser
import EventLog

/// The period (effective time) and knowledge point (recorded time) every read command takes.
struct QueryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Effective period: 2024, 2024-H1, 2024-T2, 2024-Q3, 2024-05 or a date.",
                               valueName: "period"))
    var period: Period?

    @Option(help: ArgumentHelp("First effective date (YYYY-MM-DD).", valueName: "date"))
    var from: CalendarDate?

    @Option(help: ArgumentHelp("Last effective date (YYYY-MM-DD).", valueName: "date"))
    var to: CalendarDate?

    @Option(name: .customLong("as-of"),
            help: ArgumentHelp("Knowledge point: what was recorded by the end of this date (Stockholm), by this RFC "
                               + "3339 instant, or in the first N events (seq:N). Default: now.",
                               valueName: "date|instant|seq:N"))
    var asOf: KnowledgePoint?

    @Option(name: .customLong("as-of-seq"), help: ArgumentHelp("Knowledge point: the first N events.", valueName: "N"))
    var asOfSeq: UInt64?

    func validate() throws {
        if period != nil && (from != nil || to != nil) {
            throw ValidationError("Give --period or --from/--to, not both.")
        }
        if asOf != nil && asOfSeq != nil { throw ValidationError("Give --as-of or --as-of-seq, not both.") }
    }

    /// Whether a period was asked for.
    var hasPeriod: Bool { period != nil || from != nil || to != nil }

    /// The effective dates asked for, or `nil` for all.
    var dates: ClosedRange<CalendarDate>? {
        if let period { return period.dates }
        if from == nil && to == nil { return nil }
        let first = from ?? CalendarDate(year: 1, month: 1, day: 1)!
        let last = to ?? CalendarDate(year: 9999, month: 12, day: 31)!
        return first <= last ? first...last : last...first
    }

    /// The knowledge point asked for.
    var knowledgePoint: KnowledgePoint {
        if let asOfSeq { return .seq(asOfSeq) }
        return asOf ?? .now
    }
}
