import ArgumentParser
import EventLog
import Foundation
import InternalControl

struct RecordCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Append one event from flags, for people at a terminal.",
        discussion: """
            ik record deviation --control SN-2024-LAK --deviation D-2024-017 --observed-on 2024-10-15 \\
                --unit Hemsjukvård --severity minor --count 2 --description "Saldo stämmer inte."
            Types: \(EventType.allCases.map(\.recordName).joined(separator: ", ")) (or the type names).
            `ik record TYPE --help` lists the fields of that type.
            """,
        // --help is read by the command itself: after a type it lists that type's fields.
        helpNames: [])

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("effective-at"), help: "Effective date, for types without a date of their own.")
    var effectiveAt: String?

    @Option(help: "Who records it (default $IK_ACTOR, else $USER).")
    var actor: String?

    @Option(name: .customLong("idempotency-key"), help: "A key that makes a retry harmless.")
    var idempotencyKey: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("For corrections: FIELD=VALUE over the target's payload.",
                                                        valueName: "field=value"))
    var overrides: [String] = []

    @Flag(help: "Check and report without writing.")
    var dryRun = false

    @Argument(parsing: .allUnrecognized,
              help: ArgumentHelp("The event type (deviation, control-performed, follow-up, … or a type name), then its "
                                 + "fields as --name value.", valueName: "type> <fields"))
    var words: [String] = []

    func execute() throws {
        let describe = words.contains("--help") || words.contains("-h")
        let rest = words.filter { $0 != "--help" && $0 != "-h" }
        guard let type = rest.first, !type.hasPrefix("-") else {
            if describe { return print(IK.helpMessage(for: Self.self)) }
            throw CommandFailure(.usage, "name the event type first: ik record TYPE --field value …\nThe types: "
                + EventType.allCases.map(\.recordName).joined(separator: ", ") + ".")
        }
        let fields = Array(rest.dropFirst())
        guard let eventType = EventType(named: type) else {
            throw CommandFailure(.badInput, "unknown event type \(type)\nThe types: "
                + EventType.allCases.map(\.recordName).joined(separator: ", ") + ".")
        }
        let flags = RecordFlags(type: eventType)
        if describe {
            print(flags.help)
            return
        }
        let store = try storeOptions.openForWriting()
        var payload = try flags.payload(from: fields)
        if !overrides.isEmpty { payload = try corrected(payload, in: store) }
        var draft: [String: JSONValue] = ["type": .string(eventType.rawValue), "payload": payload]
        if let effectiveAt { draft["effectiveAt"] = .string(effectiveAt) }
        if let actor { draft["actor"] = .string(actor) }
        if let idempotencyKey { draft["idempotencyKey"] = .string(idempotencyKey) }
        let located = LocatedDraft(source: "ik record", line: 1, position: 1, value: .success(.object(draft)))
        let rules = AppendRules(clock: try Clock.fromEnvironment())
        let outcome = try DraftSubmission.append([located], to: store, rules: rules, dryRun: dryRun)
        try AppendReport.print(outcome, format: .text, dryRun: dryRun)
        if !dryRun { SnapshotUpkeep.afterAppend(store) }
    }

    /// A correction's payload: the target's current payload with `--set` applied, typed by the target's fields.
    func corrected(_ payload: JSONValue, in store: EventStore) throws -> JSONValue {
        guard var members = payload.objectValue, let target = members["targetId"]?.stringValue else {
            throw CommandFailure(.badInput, "--set needs --target ID\nName the event to correct.")
        }
        let found = try store.read { view -> (String, JSONValue?)? in
            guard let seq = try view.seq(forEventID: target), let event = try view.event(at: seq) else { return nil }
            let corrections = try view.seqs(inStream: event.envelope.stream).compactMap { try view.event(at: $0) }
                .filter { $0.envelope.type == EventType.eventCorrected.rawValue && $0.payload?["targetId"]?.stringValue == target }
            return (event.envelope.type, corrections.last?.payload?["payload"] ?? event.payload)
        }
        guard let (typeName, current) = found, let targetType = EventType(rawValue: typeName),
            var replacement = current?.objectValue
        else {
            throw CommandFailure(.badInput, "--target \(target): no such event, or its payload is redacted")
        }
        for override in overrides {
            guard let equals = override.firstIndex(of: "=") else {
                throw CommandFailure(.badInput, "--set \(override): write FIELD=VALUE")
            }
            let name = String(override[..<equals])
            guard let field = targetType.fields.first(where: { $0.name == name }) else {
                throw CommandFailure(.badInput, "--set \(name): \(typeName) has no field \(name)\nIts fields: "
                    + targetType.fields.map(\.name).joined(separator: ", "))
            }
            replacement[name] = try RecordFlags.value(String(override[override.index(after: equals)...]), for: field,
                                                      flag: "set \(name)")
        }
        members["payload"] = .object(replacement)
        members["targetType"] = .string(typeName)
        return .object(members)
    }
}
