/// A place where the stored log does not prove itself, found by ``EventStore/verify(anchors:progress:)``.
public struct VerificationProblem: Sendable, Hashable, CustomStringConvertible {
    /// The first seq affected, when the problem belongs to one event.
    public let seq: UInt64?
    /// What was checked: `envelope`, `payload`, `merkle`, `streams`, `effective`, `idempotency`,
    /// `streamkeys`, `checkpoint`, `anchor`, `sequence`, `storage`.
    public let check: String
    /// What did not match and why.
    public let detail: String

    public init(seq: UInt64?, check: String, detail: String) {
        self.seq = seq
        self.check = check
        self.detail = detail
    }

    public var description: String {
        (seq.map { "seq \($0): " } ?? "") + "\(check): \(detail)"
    }
}

/// A tree size and root published earlier, which today's log must still contain.
public struct Anchor: Sendable, Hashable, CustomStringConvertible {
    public let treeSize: UInt64
    public let root: MerkleHash
    /// When the head was published, as a signed JSON checkpoint names it (`nil` for a bare anchor or a note).
    public let time: Instant?

    public init(treeSize: UInt64, root: MerkleHash, time: Instant? = nil) {
        self.treeSize = treeSize
        self.root = root
        self.time = time
    }

    /// Parses `SIZE:ROOT` (`1234:9f86d0…`); `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let size = UInt64(parts[0]), let root = MerkleHash(hex: String(parts[1])) else {
            return nil
        }
        self.init(treeSize: size, root: root)
    }

    public var description: String { "\(treeSize):\(root.hex)" }
}

/// What `verify` found: the recomputed root, what was checked and every problem, first seq first.
public struct VerificationReport: Sendable, Hashable {
    public let treeSize: UInt64
    /// The root recomputed from the stored envelope bytes (not from the cache).
    public let root: MerkleHash
    public let problems: [VerificationProblem]
    /// Seqs whose payload was removed by redaction; their envelopes and digests still prove.
    public let redactedSeqs: [UInt64]
    /// Stored checkpoints whose root was recomputed and compared.
    public let checkpointsChecked: Int
    /// Anchors given by the caller that were compared.
    public let anchorsChecked: Int
    /// Events whose envelope says their recorded time was chosen (a pinned clock, `IK_NOW`).
    public let pinnedClockEvents: UInt64

    /// True when nothing failed.
    public var isIntact: Bool { problems.isEmpty }

    /// The problem with the lowest seq, or the first one without a seq.
    public var firstProblem: VerificationProblem? {
        problems.min { ($0.seq ?? .max) < ($1.seq ?? .max) }
    }
}
