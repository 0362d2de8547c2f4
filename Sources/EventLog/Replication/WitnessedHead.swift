import LMDB

/// A checkpoint note of this log that a quorum of its witnesses cosigned (c2sp.org/tlog-cosignature), as the server
/// took it: kept in the store's meta by tree size (`witnessed:` + the size, big-endian), never replaced. A committee
/// report names the first one that covers its knowledge point, so a reader of the paper can check it.
public struct WitnessedHead: Sendable, Hashable {
    public let treeSize: UInt64
    public let root: MerkleHash
    /// The names of the witnesses whose cosignatures the note carries.
    public let witnesses: [String]
    /// The note as served: the checkpoint, the log's signature and the cosignatures.
    public let note: String

    /// - Throws: ``NoteError`` when `note` is not a signed checkpoint note.
    public init(note: String) throws(NoteError) {
        let signed = try SignedNote(parsing: note)
        let checkpoint = try CheckpointNote(text: signed.text)
        treeSize = checkpoint.treeSize
        root = checkpoint.root
        witnesses = signed.signatures.map(\.keyName).filter { $0 != checkpoint.origin }
        self.note = signed.rendered
    }

    /// How many of `witnesses` must cosign a note for it to count as witnessed: a majority.
    public static func quorum(of witnesses: Int) -> Int { witnesses / 2 + 1 }

    static let keyPrefix = Array("witnessed:".utf8)

    static func key(_ size: UInt64) -> [UInt8] { keyPrefix + StorageKeys.bigEndian(size) }
}

extension EventStore {
    /// Keeps `head` (its signatures checked by the caller) unless a witnessed head of its size is kept already.
    public func keepWitnessed(_ head: WitnessedHead) throws {
        try writeAgainWhenMapGrown { txn in
            let key = WitnessedHead.key(head.treeSize)
            guard try txn.copyValue(forKey: key, in: databases.meta) == nil else { return .rollback(()) }
            try txn.put(Array(head.note.utf8), forKey: key, in: databases.meta)
            return .commit(())
        }
    }
}

extension LogView {
    /// The first witnessed head of `size` or more (one that covers the first `size` events), if the store keeps one.
    public func witnessedHead(covering size: UInt64) throws -> WitnessedHead? {
        try transaction.withCursor(on: databases.meta) { cursor in
            guard let entry = try cursor.seek(atOrAfter: WitnessedHead.key(size)),
                entry.key.starts(with: WitnessedHead.keyPrefix)
            else { return nil }
            return try? WitnessedHead(note: String(decoding: entry.value, as: UTF8.self))
        }
    }
}
