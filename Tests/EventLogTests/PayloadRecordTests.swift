import Testing

@testable import EventLog

/// How payloads are stored: salted now, bare JSON for events stored before salting.
struct PayloadRecordTests {
    @Test func aSaltedRecordSplitsIntoSaltAndJSONAndItsDigestCoversBoth() {
        let salt = [UInt8](0..<16)
        let json = Array(#"{"a":1}"#.utf8)
        let record = PayloadRecord.make(salt: salt, json: json)
        #expect(record.count == 1 + 16 + json.count)
        record.withUnsafeBytes { stored in
            let (foundSalt, foundJSON) = PayloadRecord.split(stored)
            #expect(foundSalt.map { Array($0) } == salt)
            #expect(Array(foundJSON) == json)
            #expect(PayloadRecord.digest(salt: foundSalt, json: foundJSON) == MerkleHash.sha256(salt + json))
            #expect(PayloadRecord.digest(salt: foundSalt, json: foundJSON) != MerkleHash.sha256(json))
        }
    }

    @Test func aBareJSONRecordIsUnsaltedAndHashedAlone() {
        let json = Array(#"{"a":1}"#.utf8)
        json.withUnsafeBytes { stored in
            let (salt, found) = PayloadRecord.split(stored)
            #expect(salt == nil)
            #expect(Array(found) == json)
            #expect(PayloadRecord.digest(salt: salt, json: found) == MerkleHash.sha256(json))
        }
    }

    @Test func aRecordTooShortForItsSaltIsReadAsItIsAndFailsToParse() {
        let short: [UInt8] = [0x00, 1, 2, 3]
        short.withUnsafeBytes { stored in
            let (salt, found) = PayloadRecord.split(stored)
            #expect(salt == nil)
            #expect(found.count == 4)
        }
    }
}
