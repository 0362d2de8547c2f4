import Foundation

/// A checkpoint note made and checked with the Ed25519 key files of `ik keygen` (base64 of the 32-byte private key,
/// and of the public key), the key's name being the log's origin, as C2SP logs name their keys.
extension CheckpointNote {
    /// The note of `treeSize` and `root` under `origin`, signed with the private key in `privateKey` (base64).
    /// - Throws: ``NoteError`` for an origin or key that cannot be used.
    public static func signed(origin: String, treeSize: UInt64, root: MerkleHash, privateKey: String) throws -> SignedNote {
        let checkpoint = try CheckpointNote(origin: origin, treeSize: treeSize, root: root)
        return try checkpoint.signed(by: try NoteSigningKey(name: origin, type: .ed25519, privateKey: privateKey))
    }

    /// The checkpoint of a published note, after checking that the log key of its origin, the public key in
    /// `publicKey` (base64, or a verifier key `NAME+ID+BASE64`), signed it.
    /// - Throws: ``NoteError`` saying what is malformed or which signature failed.
    /// With `witnesses` (verifier keys of type 04), at least `quorum` of them must have cosigned it.
    public static func verified(note: String, publicKey: String, witnesses: [NoteVerifierKey] = [], quorum: Int = 0) throws
        -> CheckpointNote
    {
        let signed = try SignedNote(parsing: note)
        let checkpoint = try CheckpointNote(text: signed.text)
        let trimmed = publicKey.trimmingCharacters(in: .whitespacesAndNewlines)
        // ik keygen's file holds the bare key (base64, itself possibly with '+'); a verifier key names itself.
        let key = if let raw = try? keyBytes(trimmed) {
            try NoteVerifierKey(name: checkpoint.origin, type: .ed25519, publicKey: raw)
        } else {
            try NoteVerifierKey(vkey: trimmed)
        }
        guard key.name == checkpoint.origin else {
            throw NoteError.unverified("the key is named \(key.name), but the checkpoint's origin is \(checkpoint.origin)")
        }
        _ = try verify(signed, logKeys: [key], witnesses: witnesses, quorum: quorum)
        return checkpoint
    }

    static func keyBytes(_ base64: String) throws(NoteError) -> [UInt8] {
        guard let raw = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)), raw.count == 32 else {
            throw .badKey("the key is not 32 bytes of base64 (ik keygen writes one)")
        }
        return Array(raw)
    }
}

extension NoteSigningKey {
    /// The key in an `ik keygen` private key file (base64 of the 32-byte seed), named `name`.
    /// - Throws: ``NoteError/badKey(_:)``.
    public init(name: String, type: NoteSignatureType, privateKey: String) throws(NoteError) {
        try self.init(name: name, type: type, seed: try CheckpointNote.keyBytes(privateKey))
    }
}
