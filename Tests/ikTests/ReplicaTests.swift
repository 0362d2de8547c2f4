import Foundation
import Testing

/// Replicas and witnesses (DESIGN.md): the leader's signed checkpoint note, `ik follow`, cosignatures, promotion.
@Suite(.serialized) struct ReplicaTests {
    let workspace = Workspace()
    var ik: IKProcess { workspace.ik }

    /// A seeded store `s` with an auditor, the auditor's token, and a checkpoint key `leader` (`leader.pub`).
    func leader() throws -> String {
        try ik.run(["seed", "--store", "s"]).requireSuccess()
        try ik.run(["user", "add", "revisor", "--role", "auditor", "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
        let token = try ik.run(["user", "token", "revisor", "--store", "s"])
        try token.requireSuccess()
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        return token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theServerSignsItsCheckpointAsAC2SPNoteThatIkVerifyAcceptsAndExtendsItWithLaterAppends() throws {
        let token = try leader()
        let server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader", "--origin", "example.org/log"])
        let first = try server.get("/checkpoint", token: token)
        #expect(first.status == 200 && first.headers["content-type"]?.hasPrefix("text/plain") == true)
        #expect(first.text.hasPrefix("example.org/log\n"))
        #expect(try server.get("/api/v1/checkpoint?format=note", token: token).text == first.text)
        try workspace.write("note", first.text)
        let verified = try ik.run(["verify", "--store", "s", "--checkpoint", "note", "--public-key", "leader.pub"])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        // An append by another process: the next note names the new head, which the envelopes give.
        let appended = try ik.run(["append", "--store", "s", "-"], input: Workspace.foundation)
        #expect(appended.status == 0, "\(appended.stderr)")
        let second = try server.get("/checkpoint", token: token)
        let lines = second.text.split(separator: "\n").map(String.init)
        let head = try ik.run(["checkpoint", "--store", "s", "--no-store", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(head.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(Int(lines[1]) == json["treeSize"] as? Int)
        #expect(lines[2] == Data(hexBytes(json["root"] as? String ?? "")).base64EncodedString())
        try workspace.write("note2", second.text)
        #expect(try ik.run(["verify", "--store", "s", "--checkpoint", "note2", "--public-key", "leader.pub"]).status == 0)
        // Without a key the note is a 404 problem; the JSON head is still served; a reader may not ask.
        let unsigned = try ServerProcess(workspace: workspace)
        #expect(try unsigned.get("/checkpoint", token: token).status == 404)
        #expect(try unsigned.get("/api/v1/checkpoint", token: token).object["treeSize"] as? Int == json["treeSize"] as? Int)
        #expect(try unsigned.get("/checkpoint", token: nil).status == 401)
    }

    /// A normal (not test) store `DIR` with an auditor; returns the auditor's token. `ik keygen --out leader` first.
    func plainLeader(_ directory: String = "s") throws -> String {
        try ik.run(["init", "--store", directory]).requireSuccess()
        try ik.run(["user", "add", "revisor", "--role", "auditor", "--store", directory], input: "ett långt lösenord\n").requireSuccess()
        try ik.run(["append", "--store", directory, "-"], input: Workspace.foundation).requireSuccess()
        let token = try ik.run(["user", "token", "revisor", "--store", directory])
        try token.requireSuccess()
        return token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func follow(_ server: ServerProcess, token: String, replica: String = "r") throws -> IKProcess.Result {
        try ik.run(["follow", "http://127.0.0.1:\(server.port)", "--store", replica, "--token", token,
                    "--leader-key", "leader.pub", "--once"])
    }

    func root(_ store: String) throws -> String {
        let result = try ik.run(["verify", "--store", store])
        #expect(result.status == 0, "\(store): \(result.stdout) \(result.stderr)")
        return result.stdout.split(separator: "\n").first { $0.hasPrefix("root ") }.map(String.init) ?? "?"
    }

    @Test func aReplicaCopiesTheLeaderVerbatimRedactionsIncludedAndRefusesOrdinaryAppends() throws {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        let token = try plainLeader()
        try ik.run(["user", "add", "mas", "--role", "administrator", "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
        try ik.run(["append", "--store", "s", "-"], input: Workspace.drafts(30)).requireSuccess()
        let server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader"])
        let first = try follow(server, token: token)
        #expect(first.status == 0, "\(first.stdout) \(first.stderr)")
        // 35: two grants, the TokenIssued of the auditor's token (tokens are issued in the log), 2 foundation events, 30 drafts.
        #expect(first.stdout.contains("seq 1–35 copied"), "\(first.stdout)")
        #expect(try root("r") == root("s"))
        let leaderLog = try ik.run(["export", "log", "--store", "s"]).stdout
        #expect(try ik.run(["export", "log", "--store", "r"]).stdout == leaderLog)
        // A redaction on the leader: the replica's copy of the payload goes too, and it still verifies.
        let redacted = try ik.run(["redact", "--store", "s", "--target", "k-3", "--reason", "sekretess"])
        #expect(redacted.status == 0, "\(redacted.stderr)")
        try ik.run(["append", "--store", "s", "-"], input: Workspace.drafts(5, prefix: "m")).requireSuccess()
        #expect(try follow(server, token: token).status == 0)
        #expect(try root("r") == root("s"))
        #expect(try ik.run(["export", "log", "--store", "r"]).stdout == ik.run(["export", "log", "--store", "s"]).stdout)
        // A new replica taking the redacted log from scratch gets the same.
        #expect(try follow(server, token: token, replica: "r2").status == 0)
        #expect(try ik.run(["export", "log", "--store", "r2"]).stdout == ik.run(["export", "log", "--store", "s"]).stdout)
        // Only the leader's events enter a replica; it may be served (--read-only), a writer's store may not.
        let refused = try ik.run(["append", "--store", "r", "-"], input: Workspace.drafts(1, prefix: "x"))
        #expect(refused.status == 77 && refused.stderr.contains("is a replica of"), "\(refused.stderr)")
        let replicaServer = try ServerProcess(workspace: workspace, store: "r", extra: ["--read-only"])
        #expect(try replicaServer.get("/healthz", token: nil).status == 200)
        #expect(try ik.run(["serve", "--store", "s", "--read-only"]).status == 77)
        #expect(try root("r") == root("s"))
    }

    /// Red team 6 (replica-never-syncs-past-old-redaction): a new replica copies a leader whose early event was
    /// redacted many chunks later; the chunk holding the payload-less line goes in with its PayloadRedacted.
    @Test func aNewReplicaCopiesALeaderWhoseRedactionLiesChunksAfterItsTarget() throws {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        let token = try plainLeader()
        try ik.run(["append", "--store", "s", "-"], input: Workspace.drafts(30)).requireSuccess()
        try ik.run(["redact", "--store", "s", "--target", "k-3", "--reason", "gallring"]).requireSuccess()
        let server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader"])
        let copied = try ik.run(["follow", "http://127.0.0.1:\(server.port)", "--store", "r", "--token", token,
                                 "--leader-key", "leader.pub", "--chunk", "3", "--once"])
        #expect(copied.status == 0 && copied.stdout.contains("seq 1–35 copied"), "\(copied.stdout) \(copied.stderr)")
        #expect(try root("r") == root("s"))
        #expect(try ik.run(["export", "log", "--store", "r"]).stdout == ik.run(["export", "log", "--store", "s"]).stdout)
    }

    @Test func aLeaderThatRewritesOrRollsBackIsRefusedWithEvidenceAndTheReplicaKeepsItsHistory() throws {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        let token = try plainLeader()
        try ik.run(["append", "--store", "s", "-"], input: Workspace.drafts(10)).requireSuccess()
        try FileManager.default.copyItem(atPath: workspace.path + "/s", toPath: workspace.path + "/s-old")
        try ik.run(["append", "--store", "s", "-"], input: Workspace.drafts(4, prefix: "m")).requireSuccess()
        var server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader"])
        #expect(try follow(server, token: token).status == 0)
        let kept = try root("r")
        server.stop()
        // Rolled back: the older copy of the leader's files.
        try FileManager.default.removeItem(atPath: workspace.path + "/s")
        try FileManager.default.moveItem(atPath: workspace.path + "/s-old", toPath: workspace.path + "/s")
        server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader"])
        let rolledBack = try follow(server, token: token)
        #expect(rolledBack.status == 1 && rolledBack.stderr.contains("ALARM") && rolledBack.stderr.contains("rolled back"),
                "\(rolledBack.stdout) \(rolledBack.stderr)")
        // Rewritten: the rolled-back leader grows past the replica with other events; its proof cannot connect them.
        try ik.run(["append", "--store", "s", "-"], input: Workspace.drafts(9, prefix: "z")).requireSuccess()
        let rewritten = try follow(server, token: token)
        #expect(rewritten.status == 1 && rewritten.stderr.contains("rewrote"), "\(rewritten.stderr)")
        #expect(try root("r") == kept)
        let evidence = try FileManager.default.contentsOfDirectory(atPath: workspace.path + "/r").filter { $0.hasPrefix("alarm-") }
        #expect(evidence.count == 2)
        for file in evidence {
            let json = try JSONSerialization.jsonObject(with: workspace.data("r/" + file)) as? [String: Any] ?? [:]
            #expect(json["leaderNote"] is String && json["replicaHead"] is [String: Any] && json["alarm"] is String)
        }
    }

    @Test func witnessesCosignTheHeadsTheyVerifiedAndVerifyDemandsAQuorum() throws {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        for name in ["w1", "w2", "w3"] {
            try ik.run(["keygen", "--witness", "\(name).example/witness", "--out", name]).requireSuccess()
        }
        let token = try plainLeader()
        let server = try ServerProcess(workspace: workspace, extra: [
            "--checkpoint-key", "leader", "--witness-key", "w1.pub", "--witness-key", "w2.pub"])
        for (replica, key) in [("r1", "w1"), ("r2", "w2")] {
            let result = try ik.run(["follow", "http://127.0.0.1:\(server.port)", "--store", replica, "--token", token,
                                     "--leader-key", "leader.pub", "--cosign", key, "--once"])
            #expect(result.status == 0 && result.stdout.contains("cosigned"), "\(result.stdout) \(result.stderr)")
        }
        let note = try server.get("/checkpoint", token: token).text
        #expect(note.components(separatedBy: "\u{2014} ").count == 4, "\(note)")
        try workspace.write("witnessed.note", note)
        func verify(_ extra: [String]) throws -> IKProcess.Result {
            try ik.run(["verify", "--store", "s", "--checkpoint", "witnessed.note", "--public-key", "leader.pub"] + extra)
        }
        #expect(try verify(["--witness", "w1.pub", "--witness", "w2.pub"]).status == 0)
        #expect(try verify(["--witness", "w1.pub", "--witness", "w3.pub", "--quorum", "1"]).status == 0)
        let short = try verify(["--witness", "w1.pub", "--witness", "w3.pub"])
        #expect(short.status == 1 && short.stderr.contains("1 of the 2 witness cosignatures"), "\(short.stderr)")
        // The Python verifier, written from the specification, agrees.
        try ik.run(["export", "log", "--store", "s", "--out", "log.jsonl"]).requireSuccess()
        func python(_ extra: [String]) throws -> IKProcess.Result {
            try Spawn.run(["/usr/bin/env", "python3", GuaranteeTests.repository + "/Tools/verify-export.py", "log.jsonl",
                           "--checkpoint", "witnessed.note", "--public-key", "leader.pub"] + extra,
                          directory: workspace.path, environment: ProcessInfo.processInfo.environment, input: nil)
        }
        let both = try python(["--witness", "w1.pub", "--witness", "w2.pub"])
        #expect(both.status == 0 && both.stdout.contains("cosigned by at least 2 of 2"), "\(both.stdout) \(both.stderr)")
        #expect(try python(["--witness", "w1.pub", "--witness", "w3.pub", "--quorum", "1"]).status == 0)
        let pythonShort = try python(["--witness", "w1.pub", "--witness", "w3.pub"])
        #expect(pythonShort.status == 1 && pythonShort.stdout.isEmpty, "\(pythonShort.stdout) \(pythonShort.stderr)")
        // The leader takes only cosignatures that verify, by witnesses it knows, of the checkpoint it serves now.
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let forged = note.replacingOccurrences(of: lines[2], with: String(lines[2].reversed()))
        #expect(try server.request("POST", "/api/v1/checkpoint/cosignatures", token: token, body: Array(forged.utf8)).status == 409)
        let unknown = try ik.run(["follow", "http://127.0.0.1:\(server.port)", "--store", "r3", "--token", token,
                                  "--leader-key", "leader.pub", "--cosign", "w3", "--once"])
        #expect(unknown.stdout.contains("not taken"), "\(unknown.stdout)")
        let cosignature = lines.first { $0.hasPrefix("\u{2014} w1.example") } ?? ""
        var characters = Array(cosignature)
        characters[characters.count - 10] = characters[characters.count - 10] == "A" ? "B" : "A"
        let tampered = note.replacingOccurrences(of: cosignature, with: String(characters))
        let refused = try server.request("POST", "/api/v1/checkpoint/cosignatures", token: token, body: Array(tampered.utf8))
        #expect(refused.status == 422, "\(refused.text)")
    }

    @Test func aPromotedReplicaLeadsAndTheOldLeaderIsRefusedWhenItComesBack() throws {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        try ik.run(["keygen", "--out", "leader2"]).requireSuccess()
        let token = try plainLeader()
        var old = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader"])
        #expect(try follow(old, token: token, replica: "r1").status == 0)
        #expect(try follow(old, token: token, replica: "r2").status == 0)
        let taken = try root("r1")
        old.stop()
        let notReplica = try ik.run(["promote", "--store", "s"])
        #expect(notReplica.status == 65 && notReplica.stderr.contains("is not a replica"), "\(notReplica.stderr)")
        let promoted = try ik.run(["promote", "--store", "r1"], environment: ["USER": "", "IK_ACTOR": "påhittad"])
        #expect(promoted.status == 0 && promoted.stdout.contains("took over from") && promoted.stdout.contains(
            String(taken.dropFirst("root ".count))), "\(promoted.stdout) \(promoted.stderr)")
        #expect(try ik.run(["log", "--store", "r1", "--type", "ReplicaPromoted"]).stdout.contains("ReplicaPromoted"))
        // Red team 5: the takeover said actor "unknown" with no `via`: it is the system user's act, as account changes are.
        let line = try ik.run(["export", "log", "--store", "r1"]).stdout.split(separator: "\n").last { $0.contains("ReplicaPromoted") } ?? ""
        #expect(line.contains(#""via":"cli:"#) && !line.contains(#""actor":"unknown""#) && !line.contains("påhittad"), "\(line)")
        #expect(try ik.run(["append", "--store", "r1", "-"], input: Workspace.drafts(2, prefix: "n")).status == 0)
        // The new leader serves; its tokens are its own (secrets are never replicated).
        try ik.run(["user", "add", "granskare", "--role", "auditor", "--store", "r1"], input: "ett långt lösenord\n").requireSuccess()
        let newToken = try ik.run(["user", "token", "granskare", "--store", "r1"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let leader = try ServerProcess(workspace: workspace, store: "r1", extra: ["--checkpoint-key", "leader2"])
        let switched = try ik.run(["follow", "http://127.0.0.1:\(leader.port)", "--store", "r2", "--token", newToken,
                                   "--leader-key", "leader2.pub", "--once"])
        #expect(switched.status == 0, "\(switched.stdout) \(switched.stderr)")
        #expect(try root("r2") == root("r1"))
        // The old leader comes back, as it was (behind the promotion) and then with events of its own.
        old = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader"])
        for drafts in ["", Workspace.drafts(5, prefix: "split")] {
            if !drafts.isEmpty { try ik.run(["append", "--store", "s", "-"], input: drafts).requireSuccess() }
            let back = try ik.run(["follow", "http://127.0.0.1:\(old.port)", "--store", "r2", "--token", token,
                                   "--leader-key", "leader.pub", "--once"])
            #expect(back.status == 1 && back.stderr.contains("ALARM"), "\(back.stdout) \(back.stderr)")
            #expect(try root("r2") == root("r1"))
        }
    }

    func hexBytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
