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

    /// Flips a byte of the cached Merkle node of the first 64 events.
    static func changeMerkleNode(_ w: Workspace) throws {
        try tamper(w) { txn in
            let merkle = try txn.openDatabase(named: "merkle")
            let node = key(63) + [6]
            var hash = try #require(try txn.copyValue(forKey: node, in: merkle))
            hash[0] ^= 0xFF
            try txn.put(hash, forKey: node, in: merkle)
        }
    }

    @Test func aReportIsFoldedFromTheLogAndSaysSo() throws {
        let w = try Self.seeded()
        let before = try w.ik.run(["report", "--plan", "SN-2024", "--as-of", "2025-02-11"])
        #expect(before.stdout.contains("utan mellanlager: alla 122 händelser lästes och Merkle-roten räknades om"))
        // A cached Merkle node (the subtree of the first 64 events) changed: the report's root is recomputed, not read.
        try Self.changeMerkleNode(w)
        let after = try w.ik.run(["report", "--plan", "SN-2024", "--as-of", "2025-02-11"])
        #expect(after.status == 0 && after.stdout == before.stdout)
        #expect(try w.ik.run(["verify"]).status == 1)
    }

    /// The varints a fold record is made of (its type byte is one too).
    static func varints(_ bytes: [UInt8]) -> [UInt64] {
        var values: [UInt64] = []
        var value: UInt64 = 0
        var shift: UInt64 = 0
        for byte in bytes {
            value |= UInt64(byte & 0x7F) << shift
            shift += 7
            if byte & 0x80 == 0 {
                values.append(value)
                (value, shift) = (0, 0)
            }
        }
        return values
    }

    static func bytes(_ varints: [UInt64]) -> [UInt8] {
        varints.flatMap { v -> [UInt8] in
            var v = v
            var out: [UInt8] = []
            while v >= 0x80 {
                out.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            return out + [UInt8(v)]
        }
    }

    @Test func anEditedProjectionRecordIsNamedByVerifyAndNeverReachesAReport() throws {
        let w = try Self.seeded()
        let csv = ["state", "--period", "2024", "--plan", "SN-2024", "--as-of", "2025-02-11", "--format", "csv", "--lang", "en"]
        let state = try w.ik.run(csv).stdout
        let report = try w.ik.run(["report", "--plan", "SN-2024", "--as-of", "2025-02-11"]).stdout
        #expect(state.contains("SN-2024-LAK,Internkontroll av narkotikaklassade läkemedel,yes,1,0,121,29"))
        // Seq 110 is the year's result of SN-2024-LAK: 29 of 121 deviating. Its record is made to say 2.
        try Self.tamper(w) { txn in
            let records = try txn.openDatabase(named: "records")
            var fields = Self.varints(try #require(try txn.copyValue(forKey: Self.key(110), in: records)))
            #expect(fields[8] == 2 * 121 && fields[9] == 2 * 29)
            fields[9] = 2 * 2
            try txn.put(Self.bytes(fields), forKey: Self.key(110), in: records)
        }
        // The state is answered from the records (that is what they are for), but verify names the record.
        let verify = try w.ik.run(["verify"])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("seq 110: projection records: plan SN-2024, 2024: the stored record differs from the log"),
                "\(verify.stderr)")
        #expect(verify.stderr.contains("deviating 2") && verify.stderr.contains("instead of examined 121, deviating 29"))
        // The report is folded from the log: the edit never reaches it.
        #expect(try w.ik.run(["report", "--plan", "SN-2024", "--as-of", "2025-02-11"]).stdout == report)
        // Rebuilt from the log, the records answer as before and verify passes.
        #expect(try w.ik.run(["snapshot", "--rebuild"]).status == 0)
        #expect(try w.ik.run(csv).stdout == state)
        #expect(try w.ik.run(["verify"]).status == 0)
    }

    @Test func aPlansChainHeadAndASnapshotOfAnEarlierReleaseAreNoAnswers() throws {
        let w = try Self.seeded()
        let csv = ["state", "--period", "2024", "--plan", "SN-2024", "--format", "csv"]
        let state = try w.ik.run(csv).stdout
        try Self.tamper(w) { txn in
            // A JSON snapshot as the earlier release kept them, saying 2 of 121: nothing reads snapshots any more.
            let snapshots = try txn.openDatabase(named: "snapshots")
            try txn.put(Array(#"{"codeVersion":2,"planId":"SN-2024","records":[]}"#.utf8),
                        forKey: Array("ledger.v2|SN-2024|2024".utf8) + [0] + Self.key(122), in: snapshots)
        }
        #expect(try w.ik.run(csv).stdout == state)
        // The head of the plan's chain moved back to its first event: the plan's later records are cut off.
        try Self.tamper(w) { txn in
            let interned = try txn.openDatabase(named: "interned")
            let plan = try #require(try txn.copyValue(forKey: Array("plan-SN-2024".utf8) + [0] + Self.key(1),
                                                        in: try txn.openDatabase(named: "streams")))
            try txn.put(plan, forKey: Array("fold.head.".utf8) + plan, in: interned)
        }
        let verify = try w.ik.run(["verify"])
        #expect(verify.status == 1 && verify.stderr.contains("plan SN-2024: its chain of records starts at seq"), "\(verify.stderr)")
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

    /// The look-alike index (`streamkeys`) edited with LMDB: found by an attacker, who deleted the entry of
    /// SN-2024-LAK, recorded sn-2024-lak beside it and saw `verify` say ok before and after. Now `verify` exits 1
    /// naming the entry, and the append builds the index again rather than trust the missing entry.
    @Test func anEditedLookAlikeIndexIsNamedByVerifyAndLetsNoLookAlikeIn() throws {
        for edit in ["delete", "change"] {
            let w = try Self.seeded()
            try Self.tamper(w) { txn in
                let index = try txn.openDatabase(named: "streamkeys")
                let key = try txn.withCursor(on: index) { cursor in
                    try cursor.map { (Array($0.key), Array($0.value)) }.first { $0.1 == Array("control-SN-2024-LAK".utf8) }?.0
                }
                if edit == "delete" {
                    #expect(try txn.delete(key: try #require(key), in: index))
                } else {
                    try txn.put(Array("control-SN-2024-SEK".utf8), forKey: try #require(key), in: index)
                }
            }
            let verify = try w.ik.run(["verify"])
            #expect(verify.status == 1, "\(edit)")
            #expect(verify.stderr.contains(edit == "delete"
                ? "streamkeys: the look-alike index has no entry for stream control-SN-2024-LAK"
                : "streamkeys: the look-alike entry of stream control-SN-2024-LAK (first written at seq"), "\(verify.stderr)")
            let twin = try w.ik.run(["record", "control-point", "--control", "sn-2024-lak", "--plan", "SN-2024", "--area",
                                     "X", "--title", "Skuggkopia", "--effective-at", "2024-01-24"])
            #expect(twin.status == 65 && twin.stderr.contains("looks the same as the existing control"), "\(twin.stderr)")
        }
    }

    /// Found by the red team: a store rebuilt from a doctored export with the genuine store's Merkle cache copied in
    /// got the genuine root from `ik checkpoint` and `ik proof` (the old code read both from the cache).
    @Test func aCheckpointOrAProofNeverNamesARootItsEnvelopesDoNotGive() throws {
        let w = try Self.seeded()
        try Self.changeMerkleNode(w)
        let before = try w.data("ik-store/data.mdb")
        for command in [["checkpoint"], ["checkpoint", "--format", "json"], ["proof", "inclusion", "--seq", "3"],
                        ["proof", "consistency", "--from", "70"]] {
            let result = try w.ik.run(command)
            #expect(result.status == 69 && result.stdout.isEmpty, "\(command): \(result.status) \(result.stdout)")
            #expect(result.stderr.contains("the Merkle cache gives root"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("nothing was signed or proved"))
        }
        #expect(try w.data("ik-store/data.mdb") == before)
    }

    /// Found by the red team: with one event's envelope and payload deleted, a report printed the figures of the
    /// rest and said all events were read.
    @Test func aReportRefusesALogWithAnEventTakenOut() throws {
        let w = try Self.seeded()
        try Self.tamper(w) { txn in
            try txn.delete(key: Self.key(4), in: try txn.openDatabase(named: "events"))
            try txn.delete(key: Self.key(4), in: try txn.openDatabase(named: "payloads"))
        }
        let report = try w.ik.run(["report", "--plan", "SN-2024"])
        #expect(report.status != 0 && report.stdout.isEmpty, "\(report.status) \(report.stdout)")
        #expect(report.stderr.contains("the log has no event at seq 4"), "\(report.stderr)")
        #expect(try w.ik.run(["checkpoint"]).stderr.contains("the log has no event at seq 4"))
    }
}
