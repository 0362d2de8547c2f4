/// How a payload is stored: a marker byte 0x00, a random 16-byte salt, then the canonical JSON. The envelope's
/// `payloadDigest` is SHA-256(salt ‖ JSON), so once a redaction deletes the record (salt included) nobody can
/// confirm a guessed payload against the digest. Records of events stored before salting are the bare JSON
/// (which never starts with 0x00), with the digest SHA-256(JSON).
enum PayloadRecord {
    static let marker: UInt8 = 0x00
    static let saltLength = 16

    /// Where the JSON starts in a salted record.
    static let jsonStart = 1 + saltLength

    /// A salted record of `payload` with a zero salt, for the writer to fill in (bytes 1 to ``saltLength``): the
    /// payload encoded once, where it is stored.
    static func encoding(_ payload: JSONValue) -> [UInt8] {
        var record = [UInt8](repeating: 0, count: jsonStart)
        record.reserveCapacity(384)
        record[0] = marker
        CanonicalJSON.write(payload, to: &record)
        return record
    }

    static func make(salt: [UInt8], json: [UInt8]) -> [UInt8] {
        var record: [UInt8] = []
        record.reserveCapacity(1 + salt.count + json.count)
        record.append(marker)
        record += salt
        record += json
        return record
    }

    /// The digest an envelope names for a record `make` made: SHA-256 of the salt and the JSON.
    static func digest(ofMade record: [UInt8]) -> MerkleHash {
        record.withUnsafeBytes { MerkleHash.sha256(UnsafeRawBufferPointer(rebasing: $0[1...])) }
    }

    /// The salt (`nil` when unsalted) and the JSON of a stored record.
    static func split(_ stored: UnsafeRawBufferPointer) -> (salt: UnsafeRawBufferPointer?, json: UnsafeRawBufferPointer) {
        guard stored.count > saltLength, stored[0] == marker else { return (nil, stored) }
        return (UnsafeRawBufferPointer(rebasing: stored[1...saltLength]),
                UnsafeRawBufferPointer(rebasing: stored[(saltLength + 1)...]))
    }

    /// The digest an envelope holds for `json` stored with `salt`.
    static func digest(salt: UnsafeRawBufferPointer?, json: UnsafeRawBufferPointer) -> MerkleHash {
        MerkleHash.sha256(Array(salt ?? UnsafeRawBufferPointer(start: nil, count: 0)) + Array(json))
    }
}
