import Foundation

/// A tree head as a C2SP checkpoint (c2sp.org/tlog-checkpoint): the note text `ORIGIN\nSIZE\nbase64(ROOT)\n`,
/// signed by the log and cosigned by witnesses (c2sp.org/tlog-cosignature).
public struct CheckpointNote: Sendable, Hashable {
    /// The log's identity, for example `ikstore.example/socialnamnden`.
    public let origin: String
    public let treeSize: UInt64
    public let root: MerkleHash
    /// Opaque extension lines (IKStore writes none).
    public let extensions: [String]

    public init(origin: String, treeSize: UInt64, root: MerkleHash, extensions: [String] = []) throws(NoteError) {
        guard !origin.isEmpty, !origin.contains("\n") else { throw .malformed("the origin is one non-empty line") }
        guard extensions.allSatisfy({ !$0.isEmpty && !$0.contains("\n") }) else {
            throw .malformed("extension lines are non-empty")
        }
        self.origin = origin
        self.treeSize = treeSize
        self.root = root
        self.extensions = extensions
    }

    /// Reads the checkpoint in a note's text. - Throws: ``NoteError/malformed(_:)``.
    public init(text: String) throws(NoteError) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count >= 3, text.hasSuffix("\n") else {
            throw .malformed("a checkpoint is at least three lines: origin, tree size, base64 root")
        }
        let size = String(lines[lines.startIndex + 1])
        guard let treeSize = UInt64(size), size == String(treeSize) else {
            throw .malformed("the tree size \"\(size)\" is not a decimal number without leading zeroes")
        }
        guard let rootBytes = Data(base64Encoded: String(lines[lines.startIndex + 2])),
            let root = MerkleHash(bytes: rootBytes)
        else { throw .malformed("the root is not the base64 of 32 bytes") }
        try self.init(origin: String(lines[lines.startIndex]), treeSize: treeSize, root: root,
                      extensions: lines.dropFirst(3).map(String.init))
    }

    /// The note text: the lines that are signed.
    public var text: String {
        ([origin, String(treeSize), Data(root.bytes).base64EncodedString()] + extensions).map { $0 + "\n" }.joined()
    }

    /// The checkpoint signed by the log's key (type ``NoteSignatureType/ed25519``).
    public func signed(by key: NoteSigningKey) throws -> SignedNote {
        guard key.verifier.type == .ed25519 else { throw NoteError.badKey("a log signs with an Ed25519 note key (type 01)") }
        let signature = try key.signature(for: Array(text.utf8))
        return try SignedNote(text: text, signatures: [
            NoteSignature(keyName: key.verifier.name, keyID: key.verifier.keyID, signature: signature),
        ])
    }

    /// A witness's cosignature of this checkpoint at `timestamp` (POSIX seconds).
    public func cosignature(by key: NoteSigningKey, timestamp: UInt64) throws -> NoteSignature {
        guard key.verifier.type == .cosignatureV1 else {
            throw NoteError.badKey("a witness cosigns with a cosignature key (type 04)")
        }
        guard timestamp <= UInt64(Int64.max) else { throw NoteError.malformed("the timestamp is at most 2^63-1") }
        let signature = try key.signature(for: cosignedMessage(timestamp: timestamp))
        let stamp = withUnsafeBytes(of: timestamp.bigEndian) { Array($0) }
        return NoteSignature(keyName: key.verifier.name, keyID: key.verifier.keyID, signature: stamp + signature)
    }

    /// `cosignature/v1\ntime T\n` followed by the note text: what a v1 cosignature signs.
    public func cosignedMessage(timestamp: UInt64) -> [UInt8] {
        Array("cosignature/v1\ntime \(timestamp)\n\(text)".utf8)
    }
}

/// What verifying a checkpoint note established.
public struct VerifiedCheckpoint: Sendable, Hashable {
    public let checkpoint: CheckpointNote
    /// The log keys whose signatures verified.
    public let signedBy: [NoteVerifierKey]
    /// The witnesses whose cosignatures verified, with the time each cosigned.
    public let witnessedBy: [Witnessing]

    /// One witness's verified cosignature.
    public struct Witnessing: Sendable, Hashable {
        public let key: NoteVerifierKey
        /// When the witness cosigned (POSIX seconds).
        public let timestamp: UInt64
    }
}

extension CheckpointNote {
    /// Verifies `note` as signed-note verifiers must: signatures of unknown keys are ignored; a signature of a
    /// known key (same name and id) that fails rejects the whole note; at least one log key must have signed;
    /// at least `quorum` distinct witness keys must have cosigned.
    /// - Throws: ``NoteError`` saying which rule failed.
    public static func verify(
        _ note: SignedNote, logKeys: [NoteVerifierKey], witnesses: [NoteVerifierKey] = [], quorum: Int = 0
    ) throws(NoteError) -> VerifiedCheckpoint {
        let checkpoint = try CheckpointNote(text: note.text)
        let signedBy = try note.verifiedSigners(among: logKeys.filter { $0.type == .ed25519 })
        var witnessedBy: [VerifiedCheckpoint.Witnessing] = []
        for signature in note.signatures {
            guard let key = witnesses.first(where: { $0.matches(signature) && $0.type == .cosignatureV1 }) else { continue }
            let bytes = signature.signature
            guard bytes.count == 8 + 64 else {
                throw .unverified("the cosignature of \(key.name) is not 8 bytes of time and 64 of signature")
            }
            let timestamp = bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard timestamp <= UInt64(Int64.max),
                key.isValid(Array(bytes.dropFirst(8)), for: checkpoint.cosignedMessage(timestamp: timestamp))
            else { throw .unverified("the cosignature of \(key.name) is invalid") }
            if !witnessedBy.contains(where: { $0.key == key }) { witnessedBy.append(.init(key: key, timestamp: timestamp)) }
        }
        guard witnessedBy.count >= quorum else {
            throw .unverified("\(witnessedBy.count) of the \(quorum) witness cosignatures asked for")
        }
        return VerifiedCheckpoint(checkpoint: checkpoint, signedBy: signedBy, witnessedBy: witnessedBy)
    }
}
