import ArgumentParser
import EventLog
import Projections
import Reports

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
