/// One event of a leader's log as a replica receives it: a line of `ik export log` / `GET /log`
/// (`{"envelope": {…}, "payload": {…} | null, "salt": hex}`), turned into the bytes the replica stores unchanged:
/// the envelope as the leader hashed it, and the payload record (salt and payload) unless the leader redacted it.
public struct ReplicatedEvent: Sendable {
    public let envelope: Envelope
    /// The stored envelope: the canonical JSON of the line's envelope object, whose leaf hash the leader's root covers.
    public let envelopeBytes: [UInt8]
    /// The payload, `nil` when the leader redacted it.
    public let payload: JSONValue?
    /// The stored payload record (``PayloadRecord``), `nil` when redacted.
    let payloadRecord: [UInt8]?
    let payloadBytes: [UInt8]

    /// - Throws: ``ReplicaError/badLine(_:_:)`` when the line is not an export line.
    public init(exportLine line: [UInt8], number: Int) throws(ReplicaError) {
        let json: JSONValue
        do { json = try JSONParser.parse(line) } catch { throw .badLine(number, "not JSON: \(error.description)") }
        guard let members = json.objectValue, let envelopeJSON = members["envelope"], let payload = members["payload"],
            Set(members.keys).isSubset(of: ["envelope", "payload", "salt"])
        else { throw .badLine(number, "not {\"envelope\", \"payload\", \"salt\"}") }
        do { envelope = try Envelope(json: envelopeJSON) } catch { throw .badLine(number, "envelope: \(error)") }
        envelopeBytes = CanonicalJSON.encode(envelopeJSON)
        if payload == .null {
            guard members["salt"] == nil else { throw .badLine(number, "a redacted payload with a salt") }
            self.payload = nil
            payloadRecord = nil
            payloadBytes = []
            return
        }
        self.payload = payload
        payloadBytes = CanonicalJSON.encode(payload)
        if let salt = members["salt"] {
            guard let hex = salt.stringValue, let bytes = Self.bytes(hex: hex), bytes.count == PayloadRecord.saltLength else {
                throw .badLine(number, "the salt is not \(PayloadRecord.saltLength) bytes of hex")
            }
            payloadRecord = PayloadRecord.make(salt: bytes, json: payloadBytes)
        } else {
            // Events stored before payloads were salted.
            payloadRecord = payloadBytes
        }
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
        }
        return out
    }
}
