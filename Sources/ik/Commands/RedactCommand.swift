import ArgumentParser
import EventLog
import Foundation
import InternalControl
import Projections

struct RedactCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Remove an event's payload for gallring or sekretess, keeping the log provable.",
        discussion: """
            Appends PayloadRedacted and removes the target's payload bytes in the same transaction; the envelope and \
            its payloadDigest stay, so verify still proves the whole tree and lists what is redacted. Projection \
            snapshots are rebuilt, and the store's free pages are overwritten so no copy of the bytes stays in the file.
            ik redact --target EVENT-ID --reason "Uppgiften omfattas av sekretess" --legal-basis "OSL 26 kap. 1 §"
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The id of the event whose payload goes (ik log --format json shows ids).", valueName: "id"))
    var target: String

    @Option(help: "Why, for the record.")
    var reason: String

    @Option(name: .customLong("legal-basis"), help: "The provision it rests on, e.g. \"OSL 26 kap. 1 §\".")
    var legalBasis: String?

    func execute() throws {
        let store = try storeOptions.openForWriting()
        let rules = AppendRules(clock: try Clock.fromEnvironment())
        var payload: [String: JSONValue] = ["targetId": .string(target), "reason": .string(reason)]
        if let legalBasis { payload["legalBasis"] = .string(legalBasis) }
        // Name the target's plan: once its payload is gone, nothing else tells which plan the fact belongs to.
        let plan = try store.read { view -> String? in
            guard let seq = try view.seq(forEventID: target), let envelope = try view.envelope(at: seq) else { return nil }
            var router = StreamRouter { try view.firstLedgerEvent(ofStream: $0) }
            let plan = try router.route(stream: envelope.stream)
            return plan.isEmpty ? nil : plan
        }
        if let plan { payload["planId"] = .string(plan) }
        let value = JSONValue.object(["type": .string(EventType.payloadRedacted.rawValue), "payload": .object(payload)])
        let draft: EventDraft
        switch rules.decoder(defaultActor: Actor.default, store: store).decode(value, index: 0) {
        case .success(let decoded): draft = decoded
        case .failure(let failure): throw DraftBatch.failure(failure.problems, located: [Self.location])
        }
        guard let seq = try store.read({ try $0.seq(forEventID: target) }) else {
            throw CommandFailure(.badInput, "no event with id \(target)\nik log --format json shows the ids.")
        }
        let outcome: RedactionOutcome
        do {
            outcome = try store.redact(seq: seq, with: draft, clock: rules.clock, check: rules.draftCheck,
                                       snapshotPrefix: "ledger.")
        } catch StoreError.rejected(let problems) {
            throw DraftBatch.failure(problems, located: [Self.location])
        }
        print("redacted the payload of seq \(seq) (recorded as seq \(outcome.append.events.first?.seq ?? 0)); "
            + "\(outcome.scrubbedPages) free pages overwritten")
        print("tree size \(outcome.append.treeSize), root \(outcome.append.root.hex); ik verify lists the redaction")
        SnapshotUpkeep.afterAppend(store, force: true)
    }

    static let location = LocatedDraft(source: "ik redact", line: 1, position: 1, value: .success(.null))
}
