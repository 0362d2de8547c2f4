import Foundation
import Testing

/// What a replica keeps outside its LMDB file so that it cannot be talked out of what it verified (red team 5): the
/// leader's pinned key, the heads it verified, its witness's cosigned heads, and a freshness the leader signs now.
@Suite(.serialized) struct ReplicaTrustTests {
    let workspace = Workspace()
    var ik: IKProcess { workspace.ik }

    /// A normal store `s` with an auditor and the auditor's token; `ik keygen --out leader` first.
    func plainLeader(_ store: String = "s") throws -> String {
        try ik.run(["init", "--store", store]).requireSuccess()
        try ik.run(["user", "add", "revisor", "--role", "auditor", "--store", store], input: "ett långt lösenord\n").requireSuccess()
        try ik.run(["append", "--store", store, "-"], input: Workspace.foundation).requireSuccess()
        return try ik.run(["user", "token", "revisor", "--store", store]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
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

    /// replica-fresh-on-replayed-head: before, a byte-identical old note verified again kept the replica "fresh", so
    /// a token ended at the leader kept working on the replica's server for ever.
    @Test func onlyAHeadTheLeaderSignedForThePollsNonceKeepsTheReplicaFreshAReplayedNoteDoesNot() throws {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        let token = try plainLeader()
        let server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader"])
        let port = server.port
        let first = try follow(port, token, ["--leader-key", "leader.pub"])
        #expect(first.status == 0 && !first.stdout.contains("not fresh"), "\(first.stdout) \(first.stderr)")
        let fresh = workspace.path + "/r/leader.fresh"
        #expect(Workspace.text(atPath: fresh).contains("ikstore-fresh "), "\(Workspace.text(atPath: fresh))")
        try workspace.write("replayed.note", try server.get("/checkpoint", token: token).text)
        server.stop()
        // A minute later the leader's address gives the old answer, byte for byte, whatever is asked.
        var times = [timeval(tv_sec: time(nil) - 60, tv_usec: 0), timeval(tv_sec: time(nil) - 60, tv_usec: 0)]
        #expect(utimes(fresh, &times) == 0)
        try workspace.write("replay.py", """
            import http.server, sys
            body = open(sys.argv[2], "rb").read()
            class Replay(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Replay).serve_forever()
            """)
        let replay = try Spawn.backgroundLogging(["/usr/bin/timeout", "-s", "KILL", "120", "/usr/bin/env", "python3", "replay.py",
                                                  String(port), "replayed.note"],
                                                 directory: workspace.path, environment: ProcessInfo.processInfo.environment,
                                                 stdout: workspace.path + "/replay.out", stderr: workspace.path + "/replay.err")
        defer {
            kill(replay, SIGTERM)  // timeout passes it on to python (a KILL would orphan it)
            Spawn.wait(replay)
        }
        for _ in 0..<100 {
            if let fd = try? RawHTTP.connect(port: port) {
                close(fd)
                break
            }
            usleep(50_000)
        }
        let replayed = try follow(port, token, ["--leader-key", "leader.pub"])
        #expect(replayed.status == 0 && replayed.stdout.contains("not fresh") && replayed.stdout.contains("replayed"),
                "\(replayed.stdout) \(replayed.stderr)")
        var info = stat()
        #expect(stat(fresh, &info) == 0 && Int(info.st_mtim.tv_sec) <= time(nil) - 59)
        // The replica's server: its copy is a minute old as far as anyone can tell, so tokens are refused.
        let replica = try ServerProcess(workspace: workspace, store: "r", extra: ["--read-only", "--replica-lag", "30"])
        let me = try replica.get("/api/v1/me", token: token)
        #expect(me.status == 503 && me.text.contains("replica-stale"), "\(me.status) \(me.text)")
    }

    /// witness-cosigns-fork-under-new-origin (red team 6): before, the witness's memory was keyed by the note's origin,
    /// which the leader names freely (ik serve --origin): another history of the same size served under another name
    /// by the same key was cosigned from a new replica directory, and both notes verified with the same two keys.
    @Test func aWitnessNeverCosignsASecondTreeOfTheSameLeaderKeyWhateverTheOriginAndReadsItsOlderFile() throws {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        try ik.run(["keygen", "--witness", "w1.example", "--out", "w1"]).requireSuccess()
        let token = try plainLeader()
        let forkToken = try plainLeader("fork")  // the same steps: the same size, another root
        let cosign = ["--leader-key", "leader.pub", "--cosign", "w1"]
        var server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader", "--witness-key", "w1.pub",
                                                                     "--origin", "example.org/log"])
        let port = server.port
        let first = try follow(port, token, cosign)
        #expect(first.status == 0 && first.stdout.contains("cosigned"), "\(first.stdout) \(first.stderr)")
        let ledger = workspace.path + "/w1.cosigned.jsonl"
        #expect(Workspace.text(atPath: ledger).contains("\"logKey\""))
        server.stop()
        // The insider serves the other history under the same key, renamed; the auditor follows from a new directory.
        server = try ServerProcess(workspace: workspace, store: "fork",
                                   extra: ["--checkpoint-key", "leader", "--witness-key", "w1.pub", "--origin",
                                           "example.org/log-2", "--listen", "127.0.0.1:\(port)"])
        let renamed = try ik.run(["follow", "http://127.0.0.1:\(port)", "--store", "r2", "--token", forkToken, "--once"] + cosign)
        #expect(renamed.status == 1 && renamed.stderr.contains("does not cosign")
                    && renamed.stderr.contains("the same leader key"), "\(renamed.stdout) \(renamed.stderr)")
        #expect(try !server.get("/checkpoint", token: forkToken).text.contains("\u{2014} w1.example"))
        server.stop()
        // A file of the release before names no key: its heads still bind the origin they name.
        let old = Workspace.text(atPath: ledger).split(separator: "\n").map { line in
            line.replacingOccurrences(of: #""logKey":"[^"]*","#, with: "", options: .regularExpression)
        }
        try workspace.write("w1.cosigned.jsonl", old.joined(separator: "\n") + "\n")
        #expect(!Workspace.text(atPath: ledger).contains("logKey"))
        server = try ServerProcess(workspace: workspace, store: "fork",
                                   extra: ["--checkpoint-key", "leader", "--witness-key", "w1.pub", "--origin",
                                           "example.org/log", "--listen", "127.0.0.1:\(port)"])
        let sameName = try ik.run(["follow", "http://127.0.0.1:\(port)", "--store", "r3", "--token", forkToken, "--once"] + cosign)
        #expect(sameName.status == 1 && sameName.stderr.contains("does not cosign"), "\(sameName.stdout) \(sameName.stderr)")
        #expect(try !server.get("/checkpoint", token: forkToken).text.contains("\u{2014} w1.example"))
    }

    /// witness-shared-by-two-logs-false-alarm (red team 6): two logs with other keys and the same name (every store is
    /// `ikstore/store` by default) are two logs, and a witness shared by them cosigns both. The old witness compared
    /// heads by name too and alarmed on the second, honest log.
    @Test func aWitnessSharedByTwoLogsOfTheSameNameCosignsBoth() throws {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        try ik.run(["keygen", "--out", "other"]).requireSuccess()
        try ik.run(["keygen", "--witness", "w1.example", "--out", "w1"]).requireSuccess()
        let token = try plainLeader()
        let otherToken = try plainLeader("fork")  // the same steps: the same size, another root
        var server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader", "--witness-key", "w1.pub",
                                                                     "--origin", "ikstore/store"])
        let port = server.port
        let first = try follow(port, token, ["--leader-key", "leader.pub", "--cosign", "w1"])
        #expect(first.status == 0 && first.stdout.contains("cosigned"), "\(first.stdout) \(first.stderr)")
        server.stop()
        server = try ServerProcess(workspace: workspace, store: "fork",
                                   extra: ["--checkpoint-key", "other", "--witness-key", "w1.pub", "--origin", "ikstore/store",
                                           "--listen", "127.0.0.1:\(port)"])
        let second = try ik.run(["follow", "http://127.0.0.1:\(port)", "--store", "r2", "--token", otherToken, "--once",
                                 "--leader-key", "other.pub", "--cosign", "w1"])
        #expect(second.status == 0 && second.stdout.contains("cosigned"), "\(second.stdout) \(second.stderr)")
        server.stop()
    }

    /// replica-accepts-backdated-events (red team 6): before, an event the leader recorded with its clock set back 5
    /// days — after a head it had signed, for the replica's nonce and minutes earlier, without it — was copied and
    /// cosigned, and the replica's own answers for those 5 days changed.
    @Test func anEventRecordedBeforeAFreshHeadThatDidNotHoldItIsAnAlarmNotCopiedNotCosigned() throws {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        try ik.run(["keygen", "--witness", "w1.example", "--out", "w1"]).requireSuccess()
        // The leader's history, written 10 days ago with the machine's clock then.
        let tenDaysAgo = try ClockShift.environment(in: workspace, seconds: -864_000)
        try ik.run(["init", "--store", "s"], environment: tenDaysAgo).requireSuccess()
        try ik.run(["user", "add", "revisor", "--role", "auditor", "--store", "s"], input: "ett långt lösenord\n",
                   environment: tenDaysAgo).requireSuccess()
        try ik.run(["append", "--store", "s", "-"], input: Workspace.foundation, environment: tenDaysAgo).requireSuccess()
        let token = try ik.run(["user", "token", "revisor", "--store", "s"], environment: tenDaysAgo).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader", "--witness-key", "w1.pub"])
        let cosign = ["--leader-key", "leader.pub", "--cosign", "w1"]
        let first = try follow(server.port, token, cosign)
        #expect(first.status == 0 && first.stdout.contains("cosigned 4:"), "\(first.stdout) \(first.stderr)")
        #expect(Workspace.text(atPath: workspace.path + "/r/leader.fresh").contains("ikstore-time "))
        // The insider sets the leader's clock back 5 days and records a result "known" then.
        let fiveDaysAgo = try ClockShift.environment(in: workspace, seconds: -432_000)
        try ik.run(["append", "--store", "s", "-"], input: Workspace.drafts(1), environment: fiveDaysAgo).requireSuccess()
        let backdated = try follow(server.port, token, cosign)
        #expect(backdated.status == 1 && backdated.stderr.contains("ALARM") && backdated.stderr.contains("backdated")
                    && backdated.stderr.contains("seq 5"), "\(backdated.stdout) \(backdated.stderr)")
        #expect(try ik.run(["verify", "--store", "r"]).stdout.contains("ok: 4 events"))
        #expect(!Workspace.text(atPath: workspace.path + "/w1.cosigned.jsonl").contains("\"treeSize\":5"))
        #expect(try !server.get("/checkpoint", token: token).text.contains("\u{2014} w1.example"))
        let alarms = try FileManager.default.contentsOfDirectory(atPath: workspace.path + "/r").filter { $0.hasPrefix("alarm-") }
        let evidence = alarms.map { Workspace.text(atPath: workspace.path + "/r/" + $0) }.joined()
        #expect(evidence.contains("backdatedEvent") && evidence.contains("ikstore-time "), "\(evidence)")
        // An event recorded now after it is no excuse: the backdated one stays refused.
        try ik.run(["append", "--store", "s", "-"], input: Workspace.drafts(1, prefix: "n")).requireSuccess()
        #expect(try follow(server.port, token, cosign).status == 1)
    }
}
