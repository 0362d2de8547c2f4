import Foundation
import Testing

/// `ik follow` against leaders that misbehave on the wire: one that never answers, one that answers too much, and the
/// heads a follower keeps (DESIGN.md, "Replicas and witnesses").
@Suite(.serialized) struct FollowerTests {
    let workspace = Workspace()

    /// `ik follow URL --store r args…` under `timeout -s KILL seconds`, its output to a file. - Returns: the status
    /// (137 when it had to be killed) and the output.
    func follow(_ port: Int, _ arguments: [String], killAfter seconds: Int, signal: String = "KILL") throws
        -> (status: Int32, output: String)
    {
        let out = workspace.path + "/follow-\(UUID().uuidString).out"
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "IK_STORE")
        let pid = try Spawn.backgroundLogging(["/usr/bin/timeout", "-s", signal, String(seconds), IKProcess.binary,
                                               "follow", "http://127.0.0.1:\(port)", "--store", "r"] + arguments,
                                              directory: workspace.path, environment: env, stdout: out, stderr: out)
        let status = Spawn.wait(pid)
        return (status, Workspace.text(atPath: out))
    }

    /// The link went dead under a request (the CI's cut link): URLSession's own timeout did not end it (a poll in
    /// flight waited more than 60 s for 30), so the follower said nothing while it was cut. Its own deadline does.
    @Test func aLeaderThatAcceptsAndNeverAnswersIsReportedUnreachableWithinTheDeadlineAndPolledAgain() throws {
        let silent = try LoopbackResponder(answer: nil)
        // The default deadline (10 s): --once ends with 69 long before the 40 s the old follower took at least.
        let once = try follow(silent.port, ["--once"], killAfter: 40)
        #expect(once.status == 69, "\(once.output)")
        #expect(once.output.contains("the leader is unreachable") && once.output.contains("no answer within 10 s"),
                "\(once.output)")
        // Without --once it says so at each poll and keeps polling (ended by timeout's SIGTERM, exit 124).
        let kept = try follow(silent.port, ["--timeout", "0.5", "--interval", "0.1"], killAfter: 6, signal: "TERM")
        let reports = kept.output.components(separatedBy: "the leader is unreachable").count - 1
        #expect(kept.status == 124 && reports >= 2, "\(kept.status) \(kept.output)")
        #expect(kept.output.contains("no answer within 0.5 s"), "\(kept.output)")
    }

    /// A leader that answers more than was asked for: the follower stops reading at its limit instead of holding it.
    @Test func anAnswerLongerThanItsLimitIsNotReadAndTheLeaderCountsAsUnreachable() throws {
        let huge = Array("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n".utf8)
            + [UInt8](repeating: 0x61, count: 3 << 20)
        let leader = try LoopbackResponder(answer: huge)
        let result = try follow(leader.port, ["--once"], killAfter: 60)
        #expect(result.status == 69, "\(result.output)")
        #expect(result.output.contains("is longer than 1048576 bytes; it was not read"), "\(result.output)")
        #expect(!result.output.contains("ALARM"), "\(result.output)")
    }

    /// Every head the follower verified stays in `leader-heads.jsonl`, each with the leader's signed note; a rolled-back
    /// leader is met with the note it signed for the head it no longer shows.
    @Test func theFollowerKeepsEveryVerifiedHeadAndARollbackIsMetWithTheLeadersOwnNote() throws {
        let ik = workspace.ik
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        try ik.run(["init", "--store", "s"]).requireSuccess()
        try ik.run(["user", "add", "revisor", "--role", "auditor", "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
        try ik.run(["append", "--store", "s", "-"], input: Workspace.foundation).requireSuccess()
        let token = try ik.run(["user", "token", "revisor", "--store", "s"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.copyItem(atPath: workspace.path + "/s", toPath: workspace.path + "/s-old")
        var server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader"])
        func follow() throws -> IKProcess.Result {
            try ik.run(["follow", "http://127.0.0.1:\(server.port)", "--store", "r", "--token", token, "--leader-key",
                        "leader.pub", "--once"])
        }
        #expect(try follow().status == 0)
        #expect(try follow().status == 0)  // the same head again: not kept twice
        try ik.run(["append", "--store", "s", "-"], input: Workspace.drafts(3)).requireSuccess()
        #expect(try follow().status == 0)
        let lines = Workspace.text(atPath: workspace.path + "/r/leader-heads.jsonl").split(separator: "\n")
        let heads = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        #expect(heads.count == 2, "\(lines)")
        #expect(heads.map { $0["treeSize"] as? Int } == [4, 7])
        // Each kept note verifies with the leader's key on its own.
        for (index, head) in heads.enumerated() {
            try workspace.write("note\(index)", head["note"] as? String ?? "")
            let checked = try ik.run(["verify", "--store", "r", "--checkpoint", "note\(index)", "--public-key", "leader.pub"])
            #expect(checked.status == 0, "\(checked.stdout) \(checked.stderr)")
        }
        server.stop()
        try FileManager.default.removeItem(atPath: workspace.path + "/s")
        try FileManager.default.moveItem(atPath: workspace.path + "/s-old", toPath: workspace.path + "/s")
        server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader"])
        let rolledBack = try follow()
        #expect(rolledBack.status == 1 && rolledBack.stderr.contains("rolled back"), "\(rolledBack.stderr)")
        let evidence = try FileManager.default.contentsOfDirectory(atPath: workspace.path + "/r").filter { $0.hasPrefix("alarm-") }
        let json = try JSONSerialization.jsonObject(with: workspace.data("r/" + (evidence.first ?? "none"))) as? [String: Any] ?? [:]
        #expect(json["contradictedNote"] as? String == heads[1]["note"] as? String)
        #expect(Workspace.text(atPath: workspace.path + "/r/leader-heads.jsonl").split(separator: "\n").count == 2)
    }

    /// A log answer over `--max-answer` is not read: the follower asks for the chunk again in halves and copies all.
    @Test func aLogAnswerOverItsBoundIsAskedForInHalvesAndTheCopyIsWhole() throws {
        let ik = workspace.ik
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        try ik.run(["init", "--store", "s"]).requireSuccess()
        try ik.run(["user", "add", "revisor", "--role", "auditor", "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
        try ik.run(["append", "--store", "s", "-"], input: Workspace.foundation).requireSuccess()
        let token = try ik.run(["user", "token", "revisor", "--store", "s"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // 300 deviations of 20 KB each: 6 MB in one answer, over a 4 MB bound.
        let long = String(repeating: "å", count: 10_000)
        let drafts = (0..<300).map { index in
            #"{"type":"DeviationRecorded","payload":{"deviationId":"big-\#(index)","controlId":"T-LAK","#
                + #""observedOn":"2024-05-02","severity":"minor","count":1,"description":"\#(long)"}}"#
        }.joined(separator: "\n") + "\n"
        try ik.run(["append", "--store", "s", "-"], input: drafts).requireSuccess()
        let server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader"])
        let copied = try ik.run(["follow", "http://127.0.0.1:\(server.port)", "--store", "r", "--token", token,
                                 "--leader-key", "leader.pub", "--max-answer", "4", "--once"])
        #expect(copied.status == 0, "\(copied.stdout) \(copied.stderr)")
        let leader = try ik.run(["verify", "--store", "s"]).stdout
        let replica = try ik.run(["verify", "--store", "r"]).stdout
        #expect(replica.split(separator: "\n").prefix(2) == leader.split(separator: "\n").prefix(2) && leader.contains("root "),
                "\(leader)")
    }

    /// A Python HTTP server on 127.0.0.1:`port` running `handler` (the body of `do_GET`), killed after 60 s at most.
    func python(port: Int, _ handler: String) throws -> pid_t {
        let script = workspace.path + "/server-\(port).py"
        try """
            import http.server, socketserver, sys, time
            class H(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def log_message(self, *a): pass
                def do_GET(self):
            \(handler.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n"))
            class S(socketserver.ThreadingMixIn, http.server.HTTPServer): daemon_threads = True
            S(("127.0.0.1", \(port)), H).serve_forever()
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let pid = try Spawn.backgroundLogging(["/usr/bin/timeout", "-s", "KILL", "60", "/usr/bin/env", "python3", script],
                                              directory: workspace.path, environment: ProcessInfo.processInfo.environment,
                                              stdout: script + ".out", stderr: script + ".err")
        for _ in 0..<100 {
            if let fd = try? RawHTTP.connect(port: port) {
                close(fd)
                break
            }
            usleep(50_000)
        }
        return pid
    }

    /// A free loopback port (bound and released).
    func freePort() throws -> Int {
        let probe = try LoopbackResponder(answer: [])
        return probe.port
    }

    /// follow-trickling-leader-stalls (red team 5): before, a leader sending a byte a second held the follower for as
    /// long as it liked: --timeout bounded only the gap between bytes.
    @Test func aLeaderThatTricklesItsAnswerIsUnreachableWithinTheWholeAnswersDeadline() throws {
        try workspace.ik.run(["keygen", "--out", "leader"]).requireSuccess()
        let port = try freePort()
        let server = try python(port: port, """
            self.send_response(200); self.send_header("Content-Type", "text/plain"); self.send_header("Content-Length", "600"); self.end_headers()
            for i in range(600): self.wfile.write(b"a"); self.wfile.flush(); time.sleep(0.5)
            """)
        defer { kill(server, SIGTERM); Spawn.wait(server) }
        let started = Date()
        let once = try follow(port, ["--once", "--timeout", "1", "--leader-key", "leader.pub"], killAfter: 30)
        #expect(once.status == 69 && once.output.contains("did not end within"), "\(once.status) \(once.output)")
        #expect(Date().timeIntervalSince(started) < 15)
    }

    /// follow-sends-token-on-redirect (red team 5): before, a redirect from the leader's address took the token to
    /// any host it named.
    @Test func aRedirectIsNotFollowedAndTheTokenGoesNowhereElse() throws {
        try workspace.ik.run(["keygen", "--out", "leader"]).requireSuccess()
        let (port, elsewhere) = (try freePort(), try freePort())
        let taker = try python(port: elsewhere, """
            open("taken.txt", "a").write(str(self.headers.get("Authorization")) + "\\n")
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers()
            """)
        let redirecting = try python(port: port, """
            self.send_response(302); self.send_header("Location", "http://localhost:\(elsewhere)" + self.path)
            self.send_header("Content-Length", "0"); self.end_headers()
            """)
        defer { for pid in [taker, redirecting] { kill(pid, SIGTERM); Spawn.wait(pid) } }
        let once = try follow(port, ["--once", "--token", "secret-token", "--leader-key", "leader.pub"], killAfter: 30)
        #expect(once.status == 69 && once.output.contains("302"), "\(once.status) \(once.output)")
        #expect(!Workspace.text(atPath: workspace.path + "/taken.txt").contains("secret-token"))
    }
}
