import EventLog
import Foundation

/// `verify` for many clients: at most one verification runs at a time, requests that arrive meanwhile wait for it and
/// share its report, and a report answers again while the log's head is the one it verified (its size and root, as
/// recomputed from the envelope bytes) and it is younger than ``maxAge``. A head that moved is verified again, whole:
/// nothing of an older report is trusted for the events it covered (an edit of old bytes changes no head).
public actor VerificationCache {
    /// Seconds a report answers for an unchanged head, so that bytes edited under a running server are found by the
    /// next verify after that at the latest (`ik verify` on the store always checks everything).
    public let maxAge: Double
    private let now: @Sendable () -> Double
    private var last: (anchors: [Anchor], report: VerificationReport, at: Double)?
    private var running: (anchors: [Anchor], task: Task<VerificationReport, any Error>)?

    public init(maxAge: Double = 300, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.maxAge = maxAge
        self.now = now
    }

    /// The report for the log whose head is now `head`, checking `anchors`: the cached one when it verified this
    /// head, the one under way when there is one for the same anchors, else a new one from `verify` (run alone).
    public func report(head: (size: UInt64, root: MerkleHash), anchors: [Anchor],
                       verify: @escaping @Sendable () async throws -> VerificationReport) async throws -> VerificationReport
    {
        while true {
            if let last, last.anchors == anchors, last.report.treeSize == head.size, last.report.root == head.root,
                now() - last.at < maxAge
            {
                return last.report
            }
            if let running {
                let result = await running.task.result
                finish(running.task, anchors: running.anchors, result)
                if running.anchors == anchors { return try result.get() }
                continue
            }
            let task = Task { try await verify() }
            running = (anchors, task)
            let result = await task.result
            finish(task, anchors: anchors, result)
            return try result.get()
        }
    }

    /// The first of the waiters to resume records the result (errors are not kept: the next request tries again).
    private func finish(_ task: Task<VerificationReport, any Error>, anchors: [Anchor],
                        _ result: Result<VerificationReport, any Error>)
    {
        guard running?.task == task else { return }
        running = nil
        if case .success(let report) = result { last = (anchors, report, now()) }
    }
}
