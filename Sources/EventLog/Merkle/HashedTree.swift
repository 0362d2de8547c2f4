/// A Merkle tree hashed leaf by leaf from the envelopes, kept in memory sparsely enough for any log: its frontier,
/// every perfect subtree of ``keptLevel`` or above (one hash per 2^keptLevel leaves, about 256 bytes per 1,000
/// events), and the leaves of the last, incomplete block. From these the root of any size up to ``size`` comes in
/// O(log n) steps, each checked against what was hashed from the envelopes, never taken from the cache alone.
public struct HashedTree: Sendable, Equatable {
    /// The lowest level kept: a block of 2^keptLevel leaves.
    public static let keptLevel = 8

    public private(set) var frontier = MerkleFrontier()
    /// `levels[j][i]`: the perfect subtree of level `keptLevel + j` and index `i`.
    private var levels: [[MerkleHash]] = []
    /// The leaves after the last complete block.
    private var tail: [MerkleHash] = []

    public init() {}

    /// The number of leaves hashed.
    public var size: UInt64 { frontier.size }

    /// Appends the hash of the next leaf.
    public mutating func push(_ leaf: MerkleHash) {
        for node in frontier.push(leaf) where node.level >= Self.keptLevel {
            // Subtrees of one level complete left to right, so each is the next of its level.
            let j = node.level - Self.keptLevel
            if levels.count == j { levels.append([]) }
            levels[j].append(node.hash)
        }
        tail.append(leaf)
        if tail.count == 1 << Self.keptLevel { tail.removeAll(keepingCapacity: true) }
    }

    /// The root of the first `size` leaves (at most ``size``). Subtrees of ``keptLevel`` and above come from memory;
    /// the smaller ones at the end, inside one block, from the tail's leaves when the block is the last one, or else
    /// from `cache` (O(keptLevel) reads), whose nodes must hash to the block this tree hashed from the envelopes; when
    /// the cache holds fewer than the block's leaves (`cacheSize`), from `leaves` (fewer than 2^keptLevel).
    /// - Returns: `nil` when `size` is beyond the leaves hashed.
    /// - Throws: ``StoreError/damaged(_:)`` when the cache's nodes do not hash to the block.
    public func root(size: UInt64, cache: some SubtreeHashSource, cacheSize: UInt64,
                     leaves: (Range<UInt64>) throws -> [MerkleHash]) throws -> MerkleHash? {
        guard size <= self.size else { return nil }
        guard size > 0 else { return MerkleHash.emptyRoot }
        if size == self.size { return frontier.root }
        let k = Self.keptLevel
        var nodes: [MerkleHash] = []
        for (level, index) in MerkleFrontier.perfectSubtrees(of: size) where level >= k {
            nodes.append(levels[level - k][Int(index)])
        }
        let block = size >> UInt64(k)
        let blockStart = block << UInt64(k)
        if size > blockStart {
            if blockStart + UInt64(tail.count) == self.size || (block + 1) << UInt64(k) > cacheSize {
                let hashes: [MerkleHash]
                if blockStart + UInt64(tail.count) == self.size {
                    hashes = Array(tail[0..<Int(size - blockStart)])
                } else {
                    hashes = try leaves(blockStart..<size)
                }
                var small = MerkleFrontier()
                for leaf in hashes { small.push(leaf) }
                nodes += small.nodes.map(\.hash)
            } else {
                var prefix: [MerkleHash] = []
                let hash = try Self.hash(level: k, index: block, cut: size, cache: cache, prefix: &prefix)
                guard hash == levels[0][Int(block)] else {
                    throw StoreError.damaged("the Merkle cache's nodes of events \(blockStart + 1) to \(blockStart + (1 << UInt64(k))) "
                        + "do not hash to what their envelopes give; nothing was signed or proved")
                }
                nodes += prefix
            }
        }
        guard var root = nodes.last else { return MerkleHash.emptyRoot }
        for node in nodes.dropLast().reversed() { root = MerkleHash.node(node, root) }
        return root
    }

    /// The hash of a perfect subtree recomputed down the path of leaf `cut`, reading each side subtree from `cache`;
    /// those wholly before `cut` (the first `cut` leaves' own subtrees, largest first) are collected in `prefix`.
    private static func hash(level: Int, index: UInt64, cut: UInt64, cache: some SubtreeHashSource,
                             prefix: inout [MerkleHash]) throws -> MerkleHash {
        let (start, end) = (index << UInt64(level), (index + 1) << UInt64(level))
        if end <= cut {
            let hash = try cache.perfectSubtree(level: level, index: index)
            prefix.append(hash)
            return hash
        }
        if start >= cut { return try cache.perfectSubtree(level: level, index: index) }
        let left = try hash(level: level - 1, index: index << 1, cut: cut, cache: cache, prefix: &prefix)
        let right = try hash(level: level - 1, index: index << 1 | 1, cut: cut, cache: cache, prefix: &prefix)
        return MerkleHash.node(left, right)
    }
}
