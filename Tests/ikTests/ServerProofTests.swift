import Foundation
import LMDB
import Testing

/// Red team 6 (proofs-scan-the-log-unlimited): each proof `ik serve` gave hashed the whole log again to check the
/// root it names (150–330 ms at 100,000 events, not limited as a heavy read). The server now takes the root from the
/// head it hashed once at start and extends by appends, and reads only the proof's path: here the envelopes far from
/// it are deleted under the running server and every proof is still the one `ik proof` gave before.
@Suite(.serialized) struct ServerProofTests {
    let workspace = Workspace()
    var ik: IKProcess { workspace.ik }

    @Test func aProofReadsTheCachesPathNotEveryEnvelope() throws {
        var lines = [#"{"type":"PlanAdopted","payload":{"planId":"P-2024","organisation":"Org","year":2024,"adoptedOn":"2024-01-10"}}"#,
                     #"{"type":"ControlPointAdded","effectiveAt":"2024-01-10","payload":{"controlId":"C1","planId":"P-2024","area":"A","title":"T"}}"#]
        for i in 0..<1200 {
            lines.append(#"{"type":"ControlPerformed","payload":{"performanceId":"X\#(i)","controlId":"C1","performedOn":"2024-0\#(1 + i % 9)-1\#(i % 9)","examined":10,"deviating":\#(i % 5),"assessment":"satisfactory"}}"#)
        }
        try workspace.write("big.jsonl", lines.joined(separator: "\n") + "\n")
        try ik.run(["init", "--store", "s"]).requireSuccess()
        try ik.run(["append", "big.jsonl", "--store", "s"]).requireSuccess()
        try ik.run(["user", "add", "revisor", "--role", "auditor", "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
        let token = try ik.run(["user", "token", "revisor", "--store", "s"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let asked: [(String, [String])] = [
            ("inclusion?seq=5", ["inclusion", "--seq", "5"]), ("inclusion?seq=5&size=1000", ["inclusion", "--seq", "5", "--size", "1000"]),
            ("inclusion?seq=1190", ["inclusion", "--seq", "1190"]), ("inclusion?seq=700&size=1195", ["inclusion", "--seq", "700", "--size", "1195"]),
            ("consistency?from=70", ["consistency", "--from", "70"]), ("consistency?from=70&to=1000", ["consistency", "--from", "70", "--to", "1000"]),
        ]
        var expected: [String] = []
        for (_, arguments) in asked {
            let cli = try ik.run(["proof"] + arguments + ["--store", "s"])
            try cli.requireSuccess()
            expected.append(cli.stdout)
        }
        let server = try ServerProcess(workspace: workspace)
        let env = try Environment(path: workspace.path + "/s")
        try env.write { txn in
            let events = try txn.openDatabase(named: "events")
            for seq: UInt64 in 300...650 { try txn.delete(key: withUnsafeBytes(of: seq.bigEndian, Array.init), in: events) }
            return .commit
        }
        for ((path, _), cli) in zip(asked, expected) {
            let reply = try server.get("/api/v1/proof/" + path, token: token)
            #expect(reply.status == 200 && reply.text == cli, "\(path): \(reply.status) \(reply.text.prefix(300))")
        }
        // The command line, one proof per run, still hashes every envelope, and finds the hole.
        #expect(try ik.run(["proof", "inclusion", "--seq", "5", "--store", "s"]).stderr.contains("the log has no event at seq 300"))
        // A cached node that does not hash to what the envelopes gave is refused, as before.
        try env.write { txn in
            let merkle = try txn.openDatabase(named: "merkle")
            // Events 769 to 896 (level 7): inside the block the root of the first 1000 is checked against.
            let node = withUnsafeBytes(of: UInt64(895).bigEndian, Array.init) + [7]
            var hash = try #require(try txn.copyValue(forKey: node, in: merkle))
            hash[0] ^= 0xFF
            try txn.put(hash, forKey: node, in: merkle)
            return .commit
        }
        let refused = try server.get("/api/v1/proof/inclusion?seq=5&size=1000", token: token)
        #expect(refused.status == 500 && !refused.text.contains("\"proof\""), "\(refused.status) \(refused.text)")
        #expect(Workspace.text(atPath: server.errors).contains("do not hash to what their envelopes give"))
        #expect(server.stop() == 0)
    }
}
