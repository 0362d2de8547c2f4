import ArgumentParser
import EventLog
import Projections
import Reports

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
