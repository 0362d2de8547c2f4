import Foundation

@testable import LMDB

/// Another thread of this process inside a write transaction that has put `[1]` → `[1]` in `db`, holding the writer
/// until ``release()``, which lets it commit and waits for it.
final class HeldWriter: @unchecked Sendable {
    // @unchecked: semaphores only.
    private let holding = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    /// Returns once the other thread holds the writer.
    init(_ env: Environment, _ db: Database) {
        Thread.detachNewThread { [self] in
            try? env.write { txn in
                try txn.put([1], forKey: [1], in: db)
                holding.signal()
                released.wait()
                return .commit
            }
            done.signal()
        }
        holding.wait()
    }

    func release() {
        released.signal()
        done.wait()
    }
}
