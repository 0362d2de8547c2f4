import Foundation

/// The tree head of a store as one process has hashed it: the Merkle frontier of every envelope it has read, extended
/// by hashing only the envelopes appended since it last looked. A server answers `GET /checkpoint` with it without
/// rehashing the log per request; what it signs is always hashed from the envelopes it read, never the Merkle cache.
public final class HeadTracker: @unchecked Sendable {
    // @unchecked: `frontier` is only touched under `lock`.
    private let lock = NSLock()
    private var frontier = MerkleFrontier()

    public init() {}

    /// The size and root of the log in `store` now, after hashing the envelopes this tracker has not seen yet.
    ///
    /// The read transaction is begun under the tracker's lock, so each call reads a snapshot no older than the one
    /// before it: a reader that began before an append but was hashed after it would otherwise look like a log that
    /// shrank (a 500 under load, 2026-11-24 CI).
    /// - Throws: ``HeadTrackerError/logShrank(had:now:)`` when the log is shorter than what was hashed before (the
    ///   store was replaced under the process), or a storage error.
    public func current(of store: EventStore) throws -> (size: UInt64, root: MerkleHash) {
        lock.lock()
        defer { lock.unlock() }
        return try store.read { try advance(in: $0) }
    }

    private func advance(in view: LogView) throws -> (size: UInt64, root: MerkleHash) {
        let size = try view.size
        guard size >= frontier.size else { throw HeadTrackerError.logShrank(had: frontier.size, now: size) }
        if size > frontier.size {
            var next = frontier
            try view.forEachRawEnvelope(in: (frontier.size + 1)...size) { seq, bytes in
                guard seq == next.size + 1 else { throw HeadTrackerError.gap(at: next.size + 1) }
                next.push(MerkleHash.leaf(Array(bytes)))
                return true
            }
            guard next.size == size else { throw HeadTrackerError.gap(at: next.size + 1) }
            frontier = next
        }
        return (frontier.size, frontier.root)
    }
}

/// Why a ``HeadTracker`` cannot give the head.
public enum HeadTrackerError: Error, Sendable, Hashable, CustomStringConvertible {
    case logShrank(had: UInt64, now: UInt64)
    case gap(at: UInt64)

    public var description: String {
        switch self {
        case .logShrank(let had, let now):
            "the log has \(now) events, fewer than the \(had) this process signed before: the store was replaced"
        case .gap(let seq): "the log has no event at seq \(seq): the store is damaged (run ik verify)"
        }
    }
}
