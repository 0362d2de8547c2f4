import EventLog

/// How `ik append` and `ik record` report what they did: every event of an input read whole, counts and the
/// seq range of one read as it was appended (there may be millions).
enum AppendReport {
    static func print(_ outcome: AppendOutcome, format: TextOrJSON, dryRun: Bool) throws {
        guard outcome.listsEvents else { return try printCounts(outcome, format: format, dryRun: dryRun) }
        let out = Output()
        switch format {
        case .json:
            try out.line(outcome.json(dryRun: dryRun).prettyPrinted())
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

    private static func printCounts(_ outcome: AppendOutcome, format: TextOrJSON, dryRun: Bool) throws {
        let out = Output()
        switch format {
        case .json:
            try out.line(outcome.json(dryRun: dryRun).prettyPrinted())
        case .text:
            var line = "\(dryRun ? "would append" : "appended") \(outcome.writtenCount) event\(outcome.writtenCount == 1 ? "" : "s")"
            if let first = outcome.firstSeq, let last = outcome.lastSeq {
                line += first == last ? " (seq \(first))" : " (seq \(first)–\(last))"
            }
            line += " from \(outcome.drafts) draft\(outcome.drafts == 1 ? "" : "s")"
            if outcome.alreadyRecordedCount > 0 {
                line += "; \(outcome.alreadyRecordedCount) already recorded under the same idempotency key"
            }
            try out.line(line)
            try out.line(dryRun ? "dry run: nothing was written" : "tree size \(outcome.treeSize), root \(outcome.root.hex)")
        }
        try out.finish()
    }
}
