import Foundation
import LMDB
import Testing

@testable import EventLog

/// Red team 6 (proofs-scan-the-log-unlimited): every proof the server gave hashed the whole log again to check its
/// root (150–330 ms at 100,000 events, not limited). Now the root comes from what the server's ``HeadTracker``
/// hashed once, in O(log n) steps each checked against the Merkle cache.
@Suite struct ProofReadTests {
    /// A cache that counts what it is asked.
    final class CountingCache: SubtreeHashSource, @unchecked Sendable {
        // @unchecked: used by one test at a time.
        var leaves: [MerkleHash]
        var reads = 0
        init(_ leaves: [MerkleHash]) { self.leaves = leaves }
        func perfectSubtree(level: Int, index: UInt64) throws -> MerkleHash {
            reads += 1
            return try LeafHashes(leaves).perfectSubtree(level: level, index: index)
        }
    }

    static func leaves(_ count: Int) -> [MerkleHash] { (0..<count).map { MerkleHash.leaf(Array("leaf \($0)".utf8)) } }

    @Test func everyRootComesFromMemoryAndAFewCheckedCacheNodes() throws {
        let leaves = Self.leaves(1100)
        var tree = HashedTree()
        for leaf in leaves { tree.push(leaf) }
        let cache = CountingCache(leaves)
        for size in 0...UInt64(leaves.count) {
            cache.reads = 0
            let root = try tree.root(size: size, cache: cache, cacheSize: tree.size) { _ in
                Issue.record("no envelope is read when the cache holds the block")
                return []
            }
            #expect(root == (try MerkleTree.root(size: size, from: LeafHashes(leaves))), "size \(size)")
            #expect(cache.reads <= 2 * HashedTree.keptLevel, "size \(size): \(cache.reads) cache reads")
        }
        #expect(try tree.root(size: 1101, cache: cache, cacheSize: tree.size) { _ in [] } == nil)
    }

    @Test func aCacheNodeThatDoesNotHashToTheEnvelopesIsRefused() throws {
        let leaves = Self.leaves(1100)
        var tree = HashedTree()
        for leaf in leaves { tree.push(leaf) }
        let cache = CountingCache(leaves)
        cache.leaves[300] = MerkleHash.leaf([0xFF])
        #expect(throws: StoreError.self) { try tree.root(size: 290, cache: cache, cacheSize: 1100) { _ in [] } }
        // A block the cache is not asked about, and one the envelopes give (the cache's view is older).
        #expect(try tree.root(size: 520, cache: cache, cacheSize: 1100) { _ in [] } == (try MerkleTree.root(size: 520, from: LeafHashes(leaves))))
        let old = try tree.root(size: 290, cache: cache, cacheSize: 295) { range in Array(leaves[Int(range.lowerBound)..<Int(range.upperBound)]) }
        #expect(old == (try MerkleTree.root(size: 290, from: LeafHashes(leaves))))
    }

    /// The store-level proof: once the tracker hashed the log, envelopes far from the proof's path are deleted and
    /// every proof is still given, the same as before; the old code read them all again and failed.
    @Test func aProofReadsNoEnvelopeFarFromItsPath() throws {
        let t = try TemporaryStore()
        try t.store.append((0..<1200).map { draft(stream: "s-\($0 % 9)") })
        let tracker = HeadTracker()
        _ = try tracker.current(of: t.store)
        let asked: [(UInt64, UInt64?)] = [(5, nil), (5, 1000), (1190, nil), (700, 1100), (5, 1195)]
        let consistency: [(UInt64, UInt64?)] = [(70, nil), (70, 1000), (513, 1024), (1000, 1199)]
        let before = try t.store.read { view in
            (try asked.map { try TreeProofs.inclusion(seq: $0.0, size: $0.1, in: view) },
             try consistency.map { try TreeProofs.consistency(from: $0.0, to: $0.1, in: view) })
        }
        try t.store.environment.write { txn in
            let events = try txn.openDatabase(named: "events")
            for seq: UInt64 in 300...650 { try txn.delete(key: withUnsafeBytes(of: seq.bigEndian, Array.init), in: events) }
            return .commit
        }
        let roots = TreeProofs.tracked(by: tracker)
        let after = try t.store.read { view in
            (try asked.map { try TreeProofs.inclusion(seq: $0.0, size: $0.1, in: view, roots: roots) },
             try consistency.map { try TreeProofs.consistency(from: $0.0, to: $0.1, in: view, roots: roots) })
        }
        #expect(after.0 == before.0 && after.1 == before.1)
        // One command's proof still walks the envelopes, and finds the hole.
        #expect(throws: StoreError.self) { try t.store.read { try TreeProofs.inclusion(seq: 5, size: nil, in: $0) } }
    }
}
