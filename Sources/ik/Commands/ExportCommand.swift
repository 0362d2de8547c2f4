import ArgumentParser
import EventLog

struct ExportCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the log for other tools: one line per event, envelope and payload.",
        discussion: """
            ik export log --format jsonl --out log.jsonl
            Each line is {"envelope": {…}, "payload": {…}} ("payload": null once redacted). The envelope in
            RFC 8785 canonical form is exactly the bytes that were hashed: leaf = SHA-256(0x00 ‖ envelope),
            node = SHA-256(0x01 ‖ left ‖ right), payloadDigest = SHA-256(canonical payload).
            """)

    enum What: String, ExpressibleByArgument, CaseIterable {
        case log
    }

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
        case jsonl, json
    }

    @Argument(help: "What to export: log.")
    var what: What

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var query: QueryOptions

    @Option(help: "Output format: jsonl or json.")
    var format: ExportFormat = .jsonl

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @Option(name: .customLong("after-seq"), help: ArgumentHelp("Only events after seq N (log shipping).", valueName: "N"))
    var afterSeq: UInt64 = 0

    func execute() throws {
        let store = try storeOptions.openForReading()
        let output = try Output.to(out)
        let progress = ProgressLine("exporting")
        var count = 0
        try store.read { view in
            let selection = try LogSelection(query: query, stream: nil, type: nil, afterSeq: afterSeq, view: view)
            if format == .json { try output.write("[") }
            try selection.forEach { event in
                switch format {
                case .jsonl: try output.write(bytes: event.exportLine + [0x0A])
                case .json: try output.write(bytes: (count == 0 ? [0x0A] : [0x2C, 0x0A]) + event.exportLine)
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
}
