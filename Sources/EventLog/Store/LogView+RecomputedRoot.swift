/// Roots computed from the stored envelope bytes themselves, for what leaves the store as a tree head: a checkpoint
/// signs and a proof names a root the cache alone never vouches for (a doctored log with the genuine log's cache
/// copied in would otherwise be given the genuine root).
extension LogView {
    /// The one walk that hashes the log: every stored envelope from seq 1 through `size`, in order, each pushed
    /// as a leaf into the returned frontier after `body` has seen it (`body` gets the frontier of the events
    /// before it). A seq with no envelope below `size` ends the walk with `missing(seq)` thrown: an event taken
    /// out would otherwise leave a tree of the other events that nothing compares.
    public func hashEnvelopes(through size: UInt64, missing: (UInt64) -> any Error,
                              _ body: (UInt64, UnsafeRawBufferPointer, MerkleFrontier) throws -> Void = { _, _, _ in }) throws
        -> MerkleFrontier
    {
        var frontier = MerkleFrontier()
        guard size > 0 else { return frontier }
        try forEachRawEnvelope(in: 1...size) { seq, bytes in
            guard seq == frontier.size + 1 else { throw missing(frontier.size + 1) }
            try body(seq, bytes, frontier)
            frontier.push(MerkleHash.leaf(bytes))
            return true
        }
        guard frontier.size == size else { throw missing(frontier.size + 1) }
        return frontier
    }

    /// The roots of the first `size` events for each of `sizes`, hashed from the envelopes (one pass up to the
    /// largest). - Throws: ``StoreError/damaged(_:)`` when an event is missing below the largest size.
    public func recomputedRoots(sizes: [UInt64]) throws -> [UInt64: MerkleHash] {
        let wanted = Set(sizes)
        var roots: [UInt64: MerkleHash] = wanted.contains(0) ? [0: MerkleHash.emptyRoot] : [:]
        guard let largest = sizes.max(), largest > 0 else { return roots }
        let events = try self.size
        let frontier = try hashEnvelopes(through: largest, missing: { seq in
            StoreError.damaged("the log has no event at seq \(seq), though it has \(events) events")
        }) { seq, _, before in
            // The root of the first seq - 1 events.
            if wanted.contains(seq - 1), seq > 1 { roots[seq - 1] = before.root }
        }
        roots[largest] = frontier.root
        return roots
    }

    /// The root of the first `size` events, from the cache after checking it against the envelopes.
    /// - Throws: ``StoreError/damaged(_:)`` naming both roots when the cache and the envelopes disagree.
    public func checkedRoot(size: UInt64) throws -> MerkleHash {
        try checkedRoots(sizes: [size])[size] ?? MerkleHash.emptyRoot
    }

    /// ``checkedRoot(size:)`` for several sizes, in one pass over the envelopes.
    public func checkedRoots(sizes: [UInt64]) throws -> [UInt64: MerkleHash] {
        let recomputed = try recomputedRoots(sizes: sizes)
        try checkAgainstCache(recomputed)
        return recomputed
    }

    /// Checks roots hashed from the envelopes (by ``recomputedRoots(sizes:)`` or a ``HeadTracker``) against the cache.
    /// - Throws: ``StoreError/damaged(_:)`` naming both roots when they disagree.
    public func checkAgainstCache(_ recomputed: [UInt64: MerkleHash]) throws {
        for (size, root) in recomputed.sorted(by: { $0.key < $1.key }) {
            let cached = try self.root(size: size)
            guard cached == root else {
                throw StoreError.damaged("the Merkle cache gives root \(cached.hex) for the first \(size) events, but "
                    + "their envelopes give \(root.hex); nothing was signed or proved")
            }
        }
    }
}
