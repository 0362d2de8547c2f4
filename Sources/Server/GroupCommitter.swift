import API
import EventLog
import Foundation
import InternalControl
import Logging
import Projections

/// The server's one writer: appends that arrive while a commit is under way wait, and then go together into the
/// next commit (one LMDB write transaction, one sync to disk), each in its own nested transaction so each is still
/// all or nothing. Every caller is answered only after the commit is durable. With `grouping` off each append is
/// its own commit (for measuring what grouping gains).
final class GroupCommitter: EventAppending, @unchecked Sendable {
    // @unchecked: `pending` and `running` are touched only under `lock`; the store is Sendable.
    typealias Waiter = CheckedContinuation<Result<AppendOutcome, RecordingFailure>, any Error>

    let store: EventStore
    let clock: Clock
    let grouping: Bool
    let logger: Logger
    /// Appends in one commit at most, and drafts in one commit at most (the first append is always taken).
    let maxAppends = 256
    let maxDrafts = 20_000
    private let lock = NSLock()
    private var pending: [(PreparedAppend, Waiter)] = []
    private var running = false
    private let thread = DispatchQueue(label: "ikstore.writer", qos: .userInitiated)

    init(store: EventStore, clock: Clock, grouping: Bool, logger: Logger) {
        self.store = store
        self.clock = clock
        self.grouping = grouping
        self.logger = logger
    }

    func append(_ prepared: PreparedAppend) async throws -> Result<AppendOutcome, RecordingFailure> {
        try await withCheckedThrowingContinuation { (waiter: Waiter) in
            lock.lock()
            pending.append((prepared, waiter))
            let start = !running
            running = true
            lock.unlock()
            if start { thread.async { self.drain() } }
        }
    }

    /// Commits what is waiting, group after group, until nothing is.
    private func drain() {
        while true {
            lock.lock()
            guard !pending.isEmpty else {
                running = false
                lock.unlock()
                return
            }
            var take = 1
            if grouping {
                var drafts = pending[0].0.items.count
                while take < pending.count, take < maxAppends, drafts + pending[take].0.items.count <= maxDrafts {
                    drafts += pending[take].0.items.count
                    take += 1
                }
            }
            let group = Array(pending.prefix(take))
            pending.removeFirst(take)
            lock.unlock()
            commit(group)
        }
    }

    private func commit(_ group: [(PreparedAppend, Waiter)]) {
        do {
            let results = try Recorder.appendTogether(group.map(\.0), to: store, rules: AppendRules(clock: clock))
            for ((_, waiter), result) in zip(group, results) { waiter.resume(returning: result) }
            if results.contains(where: { if case .success = $0 { true } else { false } }) {
                do {
                    try FoldUpkeep.update(store)
                } catch {
                    logger.warning("projection upkeep failed after a commit", metadata: ["error": "\(error)"])
                }
            }
        } catch {
            for (_, waiter) in group { waiter.resume(throwing: error) }
        }
    }
}
