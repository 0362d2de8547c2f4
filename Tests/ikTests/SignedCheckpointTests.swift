import Foundation
import Testing

/// Signed tree heads: published in a committee's minutes, checked later against the log, and the tree head a
/// report records.
@Suite(.serialized) struct SignedCheckpointTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aSignedCheckpointVerifiesLaterAndRefusesAnotherKeyAnEditAndAnotherHistory() throws {
        let w = Workspace()
        try w.initialise()
        let keygen = try w.ik.run(["keygen", "--out", "nämnd.key"])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: w.path + "/nämnd.key")[.posixPermissions] as? Int
        #expect(mode == 0o600, "the private key is readable by others: \(String(mode ?? 0, radix: 8))")
        #expect(try w.ik.run(["keygen", "--out", "nämnd.key"]).status != 0, "keygen overwrote a key")

        let signed = try w.ik.run(["checkpoint", "--sign", "nämnd.key", "--format", "json"])
        #expect(signed.status == 0, "\(signed.stderr)")
        let head = try Self.json(signed.stdout)
        #expect(head["treeSize"] as? Int == 2)
        #expect((head["signature"] as? String)?.count == 88, "a base64 Ed25519 signature is 88 characters")
        try w.write("protokoll.json", signed.stdout)

        // The log grows; the head published earlier still proves its first two events.
        try w.ik.run(["record", "deviation", "--deviation", "D-1", "--control", "T-LAK", "--observed-on", "2024-03-01",
                      "--severity", "minor", "--description", "Saldo stämmer inte"])
        let later = try w.ik.run(["verify", "--checkpoint", "protokoll.json", "--public-key", "nämnd.key.pub"])
        #expect(later.status == 0, "\(later.stderr)")
        #expect(later.stdout.contains("1 anchor match"))

        // Another key.
        try w.ik.run(["keygen", "--out", "annan.key"])
        let other = try w.ik.run(["verify", "--checkpoint", "protokoll.json", "--public-key", "annan.key.pub"])
        #expect(other.status == 1)
        #expect(other.stderr.contains("does not verify with the key in annan.key.pub"))

        // The published head edited to match a rewritten log.
        var edited = head
        edited["root"] = String(repeating: "a", count: 64)
        try w.write("ändrad.json", String(decoding: try JSONSerialization.data(withJSONObject: edited), as: UTF8.self))
        let forged = try w.ik.run(["verify", "--checkpoint", "ändrad.json", "--public-key", "nämnd.key.pub"])
        #expect(forged.status == 1)
        #expect(forged.stderr.contains("signature of ändrad.json does not verify"))

        // Edits that denote the same instant or root still break the signature: it covers the text as published.
        let time = try #require(head["time"] as? String)
        let root = try #require(head["root"] as? String)
        for (original, edited) in [(time, time.replacingOccurrences(of: "Z", with: "+00:00")), (root, root.uppercased())] {
            #expect(original != edited)
            try w.write("omskriven.json", signed.stdout.replacingOccurrences(of: original, with: edited))
            let rewritten = try w.ik.run(["verify", "--checkpoint", "omskriven.json", "--public-key", "nämnd.key.pub"])
            #expect(rewritten.status != 0, "a checkpoint with \(original) written as \(edited) was accepted")
        }

        // A genuine signature over another history: the signature holds, the log does not match it.
        let elsewhere = Workspace()
        try elsewhere.ik.run(["init"])
        try elsewhere.write("plan.json", #"{"type":"PlanAdopted","payload":{"planId":"A-2024","organisation":"Annan nämnd","year":2024,"adoptedOn":"2024-01-10"}}"#)
        try elsewhere.ik.run(["append", "plan.json"])
        try elsewhere.ik.run(["record", "plan", "--plan", "B-2024", "--organisation", "B", "--year", "2024", "--adopted-on", "2024-01-11"])
        try elsewhere.write("protokoll.json", signed.stdout)
        try elsewhere.write("nämnd.key.pub", String(decoding: try w.data("nämnd.key.pub"), as: UTF8.self))
        let mismatch = try elsewhere.ik.run(["verify", "--checkpoint", "protokoll.json", "--public-key", "nämnd.key.pub"])
        #expect(mismatch.status == 1)
        #expect(mismatch.stderr.contains("the log does not verify"))

        let alone = try w.ik.run(["verify", "--checkpoint", "protokoll.json"])
        #expect(alone.status == 64)
        #expect(alone.stderr.contains("--checkpoint and --public-key go together"))
    }

    @Test func aReportRecordsTheTreeHeadItWasBuiltFromAndAWrongOneIsRefused() throws {
        let w = Workspace()
        try w.initialise()
        let head = try Self.json(try w.ik.run(["checkpoint", "--format", "json", "--no-store"]).stdout)
        let recorded = try w.ik.run(["record", "report", "--report", "R-1", "--plan", "T-2024", "--submitted-on",
                                     "2024-06-01", "--to", "Testnämnden"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let line = try #require(try w.ik.run(["export", "log", "--format", "jsonl"]).stdout
            .split(separator: "\n").last.map(String.init))
        let basedOn = try #require((try Self.json(line)["payload"] as? [String: Any])?["basedOn"] as? [String: Any])
        #expect(basedOn["treeSize"] as? Int == 2)
        #expect(basedOn["root"] as? String == head["root"] as? String)

        let before = try w.data("ik-store/data.mdb")
        let wrong = try w.ik.run(["record", "report", "--report", "R-2", "--plan", "T-2024", "--submitted-on",
                                  "2024-06-02", "--to", "Testnämnden", "--based-on-tree-size", "2",
                                  "--based-on-root", String(repeating: "0", count: 64)])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("payload.basedOn"))
        #expect(wrong.stderr.contains("is not a tree head of this log"))
        #expect(try w.data("ik-store/data.mdb") == before)
    }

    /// The C2SP form (c2sp.org/tlog-checkpoint in a c2sp.org/signed-note): what other transparency-log tools read.
    @Test func aCheckpointNoteVerifiesInIkAndInPythonAndRefusesAnEditOrAnotherKey() throws {
        let w = Workspace()
        try w.initialise()
        try w.ik.run(["keygen", "--out", "log.key"]).requireSuccess()
        try w.ik.run(["keygen", "--out", "other.key"]).requireSuccess()
        let unsigned = try w.ik.run(["checkpoint", "--format", "note"])
        #expect(unsigned.status == 64 && unsigned.stderr.contains("--format note needs --sign KEYFILE"), "\(unsigned.stderr)")
        let note = try w.ik.run(["checkpoint", "--format", "note", "--sign", "log.key", "--origin", "kommun.example/sn"])
        try note.requireSuccess()
        let lines = note.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 6 && lines[0] == "kommun.example/sn" && lines[1] == "2" && lines[3].isEmpty, "\(note.stdout)")
        #expect(lines[4].hasPrefix("\u{2014} kommun.example/sn "), "\(note.stdout)")
        // The root line is the base64 of the root ik verify recomputes.
        let root = try #require(try w.ik.run(["verify"]).stdout.split(separator: "\n").first { $0.hasPrefix("root ") })
        let bytes = try #require(Data(base64Encoded: String(lines[2])))
        #expect(bytes.map { String(format: "%02x", $0) }.joined() == root.dropFirst(5))
        try note.stdout.write(toFile: w.path + "/note.txt", atomically: true, encoding: .utf8)
        try note.stdout.replacingOccurrences(of: "\n2\n", with: "\n1\n")
            .write(toFile: w.path + "/edited.txt", atomically: true, encoding: .utf8)
        #expect(try w.ik.run(["verify", "--checkpoint", "note.txt", "--public-key", "log.key.pub"]).status == 0)
        for (file, key) in [("edited.txt", "log.key.pub"), ("note.txt", "other.key.pub")] {
            let refused = try w.ik.run(["verify", "--checkpoint", file, "--public-key", key])
            #expect(refused.status == 1 && refused.stderr.contains("does not verify"), "\(file) \(key): \(refused.stderr)")
        }
        // The same note checked by the Python verifier, which shares no code with ik.
        try w.ik.run(["export", "log", "--format", "jsonl", "--out", "log.jsonl"]).requireSuccess()
        let verifier = "python3 \(GuaranteeTests.repository)/Tools/verify-export.py log.jsonl --test-store"
        let python = try w.ik.shell(verifier + " --checkpoint note.txt --public-key log.key.pub")
        #expect(python.status == 0 && python.stdout.contains("checkpoint note signature verifies"), "\(python.stderr)")
        for (file, key) in [("edited.txt", "log.key.pub"), ("note.txt", "other.key.pub")] {
            let refused = try w.ik.shell("(" + verifier + " --checkpoint \(file) --public-key \(key) 2>/dev/null)")
            #expect(refused.status == 1 && refused.stdout.isEmpty, "\(file) \(key): \(refused.stdout)")
        }
    }

    /// Red team 6 (event-backdated-before-signed-checkpoint): a result recorded "on the 6th" after the committee's
    /// checkpoint of the 11th, which did not hold it, is named back-dated by both verifiers, and a stored checkpoint
    /// keeps the next append from going before it.
    @Test func anEventBackDatedBeforeAPublishedCheckpointIsNamedByBothVerifiers() throws {
        let w = Workspace()
        try w.initialise()
        try w.ik.run(["keygen", "--out", "nämnd.key"]).requireSuccess()
        let published = try w.ik.run(["checkpoint", "--sign", "nämnd.key", "--format", "json", "--no-store"],
                                     environment: ["IK_NOW": "2024-02-11T09:00:00Z"])
        try published.requireSuccess()
        try w.write("protokoll.json", published.stdout)
        try w.ik.run(["record", "deviation", "--deviation", "D-1", "--control", "T-LAK", "--observed-on", "2024-01-20",
                      "--severity", "minor", "--description", "Saldo stämmer inte"],
                     environment: ["IK_NOW": "2024-02-06T09:00:00Z"]).requireSuccess()
        let verify = try w.ik.run(["verify", "--checkpoint", "protokoll.json", "--public-key", "nämnd.key.pub"])
        #expect(verify.status == 1 && verify.stderr.contains("the event was back-dated"), "\(verify.stdout)\(verify.stderr)")
        try w.ik.run(["export", "log", "--format", "jsonl", "--out", "log.jsonl"]).requireSuccess()
        let python = try w.ik.shell("python3 \(GuaranteeTests.repository)/Tools/verify-export.py log.jsonl --test-store "
            + "--checkpoint protokoll.json --public-key nämnd.key.pub")
        #expect(python.status == 1 && python.stdout.contains("the event was back-dated"), "\(python.stdout)")

        // Stored, the checkpoint is a floor for the next recorded time, as the last event is.
        try w.ik.run(["checkpoint"], environment: ["IK_NOW": "2024-03-01T09:00:00Z"]).requireSuccess()
        let behind = try w.ik.run(["record", "deviation", "--deviation", "D-2", "--control", "T-LAK", "--observed-on",
                                   "2024-01-20", "--severity", "minor", "--description", "Saldo"],
                                  environment: ["IK_NOW": "2024-02-20T09:00:00Z"])
        #expect(behind.status != 0 && behind.stderr.contains("2024-03-01T09:00:00Z"), "\(behind.stderr)")
    }
}
