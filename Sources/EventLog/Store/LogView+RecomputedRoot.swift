/// Roots computed from the stored envelope bytes themselves, for what leaves the store as a tree head: a checkpoint
/// signs and a proof names a root the cache alone never vouches for (a doctored log with the genuine log's cache
/// copied in would otherwise be given the genuine root).
extension LogView {
    /// The roots of the first `size` events for each of `sizes`, hashed from the envelopes (one pass up to the
    /// largest). - Throws: ``StoreError/damaged(_:)`` when an event is missing below the largest size.
    public func recomputedRoots(sizes: [UInt64]) throws -> [UInt64: MerkleHash] {
        let wanted = Set(sizes)
        var roots: [UInt64: MerkleHash] = wanted.contains(0) ? [0: MerkleHash.emptyRoot] : [:]
        guard let largest = sizes.max(), largest > 0 else { return roots }
        var frontier = MerkleFrontier()
        try forEachRawEnvelope(in: 1...largest) { seq, bytes in
            guard seq == frontier.size + 1 else { return false }
            frontier.push(MerkleHash.leaf(bytes))
            if wanted.contains(seq) { roots[seq] = frontier.root }
            return true
        }
        guard frontier.size == largest else {
            throw StoreError.damaged("the log has no event at seq \(frontier.size + 1), though it has \(try size) events")
        }
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
        for size in sizes {
            let cached = try root(size: size)
            guard cached == recomputed[size] else {
                throw StoreError.damaged("the Merkle cache gives root \(cached.hex) for the first \(size) events, but "
                    + "their envelopes give \(recomputed[size]?.hex ?? "?"); nothing was signed or proved")
            }
        }
        return recomputed
    }
}
