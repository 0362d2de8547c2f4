import ArgumentParser
import EventLog
import Projections
import Reports

struct ExportCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the log, or a projection for spreadsheets: log, state, trend, deviations, actions.",
        discussion: """
            ik export state --period 2024 --format csv --out state.csv --lang sv
            ik export deviations --plan SN-2024 --period 2024 --format jsonl
            ik export log --format jsonl --out log.jsonl
            Each line is {"envelope": {…}, "payload": {…}, "salt": hex} ("payload": null and no salt once
            redacted). The envelope in RFC 8785 canonical form is exactly the bytes that were hashed:
            leaf = SHA-256(0x00 ‖ envelope), node = SHA-256(0x01 ‖ left ‖ right),
            payloadDigest = SHA-256(salt ‖ canonical payload).
            """)

    enum What: String, ExpressibleByArgument, CaseIterable {
        case log, state, trend, deviations, actions
    }

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
        case jsonl, json, csv
    }

    @Argument(help: "What to export: log, state, trend, deviations or actions.")
    var what: What

    @OptionGroup var projection: ProjectionOptions

    @Option(help: "For trend: year, half, tertial, quarter or month.")
    var bucket: Bucket = .year

    @Option(name: .customLong("by"), help: "For trend: control, area or unit.")
    var grouping: TrendProjection.Grouping = .control

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var query: QueryOptions

    @Option(help: "Output format: jsonl, json or csv (csv for projections).")
    var format: ExportFormat = .jsonl

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @Flag(help: "Replace the --out file if it exists (a link there is replaced itself, never its target).")
    var force = false

    @Option(name: .customLong("after-seq"), help: ArgumentHelp("Only events after seq N (log shipping).", valueName: "N"))
    var afterSeq: UInt64 = 0

    func validate() throws {
        if what == .log && format == .csv { throw ValidationError("The log exports as jsonl or json; csv is for projections.") }
    }

    func execute() throws {
        guard what == .log else { return try exportProjection() }
        let store = try storeOptions.openForReading()
        let output = try Output.to(out, replacing: force)
        let progress = ProgressLine("exporting")
        var count = 0
        try store.readOnce { view in
            let selection = try LogSelection(scope: query.scope, afterSeq: afterSeq, view: view)
            if format == .json { try output.write("[") }
            try selection.forEach { event in
                if format == .json {
                    try output.write(bytes: (count == 0 ? [0x0A] : [0x2C, 0x0A]) + event.exportLine)
                } else {
                    try output.write(bytes: event.exportLine + [0x0A])
                }
                count += 1
                if count % 10_000 == 0 { progress.update(event.envelope.seq, of: selection.knownSeq) }
            }
            if format == .json { try output.write("\n]\n") }
        }
        try output.finish()
        progress.finish()
        if let out, out != "-" { Output.standardError("exported \(count) events to \(out)\n") }
    }

    func exportProjection() throws {
        guard let projection = ProjectionExport.What(rawValue: what.rawValue),
            let exportFormat = ProjectionExport.Format(rawValue: format.rawValue)
        else { return }
        let store = try storeOptions.openForReading()
        let output = try Output.to(out, replacing: force)
        let export = try ProjectionExport.render(
            projection, format: exportFormat, store: store, scope: query.scope, plans: self.projection.selectedPlans,
            language: self.projection.lang, trend: .init(bucket: bucket, grouping: grouping),
            rounding: self.projection.rounding, excel: self.projection.excel)
        try output.write(bytes: export.bytes)
        try output.finish()
        if let out, out != "-" { Output.standardError("exported \(what.rawValue) (\(export.rows) rows) to \(out)\n") }
    }
}
