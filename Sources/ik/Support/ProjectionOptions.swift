import ArgumentParser
import EventLog
import Projections
import Reports

/// Options of the projection commands: which plans, language, output format, explanations.
struct ProjectionOptions: ParsableArguments {
    @Option(name: .customLong("plan"), help: ArgumentHelp("Only this plan (repeatable).", valueName: "id"))
    var plans: [String] = []

    @Option(help: "Labels: sv (default) or en.")
    var lang: Language = .standard

    @Flag(help: "List the seqs of the events behind every figure.")
    var explain = false

    @Option(help: "Percentages: half-up (default) or truncate (cut, as some committees write them).")
    var rounding: Rounding = .halfUp

    @Flag(help: "With --format csv: for Excel (byte-order mark, ';', CRLF, numbers as numbers with decimal comma).")
    var excel = false

    var selectedPlans: [String]? { plans.isEmpty ? nil : plans }
}

extension Language: ExpressibleByArgument {}
extension Bucket: ExpressibleByArgument {}
extension Rounding: ExpressibleByArgument {}
extension TrendProjection.Grouping: ExpressibleByArgument {}

/// Table for people, JSON for programs, CSV for spreadsheets.
enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Writes a projection in the chosen format.
enum ProjectionOutput {
    static func write(format: TableFormat, out: String? = nil, excel: Bool = false, table: () -> String,
                      json: () -> JSONValue, csv: () throws -> Tabular) throws {
        let output = try Output.to(out)
        switch format {
        case .table: try output.line(table())
        case .json: try output.line(json().prettyPrinted())
        case .csv: try output.write(bytes: Array(try csv().csv(excel: excel)))
        }
        try output.finish()
    }
}

/// Keeps the projection caches in step with the log; a failure here never undoes a write (queries then fold
/// from the log, with the same answers).
enum SnapshotUpkeep {
    static func afterAppend(_ store: EventStore) { update(store) }

    static func update(_ store: EventStore) {
        do {
            try FoldUpkeep.update(store)
        } catch {
            Output.standardError("ik: the projection records were not brought up to date: \(error)\n"
                + "  Queries still work (they fold from the log); run `ik snapshot` to retry.\n")
        }
    }
}
