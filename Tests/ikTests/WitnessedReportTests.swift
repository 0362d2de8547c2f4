import Foundation
import LMDB
import Testing

/// The committee report's footer names the witnessed head (DESIGN.md, "Replicas and witnesses"): the first checkpoint
/// a quorum of the leader's witnesses cosigned that covers the report's knowledge point, so a reader of the paper can
/// check it.
@Suite(.serialized) struct WitnessedReportTests {
    let workspace = Workspace()
    var ik: IKProcess { workspace.ik }

    func report(_ extra: [String] = []) throws -> String {
        let result = try ik.run(["report", "--store", "s", "--plan", "T-2024"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func theReportNamesTheWitnessedHeadOnceAQuorumCosignedItAndItsNoteVerifies() throws {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        for name in ["w1", "w2"] {
            try ik.run(["keygen", "--witness", "\(name).example/witness", "--out", name]).requireSuccess()
        }
        try ik.run(["init", "--store", "s"]).requireSuccess()
        try ik.run(["user", "add", "revisor", "--role", "auditor", "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
        try ik.run(["append", "--store", "s", "-"], input: Workspace.foundation).requireSuccess()
        let token = try ik.run(["user", "token", "revisor", "--store", "s"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try ServerProcess(workspace: workspace, extra: [
            "--checkpoint-key", "leader", "--witness-key", "w1.pub", "--witness-key", "w2.pub"])
        func cosign(_ replica: String, _ key: String) throws {
            let result = try ik.run(["follow", "http://127.0.0.1:\(server.port)", "--store", replica, "--token", token,
                                     "--leader-key", "leader.pub", "--cosign", key, "--once"])
            #expect(result.status == 0 && result.stdout.contains("cosigned"), "\(result.stdout) \(result.stderr)")
        }
        try cosign("r1", "w1")
        // One of two witnesses is no quorum: nothing is named.
        #expect(!(try report()).contains("Bevittnat"))
        try cosign("r2", "w2")
        let head = try ik.run(["verify", "--store", "s", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(head.stdout.utf8)) as? [String: Any] ?? [:]
        let size = json["treeSize"] as? Int ?? -1
        let root = json["root"] as? String ?? "?"
        let named = "Bevittnat trädhuvud: trädstorlek \(size), Merkle-rot \(root), medsignerat av w1.example/witness, "
            + "w2.example/witness"
        // The reader's keys check the note; without them the stored note is unchecked and no witness is named.
        let keys = ["--leader-key", "leader.pub", "--witness-key", "w1.pub", "--witness-key", "w2.pub"]
        let unchecked = try report()
        #expect(!unchecked.contains("medsignerat av") && unchecked.contains("kontrollerades inte här"), "\(unchecked)")
        let witnessedReport = try report(keys)
        #expect(witnessedReport.contains(named), "\(witnessedReport)")
        #expect(try report(["--lang", "en"] + keys).contains("Witnessed tree head: tree size \(size), Merkle root \(root)"))
        // A replica told the leader's witnesses keeps the note too: the auditor's own report names the same head.
        let copy = try ik.run(["follow", "http://127.0.0.1:\(server.port)", "--store", "r3", "--token", token,
                               "--leader-key", "leader.pub", "--witness-key", "w1.pub", "--witness-key", "w2.pub", "--once"])
        #expect(copy.status == 0, "\(copy.stderr)")
        let replicaReport = try ik.run(["report", "--store", "r3", "--plan", "T-2024"] + keys).stdout
        #expect(replicaReport.contains(named), "\(replicaReport)")
        // The web and the API render the same report.
        let html = try server.get("/api/v1/report?plan=T-2024&format=html", token: token)
        #expect(html.status == 200 && html.text.contains(named), "\(html.status)")
        // The JSON form carries the signed note, which verifies with the leader's and the witnesses' keys.
        let model = try JSONSerialization.jsonObject(with: Data(try report(["--format", "json"] + keys).utf8)) as? [String: Any] ?? [:]
        try workspace.write("witnessed.note", model["witnessedNote"] as? String ?? "")
        let verified = try ik.run(["verify", "--store", "s", "--checkpoint", "witnessed.note", "--public-key", "leader.pub",
                                   "--witness", "w1.pub", "--witness", "w2.pub"])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        // Events after it: a report of now is not covered; one as known at the witnessed head still is.
        try ik.run(["append", "--store", "s", "-"], input: Workspace.drafts(2)).requireSuccess()
        #expect(!(try report()).contains("Bevittnat"))
        #expect(try report(["--as-of-seq", String(size)] + keys).contains(named))
        let stored = try ik.run(["verify", "--store", "s", "--public-key", "leader.pub", "--witness", "w1.pub", "--witness", "w2.pub"])
        #expect(stored.status == 0 && stored.stdout.contains("1 witnessed head kept in the store: each carries"),
                "\(stored.stdout) \(stored.stderr)")
    }

    /// forged-witnessed-footer (red team 5): before, one put into meta made every report say "cosigned by" anyone,
    /// and verify said ok.
    @Test func aWitnessedNotePutIntoTheStoreByHandNamesNoWitnessAndVerifyWithKeysNamesIt() throws {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        try ik.run(["keygen", "--witness", "riksrevisionen.se", "--out", "w1"]).requireSuccess()
        try ik.run(["init", "--store", "s"]).requireSuccess()
        try ik.run(["append", "--store", "s", "-"], input: Workspace.foundation).requireSuccess()
        let head = try ik.run(["verify", "--store", "s", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(head.stdout.utf8)) as? [String: Any] ?? [:]
        let size = UInt64(json["treeSize"] as? Int ?? 0)
        let rootHex = json["root"] as? String ?? ""
        var root: [UInt8] = []
        var index = rootHex.startIndex
        while index < rootHex.endIndex {
            let next = rootHex.index(index, offsetBy: 2)
            root.append(UInt8(rootHex[index..<next], radix: 16) ?? 0)
            index = next
        }
        let junk = String(repeating: "A", count: 100)
        let note = "ikstore/s\n\(size)\n\(Data(root).base64EncodedString())\n\n"
            + ["ikstore/s", "riksrevisionen.se", "kammarkollegiet.se"].map { "\u{2014} \($0) \(junk)\n" }.joined()
        let env = try Environment(path: workspace.path + "/s")
        try env.write { txn in
            let meta = try txn.openDatabase(named: "meta")
            try txn.put(Array(note.utf8), forKey: Array("witnessed:".utf8) + withUnsafeBytes(of: size.bigEndian, Array.init), in: meta)
            return .commit
        }
        for extra in [[], ["--leader-key", "leader.pub", "--witness-key", "w1.pub"]] {
            for format in ["md", "json"] {
                let text = try report(["--format", format] + extra)
                #expect(!text.contains("riksrevisionen.se") && !text.contains("kammarkollegiet.se"), "\(text)")
            }
        }
        #expect(try report(["--leader-key", "leader.pub", "--witness-key", "w1.pub"]).contains("VARNING"))
        let plain = try ik.run(["verify", "--store", "s"])
        #expect(plain.status == 0 && plain.stdout.contains("1 witnessed head kept in the store: not checked"), "\(plain.stdout)")
        let checked = try ik.run(["verify", "--store", "s", "--public-key", "leader.pub", "--witness", "w1.pub"])
        #expect(checked.status == 1 && checked.stderr.contains("kept for tree size \(size) does not verify"), "\(checked.stderr)")
    }
}
