/// The Merkle tree of the log, answered from the cache of complete subtrees.
extension LogView: SubtreeHashSource {
    public func perfectSubtree(level: Int, index: UInt64) throws -> MerkleHash {
        if !StoreLayout.current.keepsMerkleLevel(level) {
            // Between the leaves and the lowest inner level kept: from the two halves, down to cached leaves. So
            // also in a store of the first format, which keeps them: every layout gives the same answers.
            return MerkleHash.node(try perfectSubtree(level: level - 1, index: index << 1),
                                   try perfectSubtree(level: level - 1, index: index << 1 | 1))
        }
        let hash = try transaction.withValue(
            forKey: StorageKeys.merkle(level: level, index: index), in: databases.merkle
        ) { MerkleHash(bytes: $0) }
        guard let found = hash, let hash = found else {
            throw LogReadError.missingMerkleNode(level: level, index: index)
        }
        return hash
    }

    /// The root of the tree of the first `size` events: O(log n) cache lookups.
    public func root(size: UInt64) throws -> MerkleHash {
        try MerkleTree.root(size: size, from: self)
    }

    /// The root of the whole log as this view sees it.
    public var root: MerkleHash {
        get throws { try root(size: try size) }
    }

    /// The right edge of the tree of `size` events, from which appends continue.
    func frontier(size: UInt64) throws -> MerkleFrontier {
        let nodes = try MerkleFrontier.perfectSubtrees(of: size).map { level, index in
            MerkleFrontier.Node(level: level, index: index, hash: try perfectSubtree(level: level, index: index))
        }
        return MerkleFrontier(size: size, nodes: nodes)
    }

    /// The RFC 9162 inclusion proof of event `seq` in the tree of `size` events.
    public func inclusionProof(seq: UInt64, size: UInt64) throws -> [MerkleHash] {
        try MerkleTree.inclusionProof(leafIndex: seq - 1, size: size, from: self)
    }

    /// The RFC 9162 consistency proof between the trees of `oldSize` and `newSize` events.
    public func consistencyProof(oldSize: UInt64, newSize: UInt64) throws -> [MerkleHash] {
        try MerkleTree.consistencyProof(oldSize: oldSize, newSize: newSize, from: self)
    }
}
