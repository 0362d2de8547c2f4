import Foundation
import LMDB

/// What ``EventStore/finishScrub(waitingUpTo:)`` did.
public struct ScrubOutcome: Sendable, Equatable {
    /// The earliest redaction (its seq) whose old bytes may still be in the file; nil when none are.
    public let pendingSince: UInt64?
    /// Free pages overwritten, and pages in use whose free gap was cleared.
    public let overwrittenPages: Int
    public let clearedGaps: Int
    /// Free pages still holding bytes because a reader may use them, and the processes reading.
    public let heldPages: Int
    public let holders: [Int32]

    public var isComplete: Bool { pendingSince == nil }
}

extension EventStore {
    /// The meta key recording that a redaction's old bytes may still be in the file: the seq of the earliest
    /// such redaction, in decimal. Set in the redaction's transaction, removed once a scrub met no reader.
    static let scrubPendingKey = Array("scrubPending".utf8)

    /// The seq of the earliest redaction whose old bytes may still be in the file, or nil.
    public func pendingScrub() throws -> UInt64? {
        try read { view in
            try view.transaction.copyValue(forKey: Self.scrubPendingKey, in: databases.meta)
                .flatMap { UInt64(String(decoding: $0, as: UTF8.self)) }
        }
    }

    /// Overwrites everything in the data file that no snapshot can read (``Environment/scrubFreeSpace()``) and,
    /// when no reader held an old page, removes the pending-scrub record. A reader that began before a redaction
    /// holds the pages with the old bytes: the scrub is tried again for up to `seconds`, then left pending for
    /// the next writer (or `ik redact --finish`).
    /// - Throws: ``StoreError`` when the file cannot be read or written; what was overwritten stays overwritten.
    public func finishScrub(waitingUpTo seconds: Double = 0) throws -> ScrubOutcome {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        let deadline = Date().addingTimeInterval(seconds)
        var overwritten = 0
        var cleared = 0
        while true {
            let report = try storage { try environment.scrubFreeSpace() }
            overwritten += report.overwrittenPages
            cleared += report.clearedGaps
            let pending = try pendingScrub()
            if report.isComplete || pending == nil {
                guard pending != nil else {
                    return ScrubOutcome(pendingSince: nil, overwrittenPages: overwritten, clearedGaps: cleared,
                                        heldPages: 0, holders: [])
                }
                try write { txn in
                    try txn.delete(key: Self.scrubPendingKey, in: databases.meta)
                    return .commit
                }
                // That commit wrote pages from buffers this process reused, whose gaps may hold bytes it handled
                // before: clear the gaps once more. The pages it freed were in use, and cleared, a moment ago.
                let last = try storage { try environment.scrubFreeSpace() }
                return ScrubOutcome(pendingSince: nil, overwrittenPages: overwritten + last.overwrittenPages,
                                    clearedGaps: cleared + last.clearedGaps, heldPages: 0, holders: [])
            }
            if Date() >= deadline {
                return ScrubOutcome(pendingSince: pending, overwrittenPages: overwritten, clearedGaps: cleared,
                                    heldPages: report.heldPages, holders: report.holders)
            }
            usleep(50_000)
        }
    }

    private func storage<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LMDBError where error.isPermissionDenied {
            throw StoreError.permissionDenied(path: path, reason: error.message)
        } catch let error as LMDBError {
            throw StoreError.io(path: path, reason: "\(error.function): \(error.message)")
        }
    }
}
