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
        var rules = AppendRules(clock: try Clock.fromEnvironment())
        rules.allowsRedaction = true
        guard let seq = try store.read({ try $0.seq(forEventID: target) }) else {
            throw CommandFailure(.badInput, "no event with id \(target)\nik log --format json shows the ids.")
        }
        // A correction carries the whole replacement payload: redacting a fact removes its corrections' too.
        let (targets, plan) = try store.read { view -> ([(UInt64, String)], String?) in
            guard let envelope = try view.envelope(at: seq) else { return ([(seq, target)], nil) }
            var ids: Set<String> = [target]
            var targets = [(seq, target)]
            for later in try view.seqs(inStream: envelope.stream) where later > seq {
                guard let event = try view.envelope(at: later), event.type == EventType.eventCorrected.rawValue,
                    let corrected = try view.payload(at: later)?["targetId"]?.stringValue, ids.contains(corrected)
                else { continue }
                ids.insert(event.id)
                targets.append((later, event.id))
            }
            // Name the plan: once the payload is gone, nothing else tells which plan the fact belongs to.
            return (targets, try LedgerQuery.planId(ofStream: envelope.stream, in: view))
        }
        let decoder = rules.decoder(defaultActor: Actor.default, store: store)
        var drafts: [(seq: UInt64, draft: EventDraft)] = []
        for (index, (targetSeq, id)) in targets.enumerated() {
            var payload: [String: JSONValue] = ["targetId": .string(id), "reason": .string(reason)]
            if let legalBasis { payload["legalBasis"] = .string(legalBasis) }
            if let plan { payload["planId"] = .string(plan) }
            let value = JSONValue.object(["type": .string(EventType.payloadRedacted.rawValue), "payload": .object(payload)])
            switch decoder.decode(value, index: index) {
            case .success(let draft): drafts.append((targetSeq, draft))
            case .failure(let failure): throw DraftBatch.failure(failure.problems, located: [Self.location])
            }
        }
        let outcome: RedactionOutcome
        do {
            outcome = try store.redact(drafts, clock: rules.clock, check: rules.draftCheck, snapshotPrefix: FoldUpkeep.legacySnapshotPrefix)
        } catch StoreError.rejected(let problems) {
            throw DraftBatch.failure(problems, located: [Self.location])
        }
        let recorded = outcome.append.events.map { String($0.seq) }.joined(separator: ", ")
        let corrections = outcome.redactedSeqs.dropFirst().map(String.init)
        print("redacted the payload of seq \(seq)"
            + (corrections.isEmpty ? "" : " and of its correction\(corrections.count == 1 ? "" : "s") (seq \(corrections.joined(separator: ", ")))")
            + " (recorded as seq \(recorded)); \(outcome.scrubbedPages) free pages overwritten")
        print("tree size \(outcome.append.treeSize), root \(outcome.append.root.hex); ik verify lists the redaction")
        SnapshotUpkeep.afterAppend(store)
    }

    static let location = LocatedDraft(source: "ik redact", line: 1, position: 1, value: .success(.null))
}
