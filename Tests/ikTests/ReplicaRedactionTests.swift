import Foundation
import Testing

/// A replica runs the leader's own append rule on a redaction while it still holds the target's payload (red team 6,
/// replica-accepts-forged-redaction-kept-role).
@Suite(.serialized) struct ReplicaRedactionTests {
    let workspace = Workspace()
    var ik: IKProcess { workspace.ik }

    /// The leader's insider serves one forged `PayloadRedacted` of mallory's AccessGranted whose `kept` makes her an
    /// owner, signed with the leader's key (Tests/Fixtures/forging-leader.py). The old follower committed it, its
    /// witness cosigned, it deleted the payload that said "reader", and `ik user list --as-of-seq 4` said owner with
    /// the anchor still matching. Now: ALARM with evidence, nothing committed, no cosignature, the payload kept.
    @Test func aForgedRedactionIsAnAlarmAndTheReplicaKeepsThePayloadThatDisprovesIt() throws {
        try forge(role: "owner", inStream: nil, alarm: "holds no personal data")
    }

    /// Red team 6 (follower-commits-what-verify-refuses): a redaction put in another stream than its target's. The old
    /// follower deleted the target's payload and committed what its own verify then refused ("not a PayloadRedacted
    /// of this event's stream"). Now the same alarm, nothing committed, the payload kept.
    @Test func aRedactionInAnotherStreamIsAnAlarmNotACommitVerifyRefuses() throws {
        try forge(role: "reader", inStream: "plan-SN-2024", alarm: "a redaction is of its target's stream")
    }

    func forge(role: String, inStream: String?, alarm: String) throws {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        try ik.run(["keygen", "--witness", "w1.example", "--out", "w1"]).requireSuccess()
        try ik.run(["init", "--store", "s"]).requireSuccess()
        try ik.run(["append", "--store", "s", "-"], input: Workspace.foundation).requireSuccess()
        for (name, role) in [("mallory", "reader"), ("revisor", "auditor")] {
            try ik.run(["user", "add", name, "--role", role, "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
        }
        let token = try ik.run(["user", "token", "revisor", "--store", "s"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader", "--witness-key", "w1.pub"])
        let flag = workspace.path + "/forge.on"
        let out = workspace.path + "/forger.out"
        let forger = try Spawn.backgroundLogging(
            ["/usr/bin/timeout", "-s", "KILL", "120", "/usr/bin/env", "python3", GuaranteeTests.repository + "/Tests/Fixtures/forging-leader.py",
             "http://127.0.0.1:\(server.port)", "0", "leader", token, "mallory", role, flag] + (inStream.map { [$0] } ?? []),
            directory: workspace.path, environment: ProcessInfo.processInfo.environment, stdout: out, stderr: workspace.path + "/forger.err")
        defer {
            kill(forger, SIGTERM)
            Spawn.wait(forger)
        }
        var port: Int?
        for _ in 0..<200 where port == nil {
            port = Workspace.text(atPath: out).split(separator: " ").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if port == nil { usleep(50_000) }
        }
        let url = "http://127.0.0.1:\(try #require(port, "the forger did not start: \(Workspace.text(atPath: workspace.path + "/forger.err"))"))"
        let follow = ["follow", url, "--store", "r", "--token", token, "--leader-key", "leader.pub", "--cosign", "w1", "--once"]
        try ik.run(follow).requireSuccess()
        func head() throws -> String {
            let json = try ik.run(["checkpoint", "--store", "r", "--no-store", "--format", "json"]).stdout
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            return "\(object?["treeSize"] ?? "") \(object?["root"] ?? "")"
        }
        let size = try head()
        let before = try ik.run(["user", "list", "--store", "r", "--as-of-seq", "4"]).stdout
        let cosigned = Workspace.text(atPath: workspace.path + "/w1.cosigned.jsonl")
        #expect(before.contains("mallory") && before.contains("reader"), "\(before)")
        try workspace.write("forge.on", "")
        let forged = try ik.run(follow)
        #expect(forged.status == 1 && forged.stderr.contains("ALARM") && forged.stderr.contains(alarm),
                "\(forged.stdout) \(forged.stderr)")
        let alarms = try FileManager.default.contentsOfDirectory(atPath: workspace.path + "/r").filter { $0.hasPrefix("alarm-") }
        #expect(alarms.count == 1)
        // Nothing committed, nothing cosigned, and the payload that said "reader" is still there.
        #expect(try head() == size && size.hasPrefix("5 "), "\(size)")
        #expect(Workspace.text(atPath: workspace.path + "/w1.cosigned.jsonl") == cosigned)
        #expect(try ik.run(["user", "list", "--store", "r", "--as-of-seq", "4"]).stdout == before)
        let verify = try ik.run(["verify", "--store", "r"])
        #expect(verify.status == 0 && !verify.stdout.contains("redacted payloads"), "\(verify.stdout) \(verify.stderr)")
    }
}
