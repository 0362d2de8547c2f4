import ArgumentParser
import EventLog
import Foundation
import InternalControl
import Projections

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
        if eventType.isAboutAnotherEvent { payload = try resolvingTarget(payload, in: store) }
        if !overrides.isEmpty { payload = try corrected(payload, in: store) }
        var draft: [String: JSONValue] = ["type": .string(eventType.rawValue), "payload": payload]
        if let effectiveAt { draft["effectiveAt"] = .string(effectiveAt) }
        if let actor { draft["actor"] = .string(actor) }
        if let idempotencyKey { draft["idempotencyKey"] = .string(idempotencyKey) }
        let located = LocatedDraft(source: "ik record", line: 1, position: 1, value: .success(.object(draft)))
        let rules = AppendRules(clock: try Clock.fromEnvironment())
        let outcome = try DraftSubmission.append([located], to: store, rules: rules, dryRun: dryRun)
        try AppendReport.print(outcome, format: .text, dryRun: dryRun)
        if !dryRun {
            SnapshotUpkeep.afterAppend(store)
            warnAboutDeviations(eventType, payload, store: store)
        }
    }

    /// A recorded or corrected result whose deviating count disagrees with the deviations recorded for the same
    /// control point and dates: a note on standard error, the event stands.
    func warnAboutDeviations(_ type: EventType, _ payload: JSONValue, store: EventStore) {
        let result: JSONValue?
        switch type {
        case .controlPerformed: result = payload
        case .eventCorrected where payload["targetType"]?.stringValue == EventType.controlPerformed.rawValue:
            result = payload["payload"]
        default: result = nil
        }
        guard let result, case .controlPerformed(let performance)? = try? DomainEvent(.controlPerformed, payload: result),
            let mismatch = try? LedgerQuery(store: store).deviationMismatch(controlId: performance.controlId,
                                                                            dates: performance.covers)
        else { return }
        Output.standardError("ik: note: \(mismatch)\n")
    }

    /// The payload with its `targetId` — an event id, `seq:N` or a business id (``TargetReference``) — as the event
    /// id it names, which is what the log records.
    func resolvingTarget(_ payload: JSONValue, in store: EventStore) throws -> JSONValue {
        guard var members = payload.objectValue, let reference = members["targetId"]?.stringValue else { return payload }
        switch try store.read({ try TargetReference.resolve(reference, in: $0) }) {
        case .success(let target):
            members["targetId"] = .string(target.id)
            return .object(members)
        case .failure(let problem):
            throw CommandFailure(.badInput, "--target \(problem)")
        }
    }

    /// A correction's payload: the target's current payload with `--set` applied, typed by the target's fields.
    func corrected(_ payload: JSONValue, in store: EventStore) throws -> JSONValue {
        guard var members = payload.objectValue, let target = members["targetId"]?.stringValue else {
            throw CommandFailure(.badInput, "--set needs --target ID\nName the event to correct.")
        }
        let found = try store.read { view in try CurrentPayload.of(target, in: view) }
        guard let (typeName, current) = found, let targetType = EventType(rawValue: typeName),
            var replacement = current?.objectValue
        else {
            throw CommandFailure(.badInput, "--target \(target): no such event, or its payload is redacted")
        }
        for override in overrides {
            guard let equals = override.firstIndex(of: "=") else {
                throw CommandFailure(.badInput, "--set \(override): write FIELD=VALUE")
            }
            // The names the flags use (followed-up-on, period-from) or the payload's (followedUpOn).
            let name = String(override[..<equals])
            let flags = RecordFlags(type: targetType)
            guard let (flag, field, parent) = flags.lookup(name) ?? flags.flags.first(where: { $0.parent == nil && $0.field.name == name })
            else {
                throw CommandFailure(.usage, "--set \(name): \(typeName) has no field \(name)\nIts fields: "
                    + flags.flags.map(\.flag).joined(separator: ", "))
            }
            let value = try RecordFlags.value(String(override[override.index(after: equals)...]), for: field, flag: "set \(flag)")
            if let parent {
                var object = replacement[parent.name]?.objectValue ?? [:]
                object[field.name] = value
                replacement[parent.name] = .object(object)
            } else {
                replacement[field.name] = value
            }
        }
        members["payload"] = .object(replacement)
        members["targetType"] = .string(typeName)
        return .object(members)
    }
}
