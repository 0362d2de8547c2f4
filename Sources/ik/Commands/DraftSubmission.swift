import EventLog
import InternalControl

/// The steps of `ik append` and `ik record` between reading drafts and printing the outcome: decode each draft,
/// append them through the store's one engine, and on refusal list every problem with its file and line.
enum DraftSubmission {
    /// Appends the drafts of `inputs`. Inputs up to ``DraftInputs/threshold`` are read and decoded before the
    /// write lock is taken, and the outcome lists every event; larger ones are read as they are appended.
    static func append(_ inputs: DraftInputs, to store: EventStore, rules: AppendRules, dryRun: Bool) throws
        -> AppendOutcome
    {
        var readers = inputs.readers()
        var current = 0
        let read = { () throws -> LocatedDraft? in
            while current < readers.count {
                if let draft = try readers[current].next() { return draft }
                current += 1
            }
            return nil
        }
        do {
            if inputs.totalBytes <= DraftInputs.threshold {
                var drafts: [LocatedDraft] = []
                while let draft = try read() { drafts.append(draft) }
                return try append(drafts, to: store, rules: rules, dryRun: dryRun, expectedBytes: inputs.totalBytes)
            }
            let session = try Session(store: store, rules: rules)
            let outcome = try session.run(dryRun: dryRun, listsEvents: false, expectedBytes: inputs.totalBytes) { index in
                try read().map { session.decode($0, index: index) }
            }
            if outcome.drafts == 0 { throw noDrafts }
            return outcome
        } catch let tooLong as LineSplitter.LineTooLong {
            let name = current < inputs.inputs.count ? inputs.inputs[current].name : "-"
            throw CommandFailure(.badInput, "\(name):\(tooLong.line): the line is longer than \(LineSplitter.maxLineBytes >> 20) MB; "
                + "nothing was appended\nA draft is one line of JSON Lines, with a payload of at most 1 MB.")
        } catch let tooLarge as DraftReader.InputTooLarge {
            throw DraftInputs.tooLarge(tooLarge.source)
        }
    }

    /// Appends drafts already read (and checks them before the write lock is taken).
    static func append(_ drafts: [LocatedDraft], to store: EventStore, rules: AppendRules, dryRun: Bool,
                       expectedBytes: Int = 0) throws -> AppendOutcome
    {
        if drafts.isEmpty { throw noDrafts }
        let session = try Session(store: store, rules: rules)
        let items = drafts.enumerated().map { index, draft in session.decode(draft, index: index) }
        return try session.run(dryRun: dryRun, listsEvents: true, expectedBytes: expectedBytes) { index in
            index < items.count ? items[index] : nil
        }
    }

    static let noDrafts = CommandFailure(.badInput, "the input holds no drafts; nothing was appended\n"
        + "Give a JSON object, a JSON array of objects, or JSON Lines.")

    /// The failure listing every problem with the file and line of its draft.
    static func failure(_ problems: [DraftProblem], locations: DraftLocations) -> CommandFailure {
        var text = "\(problems.count) problem\(problems.count == 1 ? "" : "s") in the drafts; nothing was appended"
        for problem in problems {
            text += "\n\(locations.location(of: problem.draftIndex)) (draft \(problem.draftIndex + 1)): \(problem)"
        }
        text += "\nFix the drafts and run the same command again; the store is unchanged."
        return CommandFailure(.badInput, text)
    }

    /// One append: the decoder, the head of the log a report draft records, and where each draft came from.
    final class Session {
        let store: EventStore
        let rules: AppendRules
        let decoder: DraftDecoder
        /// The head of the log before this append (read before the write transaction), for reports without basedOn.
        let head: (size: UInt64, root: MerkleHash)
        var locations = DraftLocations()

        init(store: EventStore, rules: AppendRules) throws {
            self.store = store
            self.rules = rules
            decoder = rules.decoder(defaultActor: Actor.default, store: store)
            head = try store.read { view in (try view.size, try view.root) }
        }

        func decode(_ located: LocatedDraft, index: Int) -> DraftStreamItem {
            locations.note(index, source: located.source, line: located.line)
            switch located.value {
            case .failure(let error):
                return .problems([DraftProblem(draftIndex: index, path: "", rule: "not valid JSON: \(error.description)")])
            case .success(let value):
                switch decoder.decode(value, index: index) {
                case .success(let draft): return .draft(AppendRules.recordingTreeHead(draft, size: head.size, root: head.root))
                case .failure(let failure): return .problems(failure.problems)
                }
            }
        }

        /// Runs the store's one append engine over the items `next` yields.
        func run(dryRun: Bool, listsEvents: Bool, expectedBytes: Int?, next: (Int) throws -> DraftStreamItem?) throws
            -> AppendOutcome
        {
            do {
                return try store.appendStream(clock: rules.clock, dryRun: dryRun, check: rules.draftCheck,
                                              listsEvents: listsEvents, expectedBytes: expectedBytes, next: next)
            } catch StoreError.rejected(let problems) {
                throw DraftSubmission.failure(problems, locations: locations)
            }
        }
    }
}

/// Where each draft of an append came from, kept compactly: a mark only where a draft does not sit on the line
/// after the one before (another file, a blank line, an array), so millions of drafts take a few marks.
struct DraftLocations {
    private var marks: [(index: Int, source: String, line: Int)] = []

    mutating func note(_ index: Int, source: String, line: Int) {
        if let last = marks.last, last.source == source, last.line + (index - last.index) == line { return }
        marks.append((index, source, line))
    }

    /// `file:line` of draft `index`.
    func location(of index: Int) -> String {
        var low = 0
        var high = marks.count
        while low < high {
            let middle = (low + high) / 2
            if marks[middle].index <= index { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return "draft" }
        let mark = marks[low - 1]
        return "\(mark.source):\(mark.line + index - mark.index)"
    }
}
