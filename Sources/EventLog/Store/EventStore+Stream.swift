/// One item of a streamed append: a draft, or the problems of an input that did not become one.
public enum DraftStreamItem: Sendable {
    case draft(EventDraft)
    case problems([DraftProblem])
}

/// What a streamed append did, without a record per event (an input may hold millions).
public struct StreamedAppend: Sendable {
    public let drafts: Int
    public let written: Int
    public let alreadyRecorded: Int
    public let firstSeq: UInt64?
    public let lastSeq: UInt64?
    public let treeSize: UInt64
    public let root: MerkleHash
}

extension EventStore {
    /// Appends the drafts `next` yields, one at a time, in one write transaction: all or nothing, as
    /// ``append(_:clock:dryRun:check:)``, but holding neither the input nor a result per event in memory.
    /// LMDB spills dirty pages of a large transaction to the file, so memory stays bounded.
    /// - Parameter expectedBytes: the input's size, or `nil` when it is not known (standard input).
    /// - Parameter next: the next item, or `nil` at the end of the input; called with the item's index.
    /// - Throws: ``StoreError/rejected(_:)`` with the first `problemLimit` problems (and a count of the rest).
    public func appendStream(
        clock: Clock = .system, dryRun: Bool = false, check: DraftCheck? = nil, problemLimit: Int = 200,
        expectedBytes: Int? = 0, next: (Int) throws -> DraftStreamItem?
    ) throws -> StreamedAppend {
        struct DryRun: Error { let outcome: StreamedAppend }
        // The stream cannot be read twice, so the map is grown beforehand: an event takes about four times its
        // draft's size across the log's databases. Of an input of unknown size (`nil`), the map is made as large as
        // the store allows; that is address space, not disk.
        let used = try environment.info()
        try environment.reserveMapSize(expectedBytes.map { (used.lastPageNumber + 1) * used.pageSize + $0 * 6 + (64 << 20) } ?? .max)
        var attempts = 0
        do {
            return try write { txn in
                attempts += 1
                guard attempts == 1 else { throw StoreError.streamRestarted }
                var writer = try LogWriter(txn: txn, databases: databases, clock: clock)
                let batchStart = writer.frontier.size + 1
                var problems: [DraftProblem] = []
                var problemCount = 0
                var (index, written, repeated) = (0, 0, 0)
                var first: UInt64?
                var last: UInt64?
                while let item = try next(index) {
                    defer { index += 1 }
                    var found: [DraftProblem] = []
                    switch item {
                    case .problems(let itemProblems): found = itemProblems
                    case .draft(let draft):
                        let view = LogView(transaction: txn, databases: databases, batchStart: batchStart)
                        switch try writer.process(draft, index: index, view: view, check: check) {
                        case .success(let event) where event.alreadyRecorded: repeated += 1
                        case .success(let event):
                            written += 1
                            first = first ?? event.seq
                            last = event.seq
                        case .failure(let failure): found = failure.problems
                        }
                    }
                    problemCount += found.count
                    if problems.count < problemLimit { problems += found.prefix(problemLimit - problems.count) }
                }
                if problemCount > 0 {
                    if problemCount > problems.count {
                        problems.append(DraftProblem(draftIndex: index - 1, path: "", rule:
                            "… and \(problemCount - problems.count) more problems in the rest of the input"))
                    }
                    throw StoreError.rejected(problems)
                }
                let outcome = StreamedAppend(drafts: index, written: written, alreadyRecorded: repeated, firstSeq: first,
                                             lastSeq: last, treeSize: writer.frontier.size, root: writer.frontier.root)
                if dryRun { throw DryRun(outcome: outcome) }
                return outcome
            }
        } catch let finished as DryRun {
            return finished.outcome
        }
    }
}
