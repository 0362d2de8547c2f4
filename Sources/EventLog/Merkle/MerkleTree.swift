/// Where the hashes of perfect subtrees come from: the store's cache, or leaf hashes computed on the spot.
public protocol SubtreeHashSource {
    /// The hash of the perfect subtree of `2^level` leaves starting at leaf `index << level`.
    func perfectSubtree(level: Int, index: UInt64) throws -> MerkleHash
}

/// RFC 6962 / RFC 9162 Merkle tree hashes and proofs over any ``SubtreeHashSource``.
///
/// Every range the RFC's recursion visits starts at a multiple of a power of two and splits into perfect
/// subtrees, so with a cache of perfect subtrees a root or proof costs O(log n) lookups.
public enum MerkleTree {
    /// MTH(D[0:size]).
    public static func root(size: UInt64, from source: some SubtreeHashSource) throws -> MerkleHash {
        size == 0 ? MerkleHash.emptyRoot : try rangeHash(start: 0, count: size, from: source)
    }

    /// MTH(D[start:start+count]) for `count ≥ 1`, where `start` is a multiple of the largest power of two
    /// not above `count` (true of every range the RFC's recursion visits).
    public static func rangeHash(start: UInt64, count: UInt64, from source: some SubtreeHashSource) throws
        -> MerkleHash
    {
        if count & (count - 1) == 0 {
            let level = count.trailingZeroBitCount
            return try source.perfectSubtree(level: level, index: start >> UInt64(level))
        }
        let k = largestPowerOfTwo(below: count)
        return MerkleHash.node(
            try rangeHash(start: start, count: k, from: source),
            try rangeHash(start: start + k, count: count - k, from: source))
    }

    /// The largest power of two strictly less than `n` (`n ≥ 2`).
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        1 << UInt64(63 - (n - 1).leadingZeroBitCount)
    }

    /// The RFC 9162 §2.1.3.1 inclusion proof of leaf `index` in the tree of `size` leaves.
    public static func inclusionProof(leafIndex index: UInt64, size: UInt64, from source: some SubtreeHashSource)
        throws -> [MerkleHash]
    {
        precondition(index < size, "leaf index must be below the tree size")
        return try path(index: index, start: 0, count: size, from: source)
    }

    private static func path(index: UInt64, start: UInt64, count: UInt64, from source: some SubtreeHashSource)
        throws -> [MerkleHash]
    {
        if count == 1 { return [] }
        let k = largestPowerOfTwo(below: count)
        if index < k {
            return try path(index: index, start: start, count: k, from: source)
                + [rangeHash(start: start + k, count: count - k, from: source)]
        }
        return try path(index: index - k, start: start + k, count: count - k, from: source)
            + [rangeHash(start: start, count: k, from: source)]
    }

    /// The RFC 9162 §2.1.4.1 consistency proof between the trees of `oldSize` and `newSize` leaves.
    public static func consistencyProof(oldSize: UInt64, newSize: UInt64, from source: some SubtreeHashSource)
        throws -> [MerkleHash]
    {
        precondition(oldSize <= newSize, "the old size must not exceed the new size")
        if oldSize == 0 || oldSize == newSize { return [] }
        return try subproof(m: oldSize, start: 0, count: newSize, complete: true, from: source)
    }

    private static func subproof(
        m: UInt64, start: UInt64, count: UInt64, complete: Bool, from source: some SubtreeHashSource
    ) throws -> [MerkleHash] {
        if m == count {
            return complete ? [] : [try rangeHash(start: start, count: count, from: source)]
        }
        let k = largestPowerOfTwo(below: count)
        if m <= k {
            return try subproof(m: m, start: start, count: k, complete: complete, from: source)
                + [rangeHash(start: start + k, count: count - k, from: source)]
        }
        return try subproof(m: m - k, start: start + k, count: count - k, complete: false, from: source)
            + [rangeHash(start: start, count: k, from: source)]
    }

    /// Checks an inclusion proof as RFC 9162 §2.1.3.2 describes.
    public static func verifyInclusion(
        leafHash: MerkleHash, leafIndex: UInt64, size: UInt64, proof: [MerkleHash], root: MerkleHash
    ) -> Bool {
        guard leafIndex < size else { return false }
        var fn = leafIndex
        var sn = size - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleHash.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Checks a consistency proof as RFC 9162 §2.1.4.2 describes.
    public static func verifyConsistency(
        oldSize: UInt64, newSize: UInt64, oldRoot: MerkleHash, newRoot: MerkleHash, proof: [MerkleHash]
    ) -> Bool {
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty }
        guard oldSize < newSize, !proof.isEmpty else { return false }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(c, fr)
                sr = MerkleHash.node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleHash.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }
}

/// Leaf hashes held in memory: the source for tests and for small trees computed on the spot.
public struct LeafHashes: SubtreeHashSource, Sendable {
    public let leaves: [MerkleHash]

    public init(_ leaves: [MerkleHash]) { self.leaves = leaves }

    public func perfectSubtree(level: Int, index: UInt64) throws -> MerkleHash {
        if level == 0 { return leaves[Int(index)] }
        return MerkleHash.node(
            try perfectSubtree(level: level - 1, index: index << 1),
            try perfectSubtree(level: level - 1, index: index << 1 | 1))
    }
}
