import ArgumentParser
import EventLog
import InternalControl
import Projections
import Reports

extension ReportRenderer.Format: ExpressibleByArgument {}

/// The report's formats on the command line: the renderer's, and PDF printed from the HTML by headless Chromium.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html, json, pdf
}

struct ReportCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a plan's follow-up report for the committee, as known at a chosen moment.",
        discussion: """
            ik report --plan SN-2024 --as-of 2025-02-11 --format html --out rapport.html
            Swedish by default (--lang en for English). The period defaults to that of the plan's latest submitted \
            report, else the plan's year. The report is folded from the log itself, not from any cache: every payload it \
            reads is checked against its digest and the Merkle root is recomputed from the events read. The footer says \
            so and names the knowledge point, tree size and root: the same store, plan and --as-of give the same bytes.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var query: QueryOptions

    @Option(help: ArgumentHelp("The plan to report on.", valueName: "id"))
    var plan: String

    @Option(help: "Language: sv (default) or en.")
    var lang: Language = .sv

    @Option(help: "Format: md, html, json, or pdf (printed from the HTML by headless Chromium; needs --out).")
    var format: ReportFormat = .md

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @Flag(help: "Replace the --out file if it exists (a link there is replaced itself, never its target).")
    var force = false

    @Option(help: "Decimals of percentages (0–2).")
    var decimals: Int = 0

    @Option(help: "Percentages: half-up (default) or truncate (cut, as some committees write them).")
    var rounding: Rounding = .halfUp

    @Option(help: "The trend within a year: half, tertial, quarter or month (default: the plan's reporting rhythm).")
    var bucket: Bucket?

    @Option(name: .customLong("leader-key"), help: ArgumentHelp(
        "The log's checkpoint public key (the FILE.pub of ik serve --checkpoint-key): with --witness-key, the footer "
            + "names a witnessed head only when its signature and a majority of those witnesses' cosignatures verify.",
        valueName: "file"))
    var leaderKey: String?

    @Option(name: .customLong("witness-key"), help: ArgumentHelp(
        "A witness's verifier key (ik keygen --witness's FILE.pub), with --leader-key; without them a witnessed head "
            + "kept in the store is reported as unchecked, naming no witness.", valueName: "file"))
    var witnessKeys: [String] = []

    func validate() throws {
        if (leaderKey == nil) != witnessKeys.isEmpty {
            throw ValidationError("--leader-key and --witness-key go together: a cosignature is checked with both.")
        }
        guard (0...2).contains(decimals) else { throw ValidationError("--decimals is 0, 1 or 2.") }
        if format == .pdf && (out == nil || out == "-") { throw ValidationError("--format pdf writes a file: give --out FILE.pdf.") }
    }

    func execute() throws {
        let store = try storeOptions.openForReading()
        let text = try Self.render(store: store, plan: plan, query: query, language: lang,
                                   format: ReportRenderer.Format(rawValue: format.rawValue) ?? .html, decimals: decimals,
                                   rounding: rounding, bucket: bucket,
                                   witnessTrust: try Self.witnessTrust(leaderKey: leaderKey, witnessKeys: witnessKeys))
        let output = try Output.to(out, replacing: force)
        if format == .pdf {
            do {
                try output.write(bytes: try PDFPrinter.pdf(of: text))
            } catch let failure as PDFPrinter.Failure {
                if case .noBrowser = failure { throw CommandFailure(.storageUnusable, failure.description) }
                throw CommandFailure(.failure, failure.description)
            }
        } else {
            try output.write(text)
        }
        try output.finish()
        if let out, out != "-" { Output.standardError("wrote the report of \(plan) to \(out)\n") }
    }

    static func render(store: EventStore, plan: String, query: QueryOptions, language: Language,
                       format: ReportRenderer.Format, decimals: Int, rounding: Rounding = .halfUp,
                       bucket: Bucket? = nil, witnessTrust: WitnessTrust? = nil) throws -> String {
        do {
            return try ReportQuery.render(store: store, plan: plan, scope: query.scope, language: language, format: format,
                                          decimals: decimals, rounding: rounding, bucket: bucket, witnessTrust: witnessTrust)
        } catch let failure as ReportQuery.Failure {
            switch failure {
            case .noPlan(let plan, let seq, _):
                throw CommandFailure(.badInput, "no plan \(plan) in \(store.path) as known at seq \(seq)\n\(failure.advice)")
            case .unchecked: throw CommandFailure(.failure, failure.description)
            }
        }
    }

    /// The reader's keys for witnessed heads (`--leader-key`, `--witness-key`), `nil` without them.
    static func witnessTrust(leaderKey: String?, witnessKeys: [String]) throws -> WitnessTrust? {
        guard let leaderKey else { return nil }
        let witnesses = try witnessKeys.map { path in
            do {
                return try NoteVerifierKey(vkey: String(decoding: try InputFile.read(path), as: UTF8.self))
            } catch let error as NoteError {
                throw CommandFailure(.badInput, "\(path): \(error)\nGive the FILE.pub of ik keygen --witness NAME --out FILE.")
            }
        }
        return WitnessTrust(logKey: String(decoding: try InputFile.read(leaderKey), as: UTF8.self), witnesses: witnesses)
    }
}
