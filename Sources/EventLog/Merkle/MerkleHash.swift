import Crypto

/// A SHA-256 value in the Merkle tree: a leaf hash, a node hash or a root.
public struct MerkleHash: Sendable, Hashable, CustomStringConvertible {
    private var storage: SIMD4<UInt64>

    /// Reads 32 bytes; `nil` for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var value = SIMD4<UInt64>()
        withUnsafeMutableBytes(of: &value) { raw in
            for (i, byte) in bytes.enumerated() { raw[i] = byte }
        }
        storage = value
    }

    /// Parses 64 hexadecimal digits (either case); `nil` for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            guard let high = MerkleHash.nibble(digits[2 * i]), let low = MerkleHash.nibble(digits[2 * i + 1]) else {
                return nil
            }
            bytes[i] = high << 4 | low
        }
        self.init(bytes: bytes)
    }

    init(digest: SHA256.Digest) {
        var value = SIMD4<UInt64>()
        withUnsafeMutableBytes(of: &value) { raw in
            digest.withUnsafeBytes { raw.copyMemory(from: $0) }
        }
        storage = value
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The 32 bytes.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Runs `body` on the 32 bytes without copying.
    public func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    /// Lowercase hexadecimal of any bytes (payload salts).
    public static func hex(_ bytes: [UInt8]) -> String {
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(CanonicalJSON.hexDigits[Int(byte >> 4)])
            text.append(CanonicalJSON.hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Lowercase hexadecimal, 64 digits.
    public var hex: String {
        var text = [UInt8]()
        text.reserveCapacity(64)
        writeHex(to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the 64 lowercase hex digits to `output`.
    func writeHex(to output: inout [UInt8]) {
        withUnsafeBytes { raw in
            for byte in raw {
                output.append(CanonicalJSON.hexDigits[Int(byte >> 4)])
                output.append(CanonicalJSON.hexDigits[Int(byte & 0x0F)])
            }
        }
    }

    public var description: String { hex }

    /// SHA-256 of `bytes`, for example a payload digest.
    public static func sha256(_ bytes: UnsafeRawBufferPointer) -> MerkleHash {
        MerkleHash(digest: SHA256.hash(data: bytes))
    }

    /// SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> MerkleHash {
        bytes.withUnsafeBytes { sha256($0) }
    }

    /// RFC 6962 leaf hash: SHA-256(0x00 ‖ entry).
    public static func leaf(_ entry: UnsafeRawBufferPointer) -> MerkleHash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(bufferPointer: entry)
        return MerkleHash(digest: hasher.finalize())
    }

    /// RFC 6962 leaf hash of `entry`.
    public static func leaf(_ entry: [UInt8]) -> MerkleHash {
        entry.withUnsafeBytes { leaf($0) }
    }

    /// RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right).
    public static func node(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer[0] = 0x01
            left.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[1..<33]).copyMemory(from: $0) }
            right.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[33..<65]).copyMemory(from: $0) }
            return MerkleHash(digest: SHA256.hash(data: UnsafeRawBufferPointer(buffer)))
        }
    }

    /// The root of the empty tree: SHA-256 of no bytes.
    public static let emptyRoot = sha256([UInt8]())
}
