import ArgumentParser
import EventLog
import Projections

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
        do {
            _ = try QueryScope(period: period, from: from, to: to, asOf: asOf, asOfSeq: asOfSeq)
        } catch {
            throw ValidationError(error.description.prefix(1).uppercased() + error.description.dropFirst()
                .replacingOccurrences(of: "a period or from/to", with: "--period or --from/--to")
                .replacingOccurrences(of: "as-of or as-of-seq", with: "--as-of or --as-of-seq") + ".")
        }
    }

    /// The options as the library's ``QueryScope``, which the server's query parameters also become: one set of
    /// rules (``validate()`` has refused conflicting options).
    var scope: QueryScope {
        (try? QueryScope(period: period, from: from, to: to, asOf: asOf, asOfSeq: asOfSeq)) ?? .everything
    }

    /// Whether a period was asked for.
    var hasPeriod: Bool { scope.hasPeriod }

    /// The effective dates asked for, or `nil` for all.
    var dates: ClosedRange<CalendarDate>? { scope.dates }

    /// The knowledge point asked for.
    var knowledgePoint: KnowledgePoint { scope.knowledgePoint }

    /// The period asked for, or all time.
    var periodOrAll: Period { scope.periodOrAll }
}
