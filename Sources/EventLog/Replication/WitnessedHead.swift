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

/// The keys a reader trusts to check a stored witnessed note: the log's checkpoint key and its witnesses' verifier
/// keys, given to the command that reads (`ik report|verify|serve`), never taken from the store — one put into the
/// store's meta would otherwise name any witness.
public struct WitnessTrust: Sendable, Hashable {
    /// The log's public key: `ik keygen`'s bare base64 (named by the note's origin) or a verifier key.
    public let logKey: String
    public let witnesses: [NoteVerifierKey]
    /// How many of ``witnesses`` must have cosigned.
    public let quorum: Int

    /// - Parameter quorum: default a majority of `witnesses`.
    public init(logKey: String, witnesses: [NoteVerifierKey], quorum: Int? = nil) {
        self.logKey = logKey.trimmingCharacters(in: .whitespacesAndNewlines)
        self.witnesses = witnesses.filter { $0.type == .cosignatureV1 }
        self.quorum = max(1, quorum ?? WitnessedHead.quorum(of: self.witnesses.count))
    }

    /// The witnesses (by name) whose cosignatures of `head` verify, when the log's signature verifies and at least
    /// ``quorum`` of ``witnesses`` cosigned. - Throws: ``NoteError`` saying what does not verify.
    public func check(_ head: WitnessedHead) throws(NoteError) -> [String] {
        let signed = try SignedNote(parsing: head.note)
        let checkpoint = try CheckpointNote(text: signed.text)
        let key = if let raw = try? CheckpointNote.keyBytes(logKey) {
            try NoteVerifierKey(name: checkpoint.origin, type: .ed25519, publicKey: raw)
        } else {
            try NoteVerifierKey(vkey: logKey)
        }
        guard key.name == checkpoint.origin else {
            throw .unverified("the log's key is named \(key.name), but the note's origin is \(checkpoint.origin)")
        }
        let verified = try CheckpointNote.verify(signed, logKeys: [key], witnesses: witnesses, quorum: quorum)
        return verified.witnessedBy.map(\.key.name)
    }
}

extension LogView {
    /// Every witnessed head the store keeps, smallest first (an entry that is not a signed note is skipped here:
    /// ``WitnessTrust/check(_:)`` is what tells whether a kept one holds).
    public func witnessedHeads() throws -> [(key: UInt64, head: WitnessedHead?)] {
        try transaction.withCursor(on: databases.meta) { cursor in
            var heads: [(key: UInt64, head: WitnessedHead?)] = []
            var entry = try cursor.seek(atOrAfter: WitnessedHead.keyPrefix)
            while let current = entry, current.key.starts(with: WitnessedHead.keyPrefix) {
                let size = current.key.dropFirst(WitnessedHead.keyPrefix.count).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                heads.append((size, try? WitnessedHead(note: String(decoding: current.value, as: UTF8.self))))
                entry = try cursor.next()
            }
            return heads
        }
    }
}
