import LMDB

/// One draft's outcome in an append.
public struct AppendedEvent: Sendable, Hashable {
    /// Position of the draft in the batch.
    public let draftIndex: Int
    public let seq: UInt64
    public let id: String
    public let stream: String
    public let streamVersion: UInt64
    /// True when the idempotency key matched an earlier event and nothing new was written.
    public let alreadyRecorded: Bool
}

/// What an append did.
public struct AppendOutcome: Sendable, Hashable {
    /// Drafts read (those refused included, in a rejected append none of this is returned).
    public let drafts: Int
    /// Number of events newly written.
    public let writtenCount: Int
    /// Drafts whose idempotency key matched an earlier event: nothing was written for them.
    public let alreadyRecordedCount: Int
    /// The seqs written, when any were.
    public let firstSeq: UInt64?
    public let lastSeq: UInt64?
    /// Tree size and root after the append.
    public let treeSize: UInt64
    public let root: MerkleHash
    /// The recorded time of the events written, when any were.
    public let recordedAt: Instant?
    /// One entry per draft, in draft order, for an append of an array; empty for a streamed append, which may
    /// hold millions (``listsEvents`` tells which).
    public let events: [AppendedEvent]
    public let listsEvents: Bool
}

/// Checks one draft against the log as of the append, inside the write transaction. It sees the events of
/// the same batch that come before the draft. Returns the problems found (empty when the draft is fine).
public typealias DraftCheck = (_ draft: EventDraft, _ index: Int, _ log: LogView) throws -> [DraftProblem]

/// One item of an append's input: a draft, or the problems of an input that did not become one.
public enum DraftStreamItem: Sendable {
    case draft(EventDraft)
    case problems([DraftProblem])
}

extension EventStore {
    /// Appends `drafts` in one write transaction: all of them land, or none do. With `dryRun` every check
    /// runs and the outcome is computed over a read snapshot, never holding the writer (``dryRun(_:)``).
    ///
    /// Seqs continue the log without gaps. A draft whose idempotency key was used before for the same
    /// event returns the original seq and writes nothing; for a different event it is refused. Every
    /// draft is checked (expected version, then `check`) and every problem is reported together.
    /// - Throws: ``StoreError/rejected(_:)`` with all problems, ``StoreError/clockBehind(pinned:lastRecorded:)``,
    ///   ``StoreError/readOnly(path:)``, ``StoreError/busy(path:holder:waited:)``, or a storage error; in every
    ///   case nothing was written.
    @discardableResult
    public func append(
        _ drafts: [EventDraft], clock: Clock = .system, dryRun: Bool = false, check: DraftCheck? = nil
    ) throws -> AppendOutcome {
        try append(drafts, clock: clock, dryRun: dryRun, check: check, alsoInTransaction: nil)
    }

    /// ``append(_:clock:dryRun:check:)`` with more work done in the same transaction after the events are written.
    func append(
        _ drafts: [EventDraft], clock: Clock, dryRun: Bool = false, check: DraftCheck?,
        alsoInTransaction: ((WriteTransaction, [AppendedEvent]) throws -> Void)?
    ) throws -> AppendOutcome {
        let run = AppendRun(clock: clock, dryRun: dryRun, check: check, problemLimit: .max, listsEvents: true,
                            groupSize: .max, also: alsoInTransaction)
        if dryRun {
            return try self.dryRun { txn in
                try run.execute(in: txn, store: self) { index in index < drafts.count ? .draft(drafts[index]) : nil }
            }
        }
        // An array can be read again, so the append runs again when it had to grow the map.
        return try writeAgainWhenMapGrown { txn in
            try run.execute(in: txn, store: self) { index in index < drafts.count ? .draft(drafts[index]) : nil }
        }
    }

    /// Appends the items `next` yields, one at a time, in one write transaction: all or nothing, as
    /// ``append(_:clock:dryRun:check:)``, without holding the input in memory (nor, unless `listsEvents`, a result
    /// per event). LMDB spills dirty pages of a large transaction to the file, so memory stays bounded.
    /// A dry run that lists its events (an input the caller holds anyway) runs over a read snapshot, never holding
    /// the writer (``dryRun(_:)``); a streamed one (not `listsEvents`: any size) runs in the write transaction,
    /// rolled back, since a snapshot would hold all it writes in memory.
    /// - Parameter expectedBytes: the input's size, or `nil` when it is not known; the map is grown for it first,
    ///   since an input read once cannot be appended again after growing the map half-way.
    /// - Parameter next: the next item, or `nil` at the end of the input; called with the item's index.
    /// - Throws: ``StoreError/rejected(_:)`` with the first `problemLimit` problems (and one more counting the rest),
    ///   ``StoreError/streamRestarted`` when the map still had to grow.
    public func appendStream(
        clock: Clock = .system, dryRun: Bool = false, check: DraftCheck? = nil, problemLimit: Int = 200,
        listsEvents: Bool = false, expectedBytes: Int? = 0, next: (Int) throws -> DraftStreamItem?
    ) throws -> AppendOutcome {
        // An event takes about four times its draft's size across the log's databases. Of an input of unknown
        // size (`nil`), the map is made as large as the store allows; that is address space, not disk.
        if dryRun, listsEvents {
            let run = AppendRun(clock: clock, dryRun: true, check: check, problemLimit: problemLimit, listsEvents: true,
                                groupSize: 4096, also: nil)
            return try self.dryRun { txn in try run.execute(in: txn, store: self, next: next) }
        }
        let used = try environment.info()
        try environment.reserveMapSize(
            expectedBytes.map { (used.lastPageNumber + 1) * used.pageSize + $0 * 6 + (64 << 20) } ?? .max)
        let run = AppendRun(clock: clock, dryRun: dryRun, check: check, problemLimit: problemLimit,
                            listsEvents: listsEvents, groupSize: 4096, also: nil)
        do {
            return try write { txn in try run.execute(in: txn, store: self, next: next) }
        } catch let error as LMDBError where error.mapGrownTo != nil {
            throw StoreError.streamRestarted
        }
    }
}

/// The one append engine: reads items, checks and writes each draft, runs the append hook after each group, and
/// ends the transaction (rolled back for a dry run).
struct AppendRun {
    let clock: Clock
    let dryRun: Bool
    let check: DraftCheck?
    let problemLimit: Int
    let listsEvents: Bool
    /// Events per call of the append hook.
    let groupSize: Int
    let also: ((WriteTransaction, [AppendedEvent]) throws -> Void)?

    func execute(in txn: WriteTransaction, store: EventStore, next: (Int) throws -> DraftStreamItem?) throws
        -> WriteCompletion<AppendOutcome>
    {
        let databases = store.databases
        if let leader = try EventStore.leader(in: txn, databases: databases) {
            throw StoreError.replica(path: store.path, leader: leader)
        }
        try StreamKeys.catchUp(txn: txn, databases: databases)
        var writer = try LogWriter(txn: txn, databases: databases, clock: clock, policy: store.clockPolicy,
                                   keepsGroup: store.appendHook != nil)
        let view = LogView(transaction: txn, databases: databases, batchStart: writer.frontier.size + 1)
        var problems: [DraftProblem] = []
        var problemCount = 0
        var (index, written, repeated) = (0, 0, 0)
        var first: UInt64?
        var last: UInt64?
        var events: [AppendedEvent] = []
        func runHook() throws {
            guard let hook = store.appendHook, problemCount == 0, !writer.group.isEmpty else { return }
            try hook.body(AppendedGroup(events: writer.group), DerivedStore(transaction: txn, databases: databases))
            writer.group.removeAll(keepingCapacity: true)
        }
        while let item = try next(index) {
            defer { index += 1 }
            var found: [DraftProblem] = []
            switch item {
            case .problems(let itemProblems): found = itemProblems
            case .draft(let draft):
                switch try writer.process(draft, index: index, view: view, check: check) {
                case .success(let event):
                    if listsEvents { events.append(event) }
                    if event.alreadyRecorded {
                        repeated += 1
                    } else {
                        written += 1
                        first = first ?? event.seq
                        last = event.seq
                    }
                case .failure(let failure): found = failure.problems
                }
            }
            problemCount += found.count
            if problems.count < problemLimit { problems += found.prefix(problemLimit - problems.count) }
            if writer.group.count >= groupSize { try runHook() }
        }
        if problemCount > 0 {
            if problemCount > problems.count {
                problems.append(DraftProblem(draftIndex: index - 1, path: "", rule:
                    "… and \(problemCount - problems.count) more problems in the rest of the input"))
            }
            throw StoreError.rejected(problems)
        }
        try runHook()
        try writer.finish()
        try also?(txn, events)
        let outcome = AppendOutcome(
            drafts: index, writtenCount: written, alreadyRecordedCount: repeated, firstSeq: first, lastSeq: last,
            treeSize: writer.frontier.size, root: writer.frontier.root, recordedAt: written > 0 ? writer.recordedAt : nil,
            events: events, listsEvents: listsEvents)
        return dryRun ? .rollback(outcome) : .commit(outcome)
    }
}

extension EventStore {
    /// Runs `body` in a scratch transaction (``Environment/scratch(_:)``): the store's writes as a write transaction
    /// would make them, over a read snapshot, then dropped whatever `body` returns. It never takes the writer lock, so
    /// a dry run neither waits for another writer nor holds up anyone's append (red team 6: dry-runs-hold-the-writer).
    func dryRun<T>(_ body: (WriteTransaction) throws -> WriteCompletion<T>) throws -> T {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        return try Self.mapErrors(path: path) {
            try environment.scratch { txn in
                switch try body(txn) {
                case .commit(let value), .rollback(let value): value
                }
            }
        }
    }
}
