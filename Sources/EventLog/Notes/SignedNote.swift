import Foundation

/// A C2SP signed note (c2sp.org/signed-note): a text ending in a newline, a blank line, and one or more
/// signature lines `— NAME base64(keyID ‖ signature)`. The text is what is signed.
public struct SignedNote: Sendable, Hashable {
    /// The note text, including its final newline and not the blank line that follows it.
    public let text: String
    /// The signature lines, in the order they appear.
    public var signatures: [NoteSignature]

    /// The most signatures a note may carry here; the spec asks verifiers to accept at least 16.
    public static let maxSignatures = 64

    /// A note with `text` (which must end in a newline) and `signatures`.
    /// - Throws: ``NoteError`` when the text is empty, lacks its final newline or holds control characters.
    public init(text: String, signatures: [NoteSignature] = []) throws(NoteError) {
        try Self.checkText(text)
        self.text = text
        self.signatures = signatures
    }

    /// Reads a signed note; the text is separated from the signatures by the last empty line.
    /// - Throws: ``NoteError`` naming what is malformed.
    public init(parsing note: String) throws(NoteError) {
        guard note.hasSuffix("\n") else { throw .malformed("a signed note ends with a newline") }
        guard let separator = note.range(of: "\n\n", options: .backwards) else {
            throw .malformed("a signed note has a blank line between its text and its signatures")
        }
        let text = String(note[note.startIndex..<note.index(after: separator.lowerBound)])
        try Self.checkText(text)
        let lines = note[separator.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard !lines.isEmpty else { throw .malformed("a signed note has at least one signature line") }
        guard lines.count <= Self.maxSignatures else {
            throw .malformed("a signed note here carries at most \(Self.maxSignatures) signatures")
        }
        self.text = text
        signatures = try lines.map { line throws(NoteError) in try NoteSignature(line: String(line)) }
    }

    /// The Ed25519 keys among `keys` that signed the text, checked as the spec asks: signatures of unknown keys
    /// are ignored, and one that names a known key but fails rejects the whole note.
    /// - Throws: ``NoteError/unverified(_:)`` when a known key's signature fails or none of `keys` signed.
    public func verifiedSigners(among keys: [NoteVerifierKey]) throws(NoteError) -> [NoteVerifierKey] {
        var signers: [NoteVerifierKey] = []
        for signature in signatures {
            guard let key = keys.first(where: { $0.matches(signature) && $0.type == .ed25519 }) else { continue }
            guard key.isValid(signature.signature, for: Array(text.utf8)) else {
                throw .unverified("the signature of \(key.name) (\(String(format: "%08x", key.keyID))) is invalid")
            }
            if !signers.contains(key) { signers.append(key) }
        }
        guard !signers.isEmpty else {
            throw .unverified("no valid signature by \(keys.map(\.name).joined(separator: ", "))")
        }
        return signers
    }

    /// The note as it is published: text, blank line, signature lines.
    public var rendered: String {
        text + "\n" + signatures.map { $0.line + "\n" }.joined()
    }

    static func checkText(_ text: String) throws(NoteError) {
        guard !text.isEmpty, text.hasSuffix("\n") else { throw .malformed("the note text ends with a newline") }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) {
            throw .malformed("a note holds no control characters other than newline")
        }
    }
}

/// One signature line of a note: the key's name, its 32-bit id, and the signature bytes.
public struct NoteSignature: Sendable, Hashable {
    public let keyName: String
    public let keyID: UInt32
    /// The signature without the key id (for a cosignature: timestamp ‖ Ed25519 signature).
    public let signature: [UInt8]

    public init(keyName: String, keyID: UInt32, signature: [UInt8]) {
        self.keyName = keyName
        self.keyID = keyID
        self.signature = signature
    }

    /// Reads `— NAME base64`.
    public init(line: String) throws(NoteError) {
        let prefix = "\u{2014} "
        guard line.hasPrefix(prefix) else { throw .malformed("a signature line starts with an em dash and a space") }
        let parts = line.dropFirst(prefix.count).split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, NoteKeyName.isValid(String(parts[0])),
            let bytes = Data(base64Encoded: String(parts[1])), bytes.count > 4
        else { throw .malformed("a signature line is `— NAME BASE64` with a valid key name and at least 5 bytes") }
        keyName = String(parts[0])
        keyID = bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
        signature = Array(bytes.dropFirst(4))
    }

    /// `— NAME base64(keyID ‖ signature)`.
    public var line: String {
        let id = withUnsafeBytes(of: keyID.bigEndian) { Array($0) }
        return "\u{2014} \(keyName) \(Data(id + signature).base64EncodedString())"
    }
}

/// Key names: non-empty, without Unicode spaces or `+`.
enum NoteKeyName {
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 }
    }
}

/// A note or key that cannot be read or does not verify.
public enum NoteError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case badKey(String)
    case unverified(String)

    public var description: String {
        switch self {
        case .malformed(let reason): "not a valid signed note: \(reason)"
        case .badKey(let reason): "not a usable note key: \(reason)"
        case .unverified(let reason): "the note does not verify: \(reason)"
        }
    }
}
