import ArgumentParser
import EventLog
import Foundation
import InternalControl

struct SchemasCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemas",
        abstract: "Write the JSON Schemas (2020-12) of the envelope, the draft and every event type.",
        discussion: "They are generated from the same field descriptions the validator uses; Schemas/ holds them.")

    @Option(help: ArgumentHelp("The directory to write into.", valueName: "dir"))
    var out: String = "Schemas"

    @Flag(help: "Replace schema files that exist already.")
    var force = false

    func execute() throws {
        try OutputLocation.refuseInsideStore(path: out, directory: out)
        for (path, schema) in JSONSchemaWriter.all() {
            let file = (out as NSString).appendingPathComponent(path)
            try FileManager.default.createDirectory(
                atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let output = try Output(file: file, mode: 0o644, replacing: force)
            try output.line(schema.prettyPrinted())
            try output.finish()
        }
        print("wrote \(JSONSchemaWriter.all().count) schemas to \(out)")
    }
}
