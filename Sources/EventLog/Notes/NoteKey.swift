import Crypto
import Foundation

/// The signature types of c2sp.org/signed-note that IKStore uses.
public enum NoteSignatureType: UInt8, Sendable {
    /// A log's own Ed25519 signature over the note text.
    case ed25519 = 0x01
    /// A timestamped Ed25519 checkpoint cosignature (c2sp.org/tlog-cosignature, `cosignature/v1`).
    case cosignatureV1 = 0x04
}

/// A public key that verifies note signatures: a name, a type and an Ed25519 key. Written as a verifier key
/// (`vkey`): `NAME+hex(keyID)+base64(type ‖ public key)`.
public struct NoteVerifierKey: Sendable, Hashable {
    public let name: String
    public let type: NoteSignatureType
    public let publicKey: [UInt8]

    /// - Throws: ``NoteError/badKey(_:)`` for an invalid name or a key that is not 32 bytes.
    public init(name: String, type: NoteSignatureType, publicKey: [UInt8]) throws(NoteError) {
        guard NoteKeyName.isValid(name) else { throw .badKey("a key name is non-empty, without spaces or +") }
        guard publicKey.count == 32 else { throw .badKey("an Ed25519 public key is 32 bytes") }
        self.name = name
        self.type = type
        self.publicKey = publicKey
    }

    /// Reads a vkey line. - Throws: ``NoteError/badKey(_:)`` when it is malformed or its id does not match.
    public init(vkey: String) throws(NoteError) {
        // The name holds no '+' and the id is hex; the key's base64 may hold '+'.
        let parts = vkey.trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let id = UInt32(parts[1], radix: 16), parts[1].count == 8,
            let material = Data(base64Encoded: String(parts[2])), let first = material.first,
            let type = NoteSignatureType(rawValue: first)
        else { throw .badKey("a verifier key is NAME+8 hex digits+base64(type ‖ key) with type 01 or 04") }
        try self.init(name: String(parts[0]), type: type, publicKey: Array(material.dropFirst()))
        guard keyID == id else { throw .badKey("the key id \(parts[1]) does not belong to this name and key") }
    }

    /// SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], as the spec computes it.
    public var keyID: UInt32 {
        let digest = SHA256.hash(data: Array(name.utf8) + [0x0A, type.rawValue] + publicKey)
        return Array(digest).prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The key as a vkey line.
    public var vkey: String {
        name + "+" + String(format: "%08x", keyID) + "+" + Data([type.rawValue] + publicKey).base64EncodedString()
    }

    /// Whether `signature` is by this key (same name and id).
    public func matches(_ signature: NoteSignature) -> Bool {
        signature.keyName == name && signature.keyID == keyID
    }

    func isValid(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// A private Ed25519 key with the name and type its signatures carry.
public struct NoteSigningKey: Sendable {
    public let verifier: NoteVerifierKey
    // The raw seed, not swift-crypto's key type, which is not Sendable.
    private let seed: [UInt8]

    /// - Parameter seed: the 32-byte Ed25519 private key (what `ik keygen` writes, base64).
    /// - Throws: ``NoteError/badKey(_:)``.
    public init(name: String, type: NoteSignatureType, seed: [UInt8]) throws(NoteError) {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw .badKey("an Ed25519 private key is 32 bytes")
        }
        self.seed = seed
        verifier = try NoteVerifierKey(name: name, type: type, publicKey: Array(key.publicKey.rawRepresentation))
    }

    /// Signs `message`, which the caller built for this key's type.
    func signature(for message: [UInt8]) throws -> [UInt8] {
        Array(try Curve25519.Signing.PrivateKey(rawRepresentation: seed).signature(for: message))
    }
}
