import Crypto
import Foundation

/// Ed25519 keys for signing tree heads, as files a committee secretary can keep: the private key (base64 of
/// its 32 raw bytes, readable by its owner only) and the public key (base64), which is what gets published.
public enum CheckpointSigning {
    /// Creates a key pair. - Returns: (private key base64, public key base64).
    public static func newKeyPair() -> (privateKey: String, publicKey: String) {
        let key = Curve25519.Signing.PrivateKey()
        return (key.rawRepresentation.base64EncodedString(), key.publicKey.rawRepresentation.base64EncodedString())
    }

    /// Signs `message` with the base64 private key in `privateKey`. - Returns: (signature, public key), base64.
    /// - Throws: ``SigningError/badKey(_:)`` for a key that is not 32 bytes of base64.
    public static func sign(_ message: [UInt8], privateKey: String) throws -> (String, String) {
        guard let raw = Data(base64Encoded: privateKey.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw SigningError.badKey("the private key is not 32 bytes of base64 (ik keygen writes one)") }
        let signature = try key.signature(for: Data(message))
        return (signature.base64EncodedString(), key.publicKey.rawRepresentation.base64EncodedString())
    }

    /// Whether `signature` (base64) is a valid signature of `message` by `publicKey` (base64).
    public static func verify(_ message: [UInt8], signature: String, publicKey: String) throws -> Bool {
        guard let raw = Data(base64Encoded: publicKey.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else { throw SigningError.badKey("the public key is not 32 bytes of base64") }
        guard let signatureBytes = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(signatureBytes, for: Data(message))
    }
}

/// A key that cannot be used.
public enum SigningError: Error, Sendable, Equatable, CustomStringConvertible {
    case badKey(String)

    public var description: String {
        switch self {
        case .badKey(let reason): reason
        }
    }
}
