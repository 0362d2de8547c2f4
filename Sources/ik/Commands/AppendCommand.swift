import ArgumentParser
import EventLog
import Foundation

struct AppendCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append event drafts from files or standard input, all or nothing.",
        discussion: """
            Input: one JSON object, a JSON array of objects, or JSON Lines (one object per line). A draft:
              {"type": "DeviationRecorded", "effectiveAt": "2024-10-15", "actor": "mas",
               "idempotencyKey": "dev-2024-017", "payload": {…}}
            Optional: "stream", "expectedVersion" (the stream's version before this event; 0 = new stream),
            "schemaVersion" (default 1). "actor" defaults to $IK_ACTOR, else $USER.
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
        var located: [LocatedDraft] = []
        for file in files { located += DraftReader.read(try InputFile.read(file), source: file) }
        let decoder = DraftDecoder(defaultActor: Actor.default)
        let drafts = try DraftBatch.decode(located, with: decoder)
        let store = try storeOptions.openForWriting()
        let clock = try Clock.fromEnvironment()
        let outcome: AppendOutcome
        do {
            outcome = try DraftBatch.append(drafts, to: store, clock: clock, dryRun: dryRun)
        } catch StoreError.rejected(let problems) {
            throw DraftBatch.failure(problems, located: located)
        }
        try AppendReport.print(outcome, format: format, dryRun: dryRun)
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
}

/// Reading input files with the exit statuses of DESIGN.md.
enum InputFile {
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure(.inputMissing, "no such file: \(path)\nCheck the path, or use - for standard input.")
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
