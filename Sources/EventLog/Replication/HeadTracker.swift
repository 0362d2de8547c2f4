import Foundation

/// The tree head of a store as one process has hashed it: the Merkle frontier of every envelope it has read, extended
/// by hashing only the envelopes appended since it last looked. A server answers `GET /checkpoint` with it without
/// rehashing the log per request; what it signs is always hashed from the envelopes it read, never the Merkle cache.
/// Proofs take their roots from it too (``checkedRoots(sizes:in:)``), so no proof rehashes the log either.
public final class HeadTracker: @unchecked Sendable {
    // @unchecked: `tree` is only touched under `lock`.
    private let lock = NSLock()
    private var tree = HashedTree()

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

    /// The roots of the first `size` events for each of `sizes` (at most the log's size in `view`), hashed from the
    /// envelopes (those this tracker has not seen yet, once), in O(log n) steps, and each checked against the Merkle
    /// cache: a proof's root is never one the cache alone vouches for, nor costs a pass over the log.
    /// - Throws: ``StoreError/damaged(_:)`` when the cache disagrees with the envelopes; ``HeadTrackerError``.
    public func checkedRoots(sizes: [UInt64], in view: LogView) throws -> [UInt64: MerkleHash] {
        let size = try view.size
        let hashed: HashedTree = try {
            lock.lock()
            defer { lock.unlock() }
            // A view older than the tracker is answered from what was hashed already: its sizes are all below.
            if size > tree.size { _ = try advance(in: view) }
            return tree
        }()
        var roots: [UInt64: MerkleHash] = [:]
        for wanted in sizes where wanted <= size {
            // The cache of a view older than the tracker may lack a block hashed since: then its envelopes.
            roots[wanted] = try hashed.root(size: wanted, cache: view, cacheSize: size) { seqs in
                var leaves: [MerkleHash] = []
                try view.forEachRawEnvelope(in: (seqs.lowerBound + 1)...seqs.upperBound) { seq, bytes in
                    let expected = seqs.lowerBound + UInt64(leaves.count) + 1
                    guard seq == expected else { throw HeadTrackerError.gap(at: expected) }
                    leaves.append(MerkleHash.leaf(bytes))
                    return true
                }
                guard leaves.count == seqs.count else { throw HeadTrackerError.gap(at: seqs.lowerBound + UInt64(leaves.count) + 1) }
                return leaves
            }
        }
        try view.checkAgainstCache(roots)
        return roots
    }

    private func advance(in view: LogView) throws -> (size: UInt64, root: MerkleHash) {
        let size = try view.size
        guard size >= tree.size else { throw HeadTrackerError.logShrank(had: tree.size, now: size) }
        if size > tree.size {
            var next = tree
            try view.forEachRawEnvelope(in: (tree.size + 1)...size) { seq, bytes in
                guard seq == next.size + 1 else { throw HeadTrackerError.gap(at: next.size + 1) }
                next.push(MerkleHash.leaf(Array(bytes)))
                return true
            }
            guard next.size == size else { throw HeadTrackerError.gap(at: next.size + 1) }
            tree = next
        }
        return (tree.size, tree.frontier.root)
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
