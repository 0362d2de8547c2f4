import EventLog
import Foundation
import LMDB
import Testing

/// The insider who edits the store with LMDB's own tools: no answer may come from bytes `verify` does not
/// check, and a report claims only what its run checked.
@Suite(.serialized) struct CacheTamperTests {
    static func seeded() throws -> Workspace {
        let w = Workspace()
        try w.ik.run(["seed"]).requireSuccess()
        return w
    }

    static func key(_ seq: UInt64) -> [UInt8] { withUnsafeBytes(of: seq.bigEndian, Array.init) }

    static func tamper(_ w: Workspace, _ change: (WriteTransaction) throws -> Void) throws {
        let env = try Environment(path: w.path + "/ik-store")
        try env.write { txn in
            try change(txn)
            return .commit
        }
    }

    @Test func aReportIsFoldedFromTheLogAndSaysSo() throws {
        let w = try Self.seeded()
        let before = try w.ik.run(["report", "--plan", "SN-2024", "--as-of", "2025-02-11"])
        #expect(before.stdout.contains("utan mellanlager: alla 122 händelser lästes och Merkle-roten räknades om"))
        // A cached Merkle node (the subtree of the first 64 events) changed: the report's root is recomputed, not read.
        try Self.tamper(w) { txn in
            let merkle = try txn.openDatabase(named: "merkle")
            let node = Self.key(63) + [6]
            var hash = try #require(try txn.copyValue(forKey: node, in: merkle))
            hash[0] ^= 0xFF
            try txn.put(hash, forKey: node, in: merkle)
        }
        let after = try w.ik.run(["report", "--plan", "SN-2024", "--as-of", "2025-02-11"])
        #expect(after.status == 0 && after.stdout == before.stdout)
        #expect(try w.ik.run(["verify"]).status == 1)
    }

    @Test func aReportRefusesAPayloadOrAnIndexThatDoesNotMatchTheEnvelopes() throws {
        let w = try Self.seeded()
        // seq 121 corrects a result of SN-2024: its stored "deviating":17 becomes 12, nothing else changed.
        try Self.tamper(w) { txn in
            let payloads = try txn.openDatabase(named: "payloads")
            var stored = try #require(try txn.copyValue(forKey: Self.key(121), in: payloads))
            let needle = Array("\"deviating\":17".utf8)
            let at = try #require(stored.indices.first { stored[$0...].starts(with: needle) })
            stored[at + needle.count - 2] = UInt8(ascii: "1")
            stored[at + needle.count - 1] = UInt8(ascii: "2")
            try txn.put(stored, forKey: Self.key(121), in: payloads)
        }
        let report = try w.ik.run(["report", "--plan", "SN-2024"])
        #expect(report.status == 1 && report.stdout.isEmpty)
        #expect(report.stderr.contains("the stored payload of seq 121 does not match the digest in its envelope"))

        let v = try Self.seeded()
        // The streams index made to name another event as the plan's first.
        try Self.tamper(v) { txn in
            let streams = try txn.openDatabase(named: "streams")
            try txn.put(Self.key(5), forKey: Array("plan-SN-2024".utf8) + [0] + Self.key(1), in: streams)
        }
        let indexed = try v.ik.run(["report", "--plan", "SN-2024"])
        #expect(indexed.status == 1 && indexed.stderr.contains("the streams index names seq 5 as the first of plan-SN-2024"))
    }
}
