import EventLog
import InternalControl

/// The steps of `ik append` between reading bytes and printing the outcome.
enum DraftBatch {
    /// Decodes every located draft, checks them against the store and appends them, or fails listing every
    /// problem of every draft: those that do not decode, and what the store's checks say of the others.
    static func append(
        _ located: [LocatedDraft], to store: EventStore, rules: AppendRules, dryRun: Bool
    ) throws -> AppendOutcome {
        if located.isEmpty {
            throw CommandFailure(.badInput, "the input holds no drafts; nothing was appended\n"
                + "Give a JSON object, a JSON array of objects, or JSON Lines.")
        }
        let decoder = rules.decoder(defaultActor: Actor.default, store: store)
        var drafts: [EventDraft] = []
        var positions: [Int] = []
        var problems: [DraftProblem] = []
        for (index, draft) in located.enumerated() {
            switch draft.value {
            case .failure(let error):
                problems.append(DraftProblem(draftIndex: index, path: "", rule: "not valid JSON: \(error.description)"))
            case .success(let value):
                switch decoder.decode(value, index: index) {
                case .success(let decoded):
                    drafts.append(decoded)
                    positions.append(index)
                case .failure(let failure): problems += failure.problems
                }
            }
        }
        drafts = try AppendRules.recordingTreeHead(drafts, store: store)
        do {
            let outcome = try store.append(drafts, clock: rules.clock, dryRun: dryRun || !problems.isEmpty,
                                           check: rules.draftCheck)
            if problems.isEmpty { return outcome }
        } catch StoreError.rejected(let found) {
            problems += found.map { problem in
                var moved = problem
                moved.draftIndex = positions[problem.draftIndex]
                return moved
            }
        }
        throw failure(problems.sorted { $0.draftIndex < $1.draftIndex }, located: located)
    }

    /// The failure listing every problem with the file and line of its draft.
    static func failure(_ problems: [DraftProblem], located: [LocatedDraft]) -> CommandFailure {
        var text = "\(problems.count) problem\(problems.count == 1 ? "" : "s") in the drafts; nothing was appended"
        for problem in problems.prefix(200) {
            let place = problem.draftIndex < located.count ? located[problem.draftIndex].location : "draft"
            let number = problem.draftIndex < located.count ? " (draft \(problem.draftIndex + 1))" : ""
            text += "\n\(place)\(number): \(problem)"
        }
        if problems.count > 200 { text += "\n… and \(problems.count - 200) more" }
        text += "\nFix the drafts and run the same command again; the store is unchanged."
        return CommandFailure(.badInput, text)
    }
}

/// How `ik append` reports what it did.
enum AppendReport {
    static func print(_ outcome: AppendOutcome, format: TextOrJSON, dryRun: Bool) throws {
        let out = Output()
        switch format {
        case .json:
            let events: [JSONValue] = outcome.events.map { event in
                [
                    "seq": .integer(Int64(event.seq)), "id": .string(event.id), "stream": .string(event.stream),
                    "streamVersion": .integer(Int64(event.streamVersion)), "alreadyRecorded": .bool(event.alreadyRecorded),
                ]
            }
            let report: JSONValue = [
                "events": .array(events), "treeSize": .integer(Int64(outcome.treeSize)), "root": .string(outcome.root.hex),
                "dryRun": .bool(dryRun),
            ]
            try out.line(report.prettyPrinted())
        case .text:
            let written = outcome.events.filter { !$0.alreadyRecorded }
            let repeated = outcome.events.count - written.count
            let verb = dryRun ? "would append" : "appended"
            var line = "\(verb) \(written.count) event\(written.count == 1 ? "" : "s")"
            if let first = written.first?.seq, let last = written.last?.seq {
                line += first == last ? " (seq \(first))" : " (seq \(first)–\(last))"
            }
            if repeated > 0 {
                line += "; \(repeated) already recorded under the same idempotency key"
                let seqs = outcome.events.filter(\.alreadyRecorded).map { String($0.seq) }
                line += " (seq \(seqs.prefix(10).joined(separator: ", "))\(seqs.count > 10 ? ", …" : ""))"
            }
            try out.line(line)
            if dryRun {
                try out.line("dry run: nothing was written")
            } else {
                try out.line("tree size \(outcome.treeSize), root \(outcome.root.hex)")
            }
        }
        try out.finish()
    }

    /// The report of a streamed append: counts and the seq range, no line per event (there may be millions).
    static func print(_ outcome: StreamedAppend, format: TextOrJSON, dryRun: Bool) throws {
        let out = Output()
        switch format {
        case .json:
            var report: [String: JSONValue] = [
                "drafts": .integer(Int64(outcome.drafts)), "written": .integer(Int64(outcome.written)),
                "alreadyRecorded": .integer(Int64(outcome.alreadyRecorded)), "treeSize": .integer(Int64(outcome.treeSize)),
                "root": .string(outcome.root.hex), "dryRun": .bool(dryRun),
            ]
            if let first = outcome.firstSeq, let last = outcome.lastSeq {
                report["firstSeq"] = .integer(Int64(first))
                report["lastSeq"] = .integer(Int64(last))
            }
            try out.line(JSONValue.object(report).prettyPrinted())
        case .text:
            var line = "\(dryRun ? "would append" : "appended") \(outcome.written) event\(outcome.written == 1 ? "" : "s")"
            if let first = outcome.firstSeq, let last = outcome.lastSeq {
                line += first == last ? " (seq \(first))" : " (seq \(first)–\(last))"
            }
            line += " from \(outcome.drafts) draft\(outcome.drafts == 1 ? "" : "s")"
            if outcome.alreadyRecorded > 0 {
                line += "; \(outcome.alreadyRecorded) already recorded under the same idempotency key"
            }
            try out.line(line)
            try out.line(dryRun ? "dry run: nothing was written" : "tree size \(outcome.treeSize), root \(outcome.root.hex)")
        }
        try out.finish()
    }
}
