import ArgumentParser
import EventLog
import Projections
import Reports

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
