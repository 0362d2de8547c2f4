import Testing

@testable import EventLog

/// The Certificate Transparency test vectors (RFC 6962 reference implementation's merkle tests).
@Suite struct MerkleTreeTests {
    static let leafInputs = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                             "606162636465666768696a6b6c6d6e6f"]
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    static func hexBytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var chars = Array(hex.utf8)[...]
        while chars.count >= 2 {
            result.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16)!)
            chars = chars.dropFirst(2)
        }
        return result
    }

    let leaves = leafInputs.map { MerkleHash.leaf(hexBytes($0)) }

    @Test func theEmptyTreeHasTheHashOfNothing() throws {
        #expect(MerkleHash.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try MerkleTree.root(size: 0, from: LeafHashes([])) == MerkleHash.emptyRoot)
    }

    @Test(arguments: 1...8) func rootsMatchTheVectors(size: Int) throws {
        #expect(try MerkleTree.root(size: UInt64(size), from: LeafHashes(leaves)).hex == Self.roots[size - 1])
    }

    @Test func theFrontierComputesTheSameRootsLeafByLeaf() {
        var frontier = MerkleFrontier()
        for (i, leaf) in leaves.enumerated() {
            frontier.push(leaf)
            #expect(frontier.root.hex == Self.roots[i])
        }
    }

    @Test func inclusionProofsMatchTheVectors() throws {
        let source = LeafHashes(leaves)
        #expect(try MerkleTree.inclusionProof(leafIndex: 0, size: 1, from: source).isEmpty)
        let proof = try MerkleTree.inclusionProof(leafIndex: 0, size: 8, from: source)
        #expect(proof.map(\.hex) == [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ])
        let proof5 = try MerkleTree.inclusionProof(leafIndex: 5, size: 8, from: source)
        #expect(proof5.map(\.hex) == [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ])
    }

    @Test func consistencyProofsMatchTheVectors() throws {
        let source = LeafHashes(leaves)
        #expect(try MerkleTree.consistencyProof(oldSize: 1, newSize: 8, from: source).map(\.hex) == [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ])
        #expect(try MerkleTree.consistencyProof(oldSize: 6, newSize: 8, from: source).map(\.hex) == [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ])
        #expect(try MerkleTree.consistencyProof(oldSize: 2, newSize: 5, from: source).map(\.hex) == [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ])
    }

    @Test func everyProofOfEveryPairVerifiesAndATamperedOneDoesNot() throws {
        let source = LeafHashes(leaves)
        for size in 1...8 {
            let root = try MerkleTree.root(size: UInt64(size), from: source)
            for index in 0..<size {
                let proof = try MerkleTree.inclusionProof(leafIndex: UInt64(index), size: UInt64(size), from: source)
                #expect(MerkleTree.verifyInclusion(leafHash: leaves[index], leafIndex: UInt64(index),
                                                   size: UInt64(size), proof: proof, root: root))
                #expect(!MerkleTree.verifyInclusion(leafHash: leaves[(index + 1) % 8], leafIndex: UInt64(index),
                                                    size: UInt64(size), proof: proof, root: root))
            }
            for old in 1...size {
                let oldRoot = try MerkleTree.root(size: UInt64(old), from: source)
                let proof = try MerkleTree.consistencyProof(oldSize: UInt64(old), newSize: UInt64(size), from: source)
                #expect(MerkleTree.verifyConsistency(oldSize: UInt64(old), newSize: UInt64(size), oldRoot: oldRoot,
                                                     newRoot: root, proof: proof))
                if old < size {
                    #expect(!MerkleTree.verifyConsistency(oldSize: UInt64(old), newSize: UInt64(size),
                                                          oldRoot: leaves[7], newRoot: root, proof: proof))
                }
            }
        }
    }
}
