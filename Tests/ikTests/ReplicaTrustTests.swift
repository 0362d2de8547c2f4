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
}
