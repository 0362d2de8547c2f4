/// The RFC 9162 proofs as `ik proof` prints them and the server answers (Schemas/tree/*-proof.schema.json).
public enum TreeProofs {
    /// Sizes or seqs that do not fit the log, with what to give instead.
    public struct OutOfRange: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
        /// The advice, in the words of the command line's options.
        public let advice: String
    }

    /// The roots of the first `size` events for each of `sizes`, hashed from the envelopes and checked against the
    /// cache: ``LogView/checkedRoots(sizes:)`` (one pass over the log, for one command) or a server's
    /// ``HeadTracker/checkedRoots(sizes:in:)`` (the log hashed once, then O(log n) per proof).
    public typealias Roots = @Sendable (LogView, [UInt64]) throws -> [UInt64: MerkleHash]

    /// ``Roots`` from the envelopes, one pass per call.
    public static let rehashed: Roots = { view, sizes in try view.checkedRoots(sizes: sizes) }

    /// ``Roots`` from what `tracker` hashed, extended by the envelopes appended since.
    public static func tracked(by tracker: HeadTracker) -> Roots {
        { view, sizes in try tracker.checkedRoots(sizes: sizes, in: view) }
    }

    /// The inclusion proof of event `seq` in the tree of the first `size` events (default: the whole log).
    public static func inclusion(seq: UInt64, size: UInt64?, in view: LogView, roots: Roots = rehashed) throws -> JSONValue {
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
        let root = try roots(view, [treeSize])[treeSize] ?? MerkleHash.emptyRoot
        let proof = try view.inclusionProof(seq: seq, size: treeSize)
        return ["leafIndex": .integer(Int64(seq - 1)), "treeSize": .integer(Int64(treeSize)), "leafHash": .string(leaf.hex),
                "root": .string(root.hex), "proof": .array(proof.map { .string($0.hex) })]
    }

    /// The consistency proof from the tree of the first `from` events to that of the first `to` (default: the log).
    public static func consistency(from: UInt64, to: UInt64?, in view: LogView, roots: Roots = rehashed) throws -> JSONValue {
        let size = try view.size
        let newSize = to ?? size
        guard from <= newSize, newSize <= size else {
            throw OutOfRange(description: "sizes \(from) and \(newSize) do not fit a log of \(size) events",
                             advice: "Give --from M ≤ --to N ≤ the log's size.")
        }
        let heads = try roots(view, [from, newSize])
        let proof = try view.consistencyProof(oldSize: from, newSize: newSize)
        return ["fromSize": .integer(Int64(from)), "toSize": .integer(Int64(newSize)),
                "fromRoot": .string(heads[from]?.hex ?? ""), "toRoot": .string(heads[newSize]?.hex ?? ""),
                "proof": .array(proof.map { .string($0.hex) })]
    }
}
