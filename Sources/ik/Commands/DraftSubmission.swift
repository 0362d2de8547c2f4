import EventLog
import InternalControl
import Projections

/// `ik append` and `ik record` around the library's ``Recorder``: read the inputs, append, and turn a refusal into
/// the message that lists every problem with its file and line.
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
            let recorder = try Recorder(store: store, rules: rules, actor: Actor.commandLine)
            if inputs.totalBytes <= DraftInputs.threshold {
                var drafts: [LocatedDraft] = []
                while let draft = try read() { drafts.append(draft) }
                return try recorder.append(drafts, dryRun: dryRun, expectedBytes: inputs.totalBytes)
            }
            return try recorder.appendStream(dryRun: dryRun, expectedBytes: inputs.totalBytes, next: read)
        } catch let failure as RecordingFailure {
            throw Self.failure(failure)
        } catch let tooLong as LineSplitter.LineTooLong {
            let name = current < inputs.inputs.count ? inputs.inputs[current].name : "-"
            throw CommandFailure(.badInput, "\(name):\(tooLong.line): the line is longer than \(LineSplitter.maxLineBytes >> 20) MB; "
                + "nothing was appended\nA draft is one line of JSON Lines, with a payload of at most 1 MB.")
        } catch let tooLarge as DraftReader.InputTooLarge {
            throw DraftInputs.tooLarge(tooLarge.source)
        }
    }

    /// Appends drafts already read (and checks them before the write lock is taken).
    static func append(_ drafts: [LocatedDraft], to store: EventStore, rules: AppendRules, dryRun: Bool) throws
        -> AppendOutcome
    {
        do {
            return try Recorder(store: store, rules: rules, actor: Actor.commandLine).append(drafts, dryRun: dryRun)
        } catch let failure as RecordingFailure {
            throw Self.failure(failure)
        }
    }

    static func failure(_ failure: RecordingFailure) -> any Error {
        switch failure {
        case .noDrafts:
            return CommandFailure(.badInput, "the input holds no drafts; nothing was appended\n"
                + "Give a JSON object, a JSON array of objects, or JSON Lines.")
        case .refused(let problems, let locations): return Self.failure(problems, locations: locations)
        case .store(let error): return error
        }
    }

    /// The failure listing every problem with the file and line of its draft.
    static func failure(_ problems: [DraftProblem], locations: DraftLocations) -> CommandFailure {
        var text = "\(problems.count) problem\(problems.count == 1 ? "" : "s") in the drafts; nothing was appended"
        for problem in problems {
            text += "\n\(locations.location(of: problem.draftIndex)) (draft \(problem.draftIndex + 1)): \(problem)"
        }
        text += "\nFix the drafts and run the same command again; the store is unchanged."
        return CommandFailure(.badInput, text)
    }
}
