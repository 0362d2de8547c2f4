/// The right edge of a Merkle tree being built leaf by leaf: the roots of its perfect subtrees, largest
/// first. Pushing a leaf reports every subtree it completes, which is what the store caches and what
/// `verify` compares against the cache.
public struct MerkleFrontier: Sendable, Equatable {
    /// A perfect subtree: `2^level` leaves starting at leaf `index << level`.
    public struct Node: Sendable, Equatable {
        public let level: Int
        public let index: UInt64
        public let hash: MerkleHash
    }

    /// Number of leaves pushed so far.
    public private(set) var size: UInt64 = 0
    /// Perfect subtrees covering all leaves, from the left (largest) to the right (smallest).
    public private(set) var nodes: [Node] = []

    public init() {}

    /// A frontier for `size` leaves from its perfect subtrees, as ``perfectSubtrees(of:)`` lists them.
    public init(size: UInt64, nodes: [Node]) {
        self.size = size
        self.nodes = nodes
    }

    /// Appends a leaf hash. - Returns: the subtrees it completes: the leaf itself (level 0), then each
    /// higher level it closes, in that order.
    @discardableResult
    public mutating func push(_ leaf: MerkleHash) -> [Node] {
        var completed: [Node] = []
        push(leaf) { completed.append($0) }
        return completed
    }

    /// Appends a leaf hash and calls `body` with each subtree it completes, in the order ``push(_:)`` returns them
    /// (without an array per leaf: the writer's path). When `body` throws, the leaf is not pushed.
    public mutating func push(_ leaf: MerkleHash, _ body: (Node) throws -> Void) rethrows {
        var current = Node(level: 0, index: size, hash: leaf)
        try body(current)
        var merged = nodes.count
        while merged > 0, nodes[merged - 1].level == current.level {
            let last = nodes[merged - 1]
            current = Node(level: current.level + 1, index: last.index >> 1, hash: MerkleHash.node(last.hash, current.hash))
            try body(current)
            merged -= 1
        }
        nodes.removeSubrange(merged...)
        nodes.append(current)
        size += 1
    }

    /// The RFC 6962 root of the leaves pushed so far.
    public var root: MerkleHash {
        guard var hash = nodes.last?.hash else { return MerkleHash.emptyRoot }
        for node in nodes.dropLast().reversed() { hash = MerkleHash.node(node.hash, hash) }
        return hash
    }

    /// The perfect subtrees `(level, index)` that make up a tree of `size` leaves, largest first.
    public static func perfectSubtrees(of size: UInt64) -> [(level: Int, index: UInt64)] {
        var result: [(Int, UInt64)] = []
        var start: UInt64 = 0
        for level in stride(from: 63, through: 0, by: -1) where size & (1 << UInt64(level)) != 0 {
            result.append((level, start >> UInt64(level)))
            start += 1 << UInt64(level)
        }
        return result
    }
}
