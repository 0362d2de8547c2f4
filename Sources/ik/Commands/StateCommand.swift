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
