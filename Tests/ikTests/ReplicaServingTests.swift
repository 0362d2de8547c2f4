import Foundation
import Testing

/// A replica served (`ik serve --store REPLICA`): it refuses every write with 403 `replica`, and it accepts its
/// leader's tokens only while its copy is current (red team round 4: replica-append-500,
/// revoked-token-works-on-replica).
@Suite(.serialized) struct ReplicaServingTests {
    let workspace = Workspace()
    var ik: IKProcess { workspace.ik }

    /// A leader `s` (key `leader`) with accounts revisor and eve (auditors) and mas (administrator), served; the
    /// replica `r` has followed it once. - Returns: the leader's server and the tokens by account.
    func leaderAndReplica() throws -> (ServerProcess, [String: String]) {
        try ik.run(["keygen", "--out", "leader"]).requireSuccess()
        try ik.run(["init", "--store", "s"]).requireSuccess()
        var tokens: [String: String] = [:]
        for (account, role) in [("revisor", "auditor"), ("eve", "auditor"), ("mas", "administrator")] {
            try ik.run(["user", "add", account, "--role", role, "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
            let token = try ik.run(["user", "token", account, "--store", "s"])
            try token.requireSuccess()
            tokens[account] = token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try ik.run(["append", "--store", "s", "-"], input: Workspace.foundation).requireSuccess()
        let server = try ServerProcess(workspace: workspace, extra: ["--checkpoint-key", "leader"])
        try follow(server, tokens["revisor"] ?? "").requireSuccess()
        return (server, tokens)
    }

    @discardableResult
    func follow(_ server: ServerProcess, _ token: String) throws -> IKProcess.Result {
        try ik.run(["follow", "http://127.0.0.1:\(server.port)", "--store", "r", "--token", token, "--leader-key",
                    "leader.pub", "--once"])
    }

    /// Sets the time the replica's follower last verified its leader `seconds` back.
    func verifiedAgo(_ seconds: Int) throws {
        let path = workspace.path + "/r/leader.fresh"
        var times = [timeval(tv_sec: time(nil) - seconds, tv_usec: 0), timeval(tv_sec: time(nil) - seconds, tv_usec: 0)]
        #expect(utimes(path, &times) == 0)
    }

    @Test func aServedReplicaRefusesAppendsAndDryRunsWithTheReplicaProblem() throws {
        let (_, tokens) = try leaderAndReplica()
        let replica = try ServerProcess(workspace: workspace, store: "r")
        let draft = #"{"type":"PlanAdopted","payload":{"planId":"PZ","organisation":"Org","year":2024,"adoptedOn":"2024-01-10"}}"#
        for path in ["/api/v1/events", "/api/v1/events?dryRun=true"] {
            let reply = try replica.post(path, token: tokens["mas"], json: draft)
            #expect(reply.status == 403 && reply.object["type"] as? String == "https://schemas.ikstore.se/v1/problems/replica",
                    "\(path): \(reply.status) \(reply.text)")
            #expect((reply.object["detail"] as? String)?.contains("http://127.0.0.1:") == true, "\(reply.text)")
        }
        // No write form either: the web's pages need a signed-in session, and no one signs in on a replica (passwords
        // are never replicated); a token is not a session.
        let form = try replica.get("/record", token: tokens["mas"])
        #expect(!form.text.contains("action=\"/record\""), "\(form.status) \(form.text)")
        let signIn = try replica.request("POST", "/api/v1/login", headers: ["Content-Type": "application/json"],
                                         body: Array(#"{"account":"mas","password":"ett långt lösenord"}"#.utf8))
        #expect(signIn.status == 401, "\(signIn.status) \(signIn.text)")
        // Nothing was written: the replica is still the leader's copy.
        // (The count and root: a replica's verify also checks the leader's heads it verified, and says so.)
        #expect(try ik.run(["verify", "--store", "r"]).stdout.split(separator: "\n").prefix(2)
            == ik.run(["verify", "--store", "s"]).stdout.split(separator: "\n").prefix(2))
    }

    @Test func aReplicaAcceptsItsLeadersTokensOnlyWhileItsCopyIsCurrent() throws {
        let (leader, tokens) = try leaderAndReplica()
        let replica = try ServerProcess(workspace: workspace, store: "r")
        #expect(try replica.get("/api/v1/export/log", token: tokens["eve"]).status == 200)
        // eve leaves: the leader ends her tokens. The replica has not copied that yet, and its copy is ten minutes old.
        try ik.run(["user", "disable", "eve", "--reason", "slutat", "--store", "s"]).requireSuccess()
        #expect(try leader.get("/api/v1/export/log", token: tokens["eve"]).status == 401)
        try verifiedAgo(600)
        for account in ["eve", "revisor"] {
            let stale = try replica.get("/api/v1/export/log", token: tokens[account])
            #expect(stale.status == 503 && stale.object["type"] as? String == "https://schemas.ikstore.se/v1/problems/replica-stale",
                    "\(account): \(stale.status) \(stale.text)")
            #expect((stale.object["detail"] as? String)?.contains("600 s ago") == true, "\(stale.text)")
        }
        // The served OpenAPI document says so for every route a token signs in to (it listed no 503 for reads).
        let document = try replica.get("/api/v1/openapi.json", token: nil).object
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        for (path, methods) in paths {
            for (method, operation) in methods where (operation["security"] as? [Any])?.isEmpty != true {
                let answer = (operation["responses"] as? [String: [String: Any]])?["503"]?["description"] as? String
                #expect(answer?.contains("replica-stale") == true, "\(method) \(path): \(answer ?? "no 503")")
            }
        }
        // Caught up: the revocation is in the copy, eve is refused as at the leader, revisor reads.
        try follow(leader, tokens["revisor"] ?? "").requireSuccess()
        #expect(try replica.get("/api/v1/export/log", token: tokens["eve"]).status == 401)
        #expect(try replica.get("/api/v1/export/log", token: tokens["revisor"]).status == 200)
        // An alarm after the last verified poll: no token is accepted until a poll verifies the leader again.
        let alarm = workspace.path + "/r/alarm-1.json"
        try workspace.write("r/alarm-1.json", "{}\n")
        #expect(FileManager.default.fileExists(atPath: alarm))
        let alarmed = try replica.get("/api/v1/state", token: tokens["revisor"])
        #expect(alarmed.status == 503 && (alarmed.object["detail"] as? String)?.contains("alarm") == true, "\(alarmed.text)")
        // The replica's files stay readable by whoever holds them.
        #expect(try ik.run(["state", "--store", "r"]).status == 0)
    }
}
