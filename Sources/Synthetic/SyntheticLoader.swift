import EventLog
import Projections

/// Appends a ``SyntheticHistory`` into a store, each month at its recorded time, in batches of at most
/// `batchSize`. The drafts are valid by construction, so they go in without the per-draft domain checks.
public enum SyntheticLoader {
    @discardableResult
    public static func load(_ history: SyntheticHistory, into store: EventStore, limit: Int = .max, batchSize: Int = 2000,
                            progress: ((Int) -> Void)? = nil) throws -> Int {
        var written = 0
        struct Done: Error {}
        do {
            try history.generate { batch -> [String: String] in
                var ids: [String: String] = [:]
                var start = 0
                while start < batch.drafts.count {
                    guard written < limit else { throw Done() }
                    let end = min(batch.drafts.count, start + batchSize, start + (limit - written))
                    let chunk = Array(batch.drafts[start..<end])
                    let outcome = try store.append(chunk, clock: .pinned(at: batch.recordedAt))
                    for (event, draft) in zip(outcome.events, chunk) {
                        if let id = draft.payload["performanceId"]?.stringValue, draft.type == "ControlPerformed" { ids[id] = event.id }
                    }
                    written += outcome.writtenCount
                    progress?(written)
                    start = end
                }
                return ids
            }
        } catch is Done {}
        return written
    }
}
