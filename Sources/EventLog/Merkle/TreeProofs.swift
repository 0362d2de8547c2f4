/// The RFC 9162 proofs as `ik proof` prints them and the server answers (Schemas/tree/*-proof.schema.json).
public enum TreeProofs {
    /// Sizes or seqs that do not fit the log, with what to give instead.
    public struct OutOfRange: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
        /// The advice, in the words of the command line's options.
        public let advice: String
    }

    /// The inclusion proof of event `seq` in the tree of the first `size` events (default: the whole log).
    public static func inclusion(seq: UInt64, size: UInt64?, in view: LogView) throws -> JSONValue {
        let logSize = try view.size
        let treeSize = size ?? logSize
        guard seq >= 1, seq <= treeSize, treeSize <= logSize else {
            throw OutOfRange(description: "seq \(seq) is not in a tree of size \(treeSize) (the log has \(logSize) events)",
                             advice: "Give 1 ≤ --seq ≤ --size ≤ the log's size.")
        }
        var leaf = MerkleHash.emptyRoot
        try view.forEachRawEnvelope(in: seq...seq) { _, bytes in
            leaf = MerkleHash.leaf(bytes)
            return false
        }
        let root = try view.checkedRoot(size: treeSize)
        let proof = try view.inclusionProof(seq: seq, size: treeSize)
        return ["leafIndex": .integer(Int64(seq - 1)), "treeSize": .integer(Int64(treeSize)), "leafHash": .string(leaf.hex),
                "root": .string(root.hex), "proof": .array(proof.map { .string($0.hex) })]
    }

    /// The consistency proof from the tree of the first `from` events to that of the first `to` (default: the log).
    public static func consistency(from: UInt64, to: UInt64?, in view: LogView) throws -> JSONValue {
        let size = try view.size
        let newSize = to ?? size
        guard from <= newSize, newSize <= size else {
            throw OutOfRange(description: "sizes \(from) and \(newSize) do not fit a log of \(size) events",
                             advice: "Give --from M ≤ --to N ≤ the log's size.")
        }
        let roots = try view.checkedRoots(sizes: [from, newSize])
        let proof = try view.consistencyProof(oldSize: from, newSize: newSize)
        return ["fromSize": .integer(Int64(from)), "toSize": .integer(Int64(newSize)),
                "fromRoot": .string(roots[from]?.hex ?? ""), "toRoot": .string(roots[newSize]?.hex ?? ""),
                "proof": .array(proof.map { .string($0.hex) })]
    }
}
