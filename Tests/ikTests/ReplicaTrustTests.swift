import Foundation
import Testing

/// What a replica keeps outside its LMDB file so that it cannot be talked out of what it verified (red team 5): the
/// leader's pinned key, the heads it verified, its witness's cosigned heads, and a freshness the leader signs now.
@Suite(.serialized) struct ReplicaTrustTests {
    let workspace = Workspace()
    var ik: IKProcess { workspace.ik }

    /// A normal store `s` with an auditor and the auditor's token; `ik keygen --out leader` first.
    func plainLeader() throws -> String {
        try ik.run(["init", "--store", "s"]).requireSuccess()
        try ik.run(["user", "add", "revisor", "--role", "auditor", "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
        try ik.run(["append", "--store", "s", "-"], input: Workspace.foundation).requireSuccess()
        return try ik.run(["user", "token", "revisor", "--store", "s"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func follow(_ port: Int, _ token: String, _ extra: [String] = []) throws -> IKProcess.Result {
        try ik.run(["follow", "http://127.0.0.1:\(port)", "--store", "r", "--token", token, "--once"] + extra)
    }

    func users(_ store: String) throws -> String { try ik.run(["user", "list", "--store", store]).stdout }

    /// follow-leader-key-not-pinned: before, a follower without --leader-key took every note as it came.
    @Test func theLeadersKeyIsPinnedAtTheFirstPollAndAnotherKeyIsAnAlarmUntilAnExplicitRotation() throws {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        try ik.run(["keygen", "--out", "other"]).requireSuccess()
        let token = try plainLeader()
        var server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader", "--origin", "example.org/log"])
        let port = server.port
        let first = try follow(port, token)
        #expect(first.status == 0 && first.stdout.contains("pinned"), "\(first.stdout) \(first.stderr)")
        let pinned = Workspace.text(atPath: workspace.path + "/r/leader-key.vkey")
        #expect(pinned.hasPrefix("example.org/log+"), "\(pinned)")
        server.stop()
        // Another key answers at the leader's address, with an owner account added.
        try ik.run(["user", "add", "mallory", "--role", "owner", "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
        server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "other", "--origin", "example.org/log",
                                                                 "--listen", "127.0.0.1:\(port)"])
        #expect(server.port == port)
        let forged = try follow(port, token)
        #expect(forged.status == 1 && forged.stderr.contains("ALARM") && forged.stderr.contains("pinned"),
                "\(forged.stdout) \(forged.stderr)")
        #expect(try !users("r").contains("mallory"))
        #expect(Workspace.text(atPath: workspace.path + "/r/leader-key.vkey") == pinned)
        // Naming the other key is not enough: a rotation is said explicitly, and the old pin is kept.
        let named = try follow(port, token, ["--leader-key", "other.pub"])
        #expect(named.status == 65 && named.stderr.contains("--rotate-leader-key"), "\(named.stderr)")
        #expect(try !users("r").contains("mallory"))
        let rotated = try follow(port, token, ["--leader-key", "other.pub", "--rotate-leader-key"])
        #expect(rotated.status == 0 && rotated.stdout.contains("rotated"), "\(rotated.stdout) \(rotated.stderr)")
        #expect(try users("r").contains("mallory"))
        let kept = try FileManager.default.contentsOfDirectory(atPath: workspace.path + "/r").filter { $0.hasPrefix("leader-key-until-") }
        #expect(kept.count == 1)
    }

    /// replica-rollback-witness-cosigns-fork: before, a replica whose data.mdb was restored from its backup took a
    /// smaller rewritten history, verify said ok, and its witness key cosigned size 4 after size 6.
    @Test func aRolledBackReplicaAlarmsOnAForkBelowTheHeadsItVerifiedAndItsWitnessNeverCosignsASmallerTree() throws {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        try ik.run(["keygen", "--witness", "w1.example", "--out", "w1"]).requireSuccess()
        let token = try plainLeader()
        let files = FileManager.default
        try files.copyItem(atPath: workspace.path + "/s", toPath: workspace.path + "/fork")
        let serve = ["--checkpoint-key", "leader", "--witness-key", "w1.pub", "--origin", "example.org/log"]
        var server = try ServerProcess(workspace: workspace, extra: serve)
        let port = server.port
        let cosign = ["--leader-key", "leader.pub", "--cosign", "w1"]
        #expect(try follow(port, token, cosign).status == 0)
        try files.copyItem(atPath: workspace.path + "/r", toPath: workspace.path + "/rb")
        try ik.run(["append", "--store", "s", "-"], input: Workspace.drafts(4)).requireSuccess()
        let grown = try follow(port, token, cosign)
        #expect(grown.status == 0 && grown.stdout.contains("cosigned"), "\(grown.stdout) \(grown.stderr)")
        #expect(try ik.run(["verify", "--store", "r"]).stdout.contains("the leader's heads it verified match"))
        server.stop()
        // The replica's data file restored from its backup; leader-heads.jsonl stays.
        try files.removeItem(atPath: workspace.path + "/r/data.mdb")
        try files.copyItem(atPath: workspace.path + "/rb/data.mdb", toPath: workspace.path + "/r/data.mdb")
        let behind = try ik.run(["verify", "--store", "r"])
        #expect(behind.status == 1 && behind.stderr.contains("leader-heads.jsonl"), "\(behind.stdout) \(behind.stderr)")
        // The insider serves a rewritten, smaller history under the same key, origin and address.
        try ik.run(["user", "add", "mallory", "--role", "owner", "--store", "fork"], input: "ett långt lösenord\n").requireSuccess()
        server = try ServerProcess(workspace: workspace, store: "fork", extra: serve + ["--listen", "127.0.0.1:\(port)"])
        let forked = try follow(port, token, cosign)
        #expect(forked.status == 1 && forked.stderr.contains("ALARM") && forked.stderr.contains("rolled back"),
                "\(forked.stdout) \(forked.stderr)")
        #expect(try !users("r").contains("mallory"))
        // The same witness key following from a new, empty replica: the fork verifies there, but the key never
        // cosigns a tree smaller than the one it cosigned.
        let fresh = try ik.run(["follow", "http://127.0.0.1:\(port)", "--store", "r2", "--token", token, "--once"] + cosign)
        #expect(fresh.status == 1 && fresh.stderr.contains("does not cosign"), "\(fresh.stdout) \(fresh.stderr)")
        #expect(try !server.get("/checkpoint", token: token).text.contains("\u{2014} w1.example"))
    }
}
