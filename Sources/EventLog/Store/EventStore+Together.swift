import LMDB

extension EventStore {
    /// Appends several independent inputs in one write transaction, each in its own nested transaction: one commit
    /// (one sync to disk) for all of them, while each stays all or nothing on its own. A refused input leaves
    /// nothing behind and does not disturb the others; the later inputs see the events of the earlier ones.
    /// Nothing is durable before this returns: acknowledge none of the inputs earlier.
    ///
    /// - Parameter inputs: the items of each input, as ``appendStream(clock:dryRun:check:problemLimit:listsEvents:expectedBytes:next:)``
    ///   reads them.
    /// - Parameter makeCheck: a fresh check for each input (the rules keep what they learn within one input).
    /// - Returns: per input, its outcome or the ``StoreError`` that refused it (``StoreError/rejected(_:)``,
    ///   ``StoreError/clockBehind(pinned:lastRecorded:)``).
    /// - Throws: what keeps the whole transaction from committing (storage, busy, read-only); then nothing was written.
    public func appendTogether(
        _ inputs: [[DraftStreamItem]], clock: Clock = .system, makeCheck: () -> DraftCheck?
    ) throws -> [Result<AppendOutcome, StoreError>] {
        try writeAgainWhenMapGrown { txn in
            var results: [Result<AppendOutcome, StoreError>] = []
            for items in inputs {
                let run = AppendRun(clock: clock, dryRun: false, check: makeCheck(), problemLimit: .max, listsEvents: true,
                                    groupSize: .max, also: nil)
                do {
                    let outcome = try txn.nested { child in
                        try run.execute(in: child, store: self) { index in index < items.count ? items[index] : nil }
                    }
                    results.append(.success(outcome))
                } catch let error as StoreError {
                    switch error {
                    case .rejected, .clockBehind, .replica: results.append(.failure(error))
                    default: throw error
                    }
                }
            }
            return .commit(results)
        }
    }
}
