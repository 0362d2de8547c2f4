import ArgumentParser
import EventLog
import Projections
import Reports

struct LogCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List the events of a period as known at a point.",
        discussion: """
            Examples:
              ik log --period 2024 --as-of 2025-02-11      what was known on 11 February 2025 about 2024
              ik log --stream control-SN-2024-LAK --format json
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var query: QueryOptions

    @Option(help: "Only the events of this stream.")
    var stream: String?

    @Option(help: "Only events of this type.")
    var type: String?

    @Option(help: "Output: table, json or jsonl (the export line format).")
    var format: LogFormat = .table

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, jsonl
    }

    func execute() throws {
        let store = try storeOptions.openForReading()
        let out = Output()
        try store.readOnce { view in
            let selection = try LogSelection(scope: query.scope, stream: stream, type: type, view: view)
            switch format {
            case .jsonl:
                try selection.forEach { event in try out.write(bytes: event.exportLine + [0x0A]) }
            case .json:
                var values: [JSONValue] = []
                try selection.forEach { event in
                    values.append(["envelope": event.envelope.json, "payload": event.payload ?? .null])
                }
                try out.line(JSONValue.array(values).prettyPrinted())
            case .table:
                var table = TextTable(
                    headers: ["seq", "recorded (UTC)", "effective", "type", "stream", "v", "actor"],
                    rightAligned: [0, 5])
                try selection.forEach { event in
                    let e = event.envelope
                    table.rows.append([
                        String(e.seq), e.recordedAt.description, e.effectiveAt.description,
                        e.type + (event.payload == nil ? " (redacted)" : ""), e.stream, String(e.streamVersion), e.actor,
                    ])
                }
                if !table.rows.isEmpty { try out.line(table.render()) }
                try out.line("\(table.rows.count) event\(table.rows.count == 1 ? "" : "s")"
                    + selection.summary)
            }
        }
        try out.finish()
    }
}
