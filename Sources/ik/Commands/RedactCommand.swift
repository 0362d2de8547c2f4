import Accounts
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
            its payloadDigest stay, so verify still proves the whole tree and lists what is redacted. An account's \
            AccountDetailsRecorded (a display name, a reason) goes whole; an older account event that holds a name \
            or a reason keeps its other fields (account, role) in the PayloadRedacted, so who could do what stays. Projection \
            snapshots are rebuilt, then every byte of the data file that no snapshot reads is overwritten in place \
            (free pages and the free space inside pages in use), so no copy of the payload or its salt stays in the \
            file. A reader that began before the redaction holds the old pages: ik waits for it up to --wait seconds, \
            then exits 75 with the redaction recorded and the scrub pending; the next writing command, or \
            ik redact --finish, completes it, and ik verify says what is pending.
            ik redact --target EVENT-ID|seq:N|BUSINESS-ID --reason "Uppgiften omfattas av sekretess" --legal-basis "OSL 26 kap. 1 §"
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The id of the event whose payload goes (ik log --format json shows ids).", valueName: "id"))
    var target: String?

    @Option(help: "Why, for the record.")
    var reason: String?

    @Option(name: .customLong("legal-basis"), help: "The provision it rests on, e.g. \"OSL 26 kap. 1 §\".")
    var legalBasis: String?

    @Flag(help: "Finish a scrub left pending by an earlier redaction (a reader held the old pages); nothing is appended.")
    var finish = false

    func validate() throws {
        if finish {
            guard target == nil, reason == nil, legalBasis == nil else {
                throw ValidationError("--finish takes no --target, --reason or --legal-basis: it only completes a pending scrub.")
            }
        } else if target == nil || reason == nil {
            throw ValidationError("Give --target EVENT-ID and --reason TEXT (or --finish to complete a pending scrub).")
        }
    }

    func execute() throws {
        guard self.target != nil, let reason else { return try finishPendingScrub() }
        let store = try storeOptions.openForWriting()
        var rules = AppendRules(clock: try Clock.fromEnvironment())
        rules.allowsRedaction = true
        rules.recordedElsewhere = AccessRedaction()
        // The event id, seq:N or a business id (TargetReference); the redaction records the event id.
        let seq: UInt64
        let target: String
        switch try store.read({ try TargetReference.resolve(self.target ?? "", in: $0) }) {
        case .success(let found): (seq, target) = found
        case .failure(let problem): throw CommandFailure(.badInput, "--target \(problem)")
        }
        // A correction carries the whole replacement payload: redacting a fact removes its corrections' too.
        let (targets, plan) = try store.read { view -> ([(UInt64, String, JSONValue?)], String?) in
            guard let envelope = try view.envelope(at: seq) else { return ([(seq, target, nil)], nil) }
            var ids: Set<String> = [target]
            var targets = [(seq, target, try Self.kept(of: envelope, in: view))]
            for later in try view.seqs(inStream: envelope.stream) where later > seq {
                guard let event = try view.envelope(at: later), event.type == EventType.eventCorrected.rawValue,
                    let corrected = try view.payload(at: later)?["targetId"]?.stringValue, ids.contains(corrected)
                else { continue }
                ids.insert(event.id)
                targets.append((later, event.id, try Self.kept(of: event, in: view)))
            }
            // Name the plan: once the payload is gone, nothing else tells which plan the fact belongs to.
            return (targets, try LedgerQuery.planId(ofStream: envelope.stream, in: view))
        }
        let decoder = rules.decoder(defaultActor: Actor.default, store: store)
        var drafts: [(seq: UInt64, draft: EventDraft)] = []
        for (index, (targetSeq, id, kept)) in targets.enumerated() {
            var payload: [String: JSONValue] = ["targetId": .string(id), "reason": .string(reason)]
            if let legalBasis { payload["legalBasis"] = .string(legalBasis) }
            if let plan { payload["planId"] = .string(plan) }
            if let kept { payload["kept"] = kept }
            let value = JSONValue.object(["type": .string(EventType.payloadRedacted.rawValue), "payload": .object(payload)])
            switch decoder.decode(value, index: index) {
            case .success(var draft):
                draft.via = EventVia.commandLine(user: EventVia.systemUser)
                drafts.append((targetSeq, draft))
            case .failure(let failure): throw DraftSubmission.failure(failure.problems, locations: Self.location)
            }
        }
        let outcome: RedactionOutcome
        do {
            outcome = try store.redact(drafts, clock: rules.clock, check: rules.draftCheck, snapshotPrefix: FoldUpkeep.legacySnapshotPrefix)
        } catch StoreError.rejected(let problems) {
            throw DraftSubmission.failure(problems, locations: Self.location)
        } catch {
            let (status, text) = Failure.classify(error)
            throw CommandFailure(status, text + "\nNothing was redacted: the store is as it was.")
        }
        // From here on the redaction is recorded: every message says so.
        let recorded = outcome.append.events.map { String($0.seq) }.joined(separator: ", ")
        let corrections = outcome.redactedSeqs.dropFirst().map(String.init)
        print("redacted the payload of seq \(seq)"
            + (corrections.isEmpty ? "" : " and of its correction\(corrections.count == 1 ? "" : "s") (seq \(corrections.joined(separator: ", ")))")
            + " (recorded as seq \(recorded))")
        print("tree size \(outcome.append.treeSize), root \(outcome.append.root.hex); ik verify lists the redaction")
        // Snapshots first: the scrub must come after this process's last write.
        SnapshotUpkeep.afterAppend(store)
        try scrub(store, recorded: "the redaction is recorded (seq \(recorded))")
    }

    /// What the redaction of `envelope` keeps (``RedactionRule``): a fact's fields that are not free text; an older
    /// account event's that are not personal (``AccessRedaction``); `nil` for what goes whole.
    static func kept(of envelope: Envelope, in view: LogView) throws -> JSONValue? {
        guard let payload = try view.payload(at: envelope.seq) else { return nil }
        guard let type = EventType(rawValue: envelope.type), type != .payloadRedacted else {
            return AccessRedaction.kept(ofType: envelope.type, payload: payload)
        }
        return RedactionRule.kept(of: type, payload: payload,
                                  correcting: try RedactionRule.correctedType(of: type, payload: payload, log: view))
    }

    /// `ik redact --finish`.
    func finishPendingScrub() throws {
        let store = try storeOptions.openForWriting(finishingScrub: false)
        guard let pending = try store.pendingScrub() else {
            let outcome = try store.finishScrub()
            print("no scrub was pending; \(Self.summary(outcome))")
            return
        }
        try scrub(store, recorded: "the redaction at seq \(pending) is recorded")
    }

    /// Overwrites what no snapshot reads; says how it went, or why the scrub is still pending (exit 75).
    func scrub(_ store: EventStore, recorded: String) throws {
        let outcome: ScrubOutcome
        do {
            outcome = try store.finishScrub(waitingUpTo: storeOptions.wait)
        } catch {
            let (status, text) = Failure.classify(error)
            throw CommandFailure(status, "\(recorded), scrub pending: overwriting the old bytes failed: "
                + text.replacingOccurrences(of: "\n", with: "; ")
                + "\nThe payload is gone from the log, but its old bytes may still be in the data file: fix the cause, then "
                + "run ik redact --finish (ik verify shows what is pending).")
        }
        guard let since = outcome.pendingSince else {
            print("scrubbed: \(Self.summary(outcome)); no byte of the payload or its salt is left in the files")
            return
        }
        let holders = outcome.holders.map(String.init).joined(separator: ", ")
        throw CommandFailure(.busy, "\(recorded), scrub pending: \(outcome.heldPages) freed page"
            + (outcome.heldPages == 1 ? "" : "s") + " may still hold the old bytes, because "
            + (holders.isEmpty ? "a reader" : "process \(holders)") + " began reading before the redaction (seq \(since))\n"
            + "They are overwritten as soon as that reader ends: by ik redact --finish (waits --wait seconds) or by the "
            + "next writing ik command. ik verify shows what is pending.")
    }

    static func summary(_ outcome: ScrubOutcome) -> String {
        "\(outcome.overwrittenPages) free page\(outcome.overwrittenPages == 1 ? "" : "s") overwritten, "
            + "\(outcome.clearedGaps) page gap\(outcome.clearedGaps == 1 ? "" : "s") cleared"
    }

    static var location: DraftLocations {
        var locations = DraftLocations()
        locations.note(0, source: "ik redact", line: 1)
        return locations
    }
}
