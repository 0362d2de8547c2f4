import ArgumentParser
import EventLog
import Foundation
import InternalControl
import Projections

struct AppendCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append event drafts from files or standard input, all or nothing.",
        discussion: """
            Input: one JSON object, a JSON array of objects, or JSON Lines (one object per line). A draft:
              {"type": "DeviationRecorded", "actor": "mas", "idempotencyKey": "dev-2024-017",
               "payload": {"deviationId": "D-2024-017", "controlId": "SN-2024-LAK", "observedOn": "2024-10-15",
                           "severity": "minor", "count": 2, "description": "Saldo stämmer inte."}}
            The stream and the effective date follow from the payload (here deviation-D-2024-017, 2024-10-15).
            Optional: "effectiveAt" (for types without a date; default today), "expectedVersion" (the stream's
            version before this event; 0 = new stream), "actor" (default $IK_ACTOR, else $USER).
            The event types and their fields: Schemas/ and `ik record TYPE --help`.
            Every problem of every draft is listed; if there is any, nothing is appended (exit status 65).
            A draft whose idempotencyKey was appended before returns the original seq and writes nothing.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("Files of drafts; - reads standard input.", valueName: "file"))
    var files: [String]

    @Flag(help: "Check the drafts against the store and report, without writing anything.")
    var dryRun = false

    @Option(help: "Output: text or json.")
    var format: TextOrJSON = .text

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one file of drafts, or - for standard input.") }
    }

    func execute() throws {
        // Every input is read (standard input to its end) before the store is opened for writing.
        let inputs = try DraftInputs.prepare(files)
        let store = try storeOptions.openForWriting()
        let rules = AppendRules(clock: try Clock.fromEnvironment())
        let outcome = try DraftSubmission.append(inputs, to: store, rules: rules, dryRun: dryRun)
        try AppendReport.print(outcome, format: format, dryRun: dryRun)
        if !dryRun { SnapshotUpkeep.afterAppend(store) }
    }
}

/// Who is recorded as the actor when a draft names none.
enum Actor {
    static var `default`: String {
        let environment = ProcessInfo.processInfo.environment
        for key in ["IK_ACTOR", "USER", "LOGNAME"] {
            if let value = environment[key], !value.isEmpty { return value }
        }
        return "unknown"
    }

    /// The command line's actor policy: the name given, and the system user who ran ik in every envelope (`via`).
    static var commandLine: ActorPolicy { .commandLine(claimed: Actor.default, systemUser: EventVia.systemUser) }
}

/// Reading small files (keys, checkpoints) with the exit statuses of DESIGN.md.
enum InputFile {
    static func read(_ path: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure(.inputMissing, "no such file: \(path)\nCheck the path.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(.inputMissing, "cannot read \(path)\nCheck that it is a file you may read.")
        }
        return Array(data)
    }
}

/// Output formats of commands that print a report rather than a table.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
