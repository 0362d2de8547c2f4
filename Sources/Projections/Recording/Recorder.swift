import EventLog
import InternalControl

/// The one way events get into a store, for the command line and the server alike: each draft decoded, its actor
/// set by the ``ActorPolicy``, a report given the log's tree head, and the drafts appended through the store's one
/// engine, checked by ``AppendRules``, with every problem listed with where its draft came from.
public final class Recorder {
    public let store: EventStore
    public let rules: AppendRules
    public let actor: ActorPolicy
    let decoder: DraftDecoder
    /// The head of the log before this append (read before the write transaction), for reports without basedOn.
    let head: (size: UInt64, root: MerkleHash)
    /// Where each draft decoded so far came from.
    public private(set) var locations = DraftLocations()

    /// Prepares one append to `store`; reads the log's head.
    public init(store: EventStore, rules: AppendRules, actor: ActorPolicy) throws {
        self.store = store
        self.rules = rules
        self.actor = actor
        decoder = rules.decoder(defaultActor: actor.actor, store: store)
        head = try store.read { view in (try view.size, try view.root) }
    }

    /// Draft number `index` of the append, decoded, or its problems.
    public func decode(_ located: LocatedDraft, index: Int) -> DraftStreamItem {
        locations.note(index, source: located.source, line: located.line)
        switch located.value {
        case .failure(let error):
            return .problems([DraftProblem(draftIndex: index, path: "", rule: "not valid JSON: \(error.description)")])
        case .success(let value):
            let actorProblem = actor.problem(naming: value.objectValue?["actor"], index: index)
            switch decoder.decode(value, index: index) {
            case .success(var draft):
                if let actorProblem { return .problems([actorProblem]) }
                draft.via = actor.via
                return .draft(AppendRules.recordingTreeHead(draft, size: head.size, root: head.root))
            case .failure(let failure):
                return .problems((actorProblem.map { [$0] } ?? []) + failure.problems)
            }
        }
    }

    /// Decodes `drafts` for ``appendTogether(_:to:rules:)``. - Throws: ``RecordingFailure/noDrafts``.
    public func prepare(_ drafts: [LocatedDraft]) throws(RecordingFailure) -> PreparedAppend {
        if drafts.isEmpty { throw .noDrafts }
        let items = drafts.enumerated().map { index, draft in decode(draft, index: index) }
        return PreparedAppend(items: items, locations: locations)
    }

    /// Appends drafts already read, all or nothing; they are decoded before the write lock is taken, and checked
    /// against a read snapshot first (``check(_:)``), so drafts that will be refused never hold the writer.
    /// - Throws: ``RecordingFailure`` (nothing written), or the store's errors.
    @discardableResult
    public func append(_ drafts: [LocatedDraft], dryRun: Bool, expectedBytes: Int = 0) throws -> AppendOutcome {
        let prepared = try prepare(drafts)
        let checked = try check(prepared)
        if dryRun { return checked }
        // Checked again in the write transaction: the log may have moved since the snapshot.
        return try run(dryRun: false, listsEvents: true, expectedBytes: expectedBytes) { index in
            index < prepared.items.count ? prepared.items[index] : nil
        }
    }

    /// A dry run of `prepared`: every check, against a read snapshot of the log, without taking the writer (nor
    /// waiting for it); nothing is written. What an append of `prepared` would do now.
    /// - Parameter problemLimit: the problems listed (one more counts the rest).
    /// - Throws: ``RecordingFailure/refused(_:_:)`` with the problems, or the store's errors.
    @discardableResult
    public func check(_ prepared: PreparedAppend, problemLimit: Int = 200) throws -> AppendOutcome {
        try run(dryRun: true, listsEvents: true, expectedBytes: 0, problemLimit: problemLimit) { index in
            index < prepared.items.count ? prepared.items[index] : nil
        }
    }

    /// Appends the drafts `next` yields, read as they are appended (any number), all or nothing; the outcome gives
    /// counts and the seq range rather than every event.
    @discardableResult
    public func appendStream(dryRun: Bool, expectedBytes: Int?, next: () throws -> LocatedDraft?) throws -> AppendOutcome {
        let outcome = try run(dryRun: dryRun, listsEvents: false, expectedBytes: expectedBytes) { index in
            try next().map { decode($0, index: index) }
        }
        if outcome.drafts == 0 { throw RecordingFailure.noDrafts }
        return outcome
    }

    private func run(dryRun: Bool, listsEvents: Bool, expectedBytes: Int?, problemLimit: Int = 200,
                     next: (Int) throws -> DraftStreamItem?) throws
        -> AppendOutcome
    {
        do {
            return try store.appendStream(clock: rules.clock, dryRun: dryRun, check: rules.draftCheck, problemLimit: problemLimit,
                                          listsEvents: listsEvents, expectedBytes: expectedBytes, next: next)
        } catch StoreError.rejected(let problems) {
            throw RecordingFailure.refused(problems, locations)
        }
    }

    /// Appends several prepared appends in one commit (a group commit), each all or nothing on its own, checked by
    /// `rules` (a fresh check per append).
    /// - Returns: per append, its outcome or why it was refused (nothing of it written).
    /// - Throws: what keeps the whole commit from happening; then nothing of any append was written.
    public static func appendTogether(_ appends: [PreparedAppend], to store: EventStore, rules: AppendRules) throws
        -> [Result<AppendOutcome, RecordingFailure>]
    {
        let results = try store.appendTogether(appends.map(\.items), clock: rules.clock) { rules.draftCheck }
        return zip(appends, results).map { append, result in
            result.mapError { error in
                if case .rejected(let problems) = error { return .refused(problems, append.locations) }
                return .store(error)
            }
        }
    }
}

/// Drafts decoded and ready to append (in a group commit): the items and where each came from.
public struct PreparedAppend: Sendable {
    public let items: [DraftStreamItem]
    public let locations: DraftLocations
}

/// Why an append through the ``Recorder`` wrote nothing.
public enum RecordingFailure: Error, Sendable {
    /// The input held no drafts.
    case noDrafts
    /// Drafts broke rules: every problem, and where each draft came from.
    case refused([DraftProblem], DraftLocations)
    /// The store refused this append alone (a pinned clock behind the log) in a group commit.
    case store(StoreError)

    /// The problems of a refusal (empty otherwise).
    public var problems: [DraftProblem] {
        if case .refused(let problems, _) = self { return problems }
        return []
    }
}
