import ArgumentParser
import EventLog
import Projections
import Reports

struct StateCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Per plan and control point: results, latest assessment, deviations, actions, for a period as known at a point.",
        discussion: """
            ik state --period 2024 --as-of 2025-02-11 --lang sv    what was known on 11 February 2025 about 2024
            Figures count what happened in the period; statuses (closed, followed up, overdue) are as known at the
            knowledge point. A year-end result replaces an interim one for the same months.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var query: QueryOptions
    @OptionGroup var options: ProjectionOptions

    @Option(help: "Output: table, json or csv.")
    var format: TableFormat = .table

    func execute() throws {
        let store = try storeOptions.openForReading()
        let view = try LedgerQuery(store: store).state(period: query.periodOrAll, asOf: query.knowledgePoint,
                                                       plans: options.selectedPlans)
        try ProjectionOutput.write(
            format: format, excel: options.excel, table: { StateRendering.text(view, language: options.lang, explain: options.explain, rounding: options.rounding) },
            json: { ProjectionJSON.state(view, rounding: options.rounding) },
            csv: { StateRendering.tabular(view, language: options.lang, explain: true, rounding: options.rounding) })
    }
}

struct PlansCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans",
        abstract: "The plans of the store: id, organisation, year, control points and the latest report.",
        discussion: "ik plans    ik plans --as-of 2025-02-11 --format json")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var query: QueryOptions

    @Option(help: "Labels: sv (default) or en.")
    var lang: Language = .sv

    @Option(help: "Output: table, json or csv.")
    var format: TableFormat = .table

    @Flag(help: "With --format csv: for Excel (byte-order mark, ';', CRLF, numbers as numbers).")
    var excel = false

    func execute() throws {
        let store = try storeOptions.openForReading()
        let view = try LedgerQuery(store: store).state(period: query.periodOrAll, asOf: query.knowledgePoint)
        try ProjectionOutput.write(
            format: format, excel: excel, table: { view.plans.isEmpty ? lang.label("noData") : PlanListing.tabular(view, language: lang).text() },
            json: { PlanListing.json(view) }, csv: { PlanListing.tabular(view, language: lang) })
    }
}

struct TrendCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Figures per control point, area or unit and per year, half, tertial, quarter or month.",
        discussion: "ik trend --control SN-2024-LAK --bucket tertial    ik trend --by unit --period 2024")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var query: QueryOptions
    @OptionGroup var options: ProjectionOptions

    @Option(help: "Bucket: year, half, tertial, quarter or month.")
    var bucket: Bucket = .year

    @Option(name: .customLong("by"), help: "Group by control, area or unit.")
    var grouping: TrendProjection.Grouping = .control

    @Option(help: ArgumentHelp("Only this control point (or area or unit, with --by).", valueName: "id"))
    var control: String?

    @Option(help: "Output: table, json or csv.")
    var format: TableFormat = .table

    func execute() throws {
        let store = try storeOptions.openForReading()
        let view = try LedgerQuery(store: store).trend(dates: query.dates, bucket: bucket, grouping: grouping, only: control,
                                                       asOf: query.knowledgePoint, plans: options.selectedPlans)
        try ProjectionOutput.write(
            format: format, excel: options.excel,
            table: {
                "\(view.dates.lowerBound)..\(view.dates.upperBound), \(options.lang.label("knownAt")) seq \(view.knowledge.seq)\n"
                    + TrendRendering.tabular(view, language: options.lang, explain: options.explain, rounding: options.rounding).text()
            },
            json: { ProjectionJSON.trend(view, rounding: options.rounding) },
            csv: { TrendRendering.tabular(view, language: options.lang, explain: true, rounding: options.rounding) })
    }
}

struct DiffCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What a later knowledge point adds or changes compared with an earlier one, for a period.",
        discussion: "ik diff --period 2024 --as-of 2024-12-31 --against 2025-02-11    new events, corrections (old → new), changed figures")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var query: QueryOptions
    @OptionGroup var options: ProjectionOptions

    @Option(help: ArgumentHelp("The later knowledge point, written as --as-of is. Default: now.",
                               valueName: "date|instant|seq:N"))
    var against: KnowledgePoint?

    @Option(help: "Output: table, json or csv (the changed figures).")
    var format: TableFormat = .table

    func execute() throws {
        let store = try storeOptions.openForReading()
        let later = against ?? .now
        let view = try LedgerQuery(store: store).diff(period: query.periodOrAll, old: query.knowledgePoint, new: later,
                                                      plans: options.selectedPlans)
        try ProjectionOutput.write(
            format: format, excel: options.excel, table: { TrendRendering.diffText(view, language: options.lang) },
            json: { ProjectionJSON.diff(view) }, csv: { TrendRendering.diffTabular(view, language: options.lang) })
    }
}

struct SnapshotCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Bring the projection records up to the head of the log (every append writes its own).",
        discussion: "--rebuild drops them and builds them again from the first event. ik verify checks every one.")

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Drop the projection records (and snapshots of earlier releases) and rebuild them from the first event.")
    var rebuild = false

    func execute() throws {
        let store = try storeOptions.openForWriting()
        if rebuild {
            let removed = try store.removeSnapshots(withPrefix: FoldUpkeep.legacySnapshotPrefix)
            if removed > 0 { print("removed \(removed) snapshot entries of an earlier release") }
        }
        let seq = try FoldUpkeep.update(store, rebuild: rebuild)
        print("projection records \(rebuild ? "rebuilt " : "")up to seq \(seq)")
    }
}
