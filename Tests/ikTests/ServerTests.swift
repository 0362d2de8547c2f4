import Foundation
import Testing

/// `ik serve` end to end: the built binary on 127.0.0.1, a raw HTTP client. Accounts and actors are a guarantee:
/// every event is recorded as the account that sent it; roles decide what a token may do; the API answers the same
/// questions as the command line with the same bytes.
@Suite(.serialized) struct ServerTests {
    let workspace = Workspace()
    var ik: IKProcess { workspace.ik }

    /// A seeded test store with an owner, an administrator, an auditor and a reader, and a token for each.
    func setUp() throws -> [String: String] {
        try ik.run(["seed", "--store", "s"]).requireSuccess()
        var tokens: [String: String] = [:]
        for (name, role) in [("anna", "owner"), ("mas", "administrator"), ("revisor", "auditor"), ("lasare", "reader")] {
            try ik.run(["user", "add", name, "--role", role, "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
            let token = try ik.run(["user", "token", name, "--store", "s"])
            try token.requireSuccess()
            tokens[name] = token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return tokens
    }

    static let plan = #"{"type":"PlanAdopted","payload":{"planId":"T-2025","organisation":"Testnämnden","year":2025,"adoptedOn":"2025-01-10"}}"#

    /// The log's size, asked with a token that may read checkpoints.
    func size(_ server: ServerProcess, _ token: String?) throws -> Int {
        let reply = try server.get("/api/v1/checkpoint", token: token)
        #expect(reply.status == 200)
        return reply.object["treeSize"] as? Int ?? -1
    }

    /// Schemas/openapi.json embeds the JSON Schemas: whoever changes one must run Tools/openapi.py, and learns it
    /// here rather than at the end of Tools/test.
    @Test func theOpenAPIDocumentIsWhatToolsOpenapiPyWritesFromTheSchemas() throws {
        let root = GuaranteeTests.repository
        let check = try Spawn.run(["/usr/bin/env", "python3", root + "/Tools/openapi.py", "--check"], directory: root,
                                  environment: ProcessInfo.processInfo.environment, input: nil)
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test func withoutCredentialsOrWithTheWrongRoleNothingIsServedAndEveryRefusalIsAProblemDocument() throws {
        let tokens = try setUp()
        let server = try ServerProcess(workspace: workspace)
        #expect(try server.get("/healthz", token: nil).status == 200)
        let anonymous = try server.get("/api/v1/state", token: nil)
        #expect(anonymous.status == 401 && anonymous.headers["content-type"] == "application/problem+json")
        #expect(anonymous.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        #expect(anonymous.object["status"] as? Int == 401 && anonymous.object["requestId"] != nil)
        let forged = try server.get("/api/v1/state", token: "ikt_" + String(repeating: "A", count: 43))
        #expect(forged.status == 401 && forged.object["type"] as? String == "https://schemas.ikstore.se/v1/problems/bad-token")
        let basic = try server.request("GET", "/api/v1/state", headers: ["Authorization": "Basic YW5uYTpw"])
        #expect(basic.status == 401)
        // A reader reads figures, and nothing else.
        #expect(try server.get("/api/v1/state", token: tokens["lasare"]).status == 200)
        for path in ["/api/v1/log", "/api/v1/verify", "/api/v1/export/log", "/api/v1/proof/inclusion?seq=1", "/api/v1/accounts"] {
            let reply = try server.get(path, token: tokens["lasare"])
            #expect(reply.status == 403 && reply.headers["content-type"] == "application/problem+json", "\(path)")
        }
        let before = try size(server, tokens["revisor"])
        #expect(before > 100)
        for who in ["lasare", "revisor"] {
            let refused = try server.post("/api/v1/events", token: tokens[who], json: Self.plan)
            #expect(refused.status == 403 && refused.object["permission"] as? String == "append")
        }
        let unsigned = try server.post("/api/v1/events", token: nil, json: Self.plan)
        #expect(unsigned.status == 401)
        #expect(try size(server, tokens["revisor"]) == before)
        // An auditor verifies and takes proofs; an administrator may not.
        #expect(try server.get("/api/v1/verify", token: tokens["revisor"]).object["intact"] as? Bool == true)
        #expect(try server.get("/api/v1/verify", token: tokens["mas"]).status == 403)
        #expect(try server.get("/api/v1/accounts", token: tokens["anna"]).status == 200)
        #expect(server.stop() == 0)
    }

    @Test func everyEventIsRecordedAsTheSignedInAccountAndADraftNamingAnotherIsRefused() throws {
        let tokens = try setUp()
        let server = try ServerProcess(workspace: workspace)
        let before = try size(server, tokens["anna"])
        #expect(before > 100)
        let other = Self.plan.replacingOccurrences(of: "{\"type\"", with: "{\"actor\":\"anna\",\"type\"")
        let refused = try server.post("/api/v1/events", token: tokens["mas"], json: "[\(Self.plan), \(other)]")
        #expect(refused.status == 422 && refused.headers["content-type"] == "application/problem+json")
        let problems = refused.object["problems"] as? [[String: Any]] ?? []
        #expect(problems.count == 1 && problems.first?["path"] as? String == "actor" && problems.first?["draftIndex"] as? Int == 1)
        #expect(try size(server, tokens["anna"]) == before)
        let written = try server.post("/api/v1/events", token: tokens["mas"], json: Self.plan)
        #expect(written.status == 201, "\(written.text)")
        let events = written.object["events"] as? [[String: Any]] ?? []
        #expect(events.first?["seq"] as? Int == before + 1 && written.object["treeSize"] as? Int == before + 1)
        let line = try server.get("/api/v1/log?after=\(before)", token: tokens["revisor"])
        #expect(line.headers["content-type"] == "application/jsonl" && line.text.contains("\"actor\":\"mas\"")
            && line.text.contains("\"via\":\"server\""))
        #expect(!line.text.contains("\"actor\":\"anna\""))
        #expect(server.stop() == 0)
    }

    @Test func refusedDraftsMalformedJSONOversizedBodiesAndConflictsGetTheirStatusAndWriteNothing() throws {
        let tokens = try setUp()
        let server = try ServerProcess(workspace: workspace, extra: ["--max-body", "1"])
        let admin = tokens["mas"]
        let before = try size(server, tokens["anna"])
        #expect(before > 100)
        let malformed = try server.post("/api/v1/events", token: admin, json: #"{"type": "PlanAdopted", "payload": {"#)
        #expect(malformed.status == 400 && malformed.headers["content-type"] == "application/problem+json")
        #expect(malformed.object["type"] as? String == "https://schemas.ikstore.se/v1/problems/malformed-json")
        let badLine = try server.post("/api/v1/events", token: admin, json: Self.plan + "\n{nope\n", type: "application/jsonl")
        #expect(badLine.status == 400 && (badLine.object["problems"] as? [[String: Any]])?.first?["line"] as? Int == 2)
        let huge = try server.post("/api/v1/events", token: admin, json: "[" + String(repeating: Self.plan + ",", count: 12_000) + Self.plan + "]")
        #expect(huge.status == 413 && huge.headers["content-type"] == "application/problem+json")
        // Tiny drafts cannot make the server hold and answer a problem each (red team, round 3): over 10,000 lines
        // is refused before parsing, and a refusal lists at most 1,000 problems.
        let tiny = try server.post("/api/v1/events", token: admin, json: String(repeating: "{}\n", count: 10_001),
                                   type: "application/jsonl")
        #expect(tiny.status == 413 && tiny.object["type"] as? String == "https://schemas.ikstore.se/v1/problems/too-many-drafts")
        let empties = try server.post("/api/v1/events", token: admin, json: String(repeating: "{}\n", count: 1_500),
                                      type: "application/jsonl")
        #expect(empties.status == 422 && (empties.object["problems"] as? [Any])?.count == 1_000, "\(empties.text.prefix(300))")
        #expect((empties.object["detail"] as? String)?.contains("(the first 1000 listed)") == true)
        let invalid = try server.post("/api/v1/events", token: admin, json: #"{"type":"DeviationRecorded","payload":{"deviationId":"D-1","controlId":"NOPE","observedOn":"2024-10-15","severity":"minor","description":"x"}}"#)
        #expect(invalid.status == 422)
        let fields = (invalid.object["problems"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(fields.contains("payload.controlId"))
        let wrongType = try server.post("/api/v1/events", token: admin, json: Self.plan, type: "text/plain")
        #expect(wrongType.status == 415)
        #expect(try size(server, tokens["anna"]) == before)
        // Expected version: the stream must be new (0); the second time it is not.
        let versioned = Self.plan.replacingOccurrences(of: "{\"type\"", with: "{\"expectedVersion\":0,\"type\"")
        #expect(try server.post("/api/v1/events", token: admin, json: versioned).status == 201)
        let conflict = try server.post("/api/v1/events", token: admin, json: versioned)
        #expect(conflict.status == 409 && conflict.headers["content-type"] == "application/problem+json")
        // The same idempotency key again: the original seq, nothing new.
        let keyed = #"{"type":"PlanAdopted","idempotencyKey":"k-1","payload":{"planId":"T-2026","organisation":"X","year":2026,"adoptedOn":"2025-01-10"}}"#
        let first = try server.post("/api/v1/events", token: admin, json: keyed)
        let again = try server.post("/api/v1/events", token: admin, json: keyed)
        #expect(first.status == 201 && again.status == 201)
        let repeated = (again.object["events"] as? [[String: Any]])?.first
        #expect(repeated?["alreadyRecorded"] as? Bool == true
            && repeated?["seq"] as? Int == (first.object["events"] as? [[String: Any]])?.first?["seq"] as? Int)
        #expect(try size(server, tokens["anna"]) == before + 2)
        #expect(try ik.run(["verify", "--store", "s"]).status == 0)
        #expect(server.stop() == 0)
    }

    @Test func theAPIAnswersWithTheBytesTheCommandLinePrints() throws {
        let tokens = try setUp()
        let server = try ServerProcess(workspace: workspace)
        let owner = tokens["anna"]
        let pairs: [(String, [String])] = [
            ("/api/v1/state?period=2024&asOf=2025-02-11", ["state", "--period", "2024", "--as-of", "2025-02-11", "--format", "json"]),
            ("/api/v1/trend?bucket=tertial", ["trend", "--bucket", "tertial", "--format", "json"]),
            // No language asked for: the same default (Swedish) on both sides.
            ("/api/v1/state?period=2024&format=table", ["state", "--period", "2024"]),
            ("/api/v1/trend?bucket=tertial&format=csv", ["trend", "--bucket", "tertial", "--format", "csv"]),
            ("/api/v1/diff?period=2024&asOf=2024-12-31&against=2025-02-11",
             ["diff", "--period", "2024", "--as-of", "2024-12-31", "--against", "2025-02-11", "--format", "json"]),
            ("/api/v1/report?plan=SN-2024", ["report", "--plan", "SN-2024"]),
            ("/api/v1/report?plan=SN-2024&format=html&lang=en", ["report", "--plan", "SN-2024", "--format", "html", "--lang", "en"]),
            // The same rounding and bucket options as the command line, with the same output.
            ("/api/v1/report?plan=SN-2024&asOf=2025-02-11&rounding=truncate&bucket=half",
             ["report", "--plan", "SN-2024", "--as-of", "2025-02-11", "--rounding", "truncate", "--bucket", "half"]),
            ("/api/v1/state?period=2024&format=table&rounding=truncate", ["state", "--period", "2024", "--rounding", "truncate"]),
            ("/api/v1/trend?bucket=tertial&format=csv&rounding=truncate",
             ["trend", "--bucket", "tertial", "--format", "csv", "--rounding", "truncate"]),
            ("/api/v1/export/deviations?format=csv&lang=sv", ["export", "deviations", "--format", "csv", "--lang", "sv"]),
            ("/api/v1/export/state?format=json", ["export", "state", "--format", "json"]),
            ("/api/v1/export/log?asOfSeq=40", ["export", "log", "--as-of-seq", "40"]),
            ("/api/v1/log?after=100", ["export", "log", "--after-seq", "100"]),
            ("/api/v1/proof/inclusion?seq=7&size=50", ["proof", "inclusion", "--seq", "7", "--size", "50"]),
            ("/api/v1/proof/consistency?from=20&to=60", ["proof", "consistency", "--from", "20", "--to", "60"]),
        ]
        for (path, arguments) in pairs {
            let reply = try server.get(path, token: owner)
            let cli = try ik.run(arguments + ["--store", "s"])
            #expect(reply.status == 200 && cli.status == 0, "\(path): \(reply.text.prefix(300)) \(cli.stderr)")
            #expect(reply.text == cli.stdout, "\(path) differs from ik \(arguments.joined(separator: " "))")
        }
        let verify = try server.get("/api/v1/verify", token: owner)
        let cliVerify = try ik.run(["verify", "--format", "json", "--store", "s"])
        #expect(verify.text == cliVerify.stdout)
        let missing = try server.get("/api/v1/report?plan=NOPE", token: owner)
        #expect(missing.status == 404 && missing.headers["content-type"] == "application/problem+json")
        let unknownPlan = try server.get("/api/v1/state?plan=NOPE", token: owner)
        #expect(unknownPlan.status == 404 && unknownPlan.headers["content-type"] == "application/problem+json")
        let cut = try server.get("/api/v1/report?plan=SN-2024&asOf=2025-02-11&rounding=truncate", token: owner).text
        let rounded = try server.get("/api/v1/report?plan=SN-2024&asOf=2025-02-11", token: owner).text
        #expect(cut != rounded, "truncating changes at least one percentage of the seed report")
        let badRounding = try server.get("/api/v1/state?rounding=bankers", token: owner)
        #expect(badRounding.status == 400 && badRounding.object["parameter"] as? String == "rounding")
        let badPeriod = try server.get("/api/v1/state?period=2024-X9", token: owner)
        #expect(badPeriod.status == 400 && badPeriod.object["parameter"] as? String == "period")
        #expect(server.stop() == 0)
    }

    @Test func signingInGivesATokenAndGuessingIsLimitedPerAccount() throws {
        _ = try setUp()
        let server = try ServerProcess(workspace: workspace)
        let good = try server.post("/api/v1/login", token: nil, json: #"{"account":"mas","password":"ett långt lösenord"}"#)
        #expect(good.status == 201)
        let token = good.object["token"] as? String
        #expect(try server.get("/api/v1/me", token: token).object["role"] as? String == "administrator")
        var statuses: [Int] = []
        for _ in 0..<6 {
            statuses.append(try server.post("/api/v1/login", token: nil, json: #"{"account":"mas","password":"fel fel fel fel"}"#).status)
        }
        #expect(statuses == [401, 401, 401, 401, 401, 429])
        let limited = try server.post("/api/v1/login", token: nil, json: #"{"account":"mas","password":"ett långt lösenord"}"#)
        #expect(limited.status == 429 && Int(limited.headers["retry-after"] ?? "") ?? 0 > 0)
        #expect(server.stop() == 0)
    }

    /// Red team 5 (malformed-requests-500-and-untyped): a chunk size that is not hex, or a body cut short, was a 500;
    /// a sign-in whose label the log refuses was a 500 naming nothing. Now 400 and 422 problem documents (the field
    /// `label` and its rule), and nothing is written.
    @Test func aMalformedBodyIs400AndARefusedLabelIs422NamingIt() throws {
        let tokens = try setUp()
        let server = try ServerProcess(workspace: workspace)
        let before = try size(server, tokens["revisor"])
        for (path, token) in [("/api/v1/login", nil), ("/api/v1/events", tokens["mas"])] {
            for body in ["zz\r\n{}\r\n0\r\n\r\n", "2\r\n{}\r\nqq\r\n"] {
                var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                if let token { head += "Authorization: Bearer \(token)\r\n" }
                let fd = try RawHTTP.connect(port: server.port)
                defer { close(fd) }
                RawHTTP.write(fd, Array((head + "\r\n" + body).utf8))
                let reply = try RawHTTP.parse(RawHTTP.readAll(fd))
                #expect(reply.status == 400 && reply.headers["content-type"] == "application/problem+json"
                        && reply.object["type"] as? String == "https://schemas.ikstore.se/v1/problems/malformed-request",
                        "\(path) \(body.debugDescription): \(reply.status) \(reply.text)")
            }
        }
        for label in ["esc\\u001b[31m", "19121212-1212"] {
            let reply = try server.post("/api/v1/login", token: nil,
                                        json: #"{"account":"mas","password":"ett långt lösenord","label":"\#(label)"}"#)
            let problems = reply.object["problems"] as? [[String: Any]] ?? []
            #expect(reply.status == 422 && reply.headers["content-type"] == "application/problem+json"
                    && problems.first?["path"] as? String == "label" && problems.first?["rule"] != nil, "\(label): \(reply.text)")
        }
        #expect(try size(server, tokens["revisor"]) == before, "nothing was written")
        #expect(server.stop() == 0)
    }

    /// Red team 5 (reader-grows-log-via-login): every sign-in appended a TokenIssued event, unlimited, so a reader
    /// grew the append-only log at will. Now ten tokens an hour per account by signing in; then 429 with Retry-After.
    @Test func signingInGivesAtMostTenTokensAnHourPerAccount() throws {
        let tokens = try setUp()
        let server = try ServerProcess(workspace: workspace)
        let before = try size(server, tokens["revisor"])
        let login = #"{"account":"lasare","password":"ett långt lösenord","label":"loop"}"#
        var statuses: [Int] = []
        for _ in 0..<10 { statuses.append(try server.post("/api/v1/login", token: nil, json: login).status) }
        #expect(statuses == Array(repeating: 201, count: 10))
        let refused = try server.post("/api/v1/login", token: nil, json: login)
        #expect(refused.status == 429 && Int(refused.headers["retry-after"] ?? "") ?? 0 > 3000
                && refused.object["type"] as? String == "https://schemas.ikstore.se/v1/problems/too-many-tokens", "\(refused.text)")
        #expect(try size(server, tokens["revisor"]) == before + 10, "ten TokenIssued events, not eleven")
        // Another account is not held up, and a wrong password is still 401, not a token refusal.
        #expect(try server.post("/api/v1/login", token: nil, json: #"{"account":"mas","password":"ett långt lösenord"}"#).status == 201)
        #expect(try server.post("/api/v1/login", token: nil, json: #"{"account":"lasare","password":"fel fel fel fel"}"#).status == 401)
        #expect(server.stop() == 0)
    }

    /// A failed sign-in that costs no bcrypt (a password longer than bcrypt reads), so that the limit per address
    /// is reached quickly.
    func failSignIn(_ server: ServerProcess, account: String, from address: String?) throws -> Int {
        let headers = ["Content-Type": "application/json"].merging(address.map { ["X-Forwarded-For": $0] } ?? [:]) { $1 }
        let body = #"{"account":"\#(account)","password":"\#(String(repeating: "x", count: 80))"}"#
        return try server.request("POST", "/api/v1/login", headers: headers, body: Array(body.utf8)).status
    }

    func signIn(_ server: ServerProcess, from address: String?) throws -> Int {
        let headers = ["Content-Type": "application/json"].merging(address.map { ["X-Forwarded-For": $0] } ?? [:]) { $1 }
        let body = #"{"account":"mas","password":"ett långt lösenord"}"#
        return try server.request("POST", "/api/v1/login", headers: headers, body: Array(body.utf8)).status
    }

    @Test func guessingIsLimitedPerAddressAndOnlyATrustedProxyNamesTheAddress() throws {
        _ = try setUp()
        // Without --trusted-proxy, X-Forwarded-For is the client's own word: twenty failures under twenty made-up
        // addresses (and twenty accounts) still lock the one address they came from.
        let direct = try ServerProcess(workspace: workspace)
        for i in 0..<20 { #expect(try failSignIn(direct, account: "gissning\(i)", from: "198.51.100.\(i)") == 401) }
        #expect(try signIn(direct, from: "198.51.100.99") == 429)
        #expect(try signIn(direct, from: nil) == 429)
        #expect(direct.stop() == 0)
        // Behind a trusted proxy, the address the proxy appended last is the client's: one client is locked out,
        // another is not, and a client cannot escape by putting an address of its own in front.
        let proxied = try ServerProcess(workspace: workspace, extra: ["--trusted-proxy", "127.0.0.1"])
        for i in 0..<20 {
            let chain = i % 2 == 0 ? "203.0.113.7" : "10.9.9.\(i), 203.0.113.7"
            #expect(try failSignIn(proxied, account: "gissning\(i)", from: chain) == 401)
        }
        #expect(try signIn(proxied, from: "203.0.113.7") == 429)
        #expect(try signIn(proxied, from: "10.1.1.1, 203.0.113.7") == 429)
        #expect(try signIn(proxied, from: "203.0.113.8") == 201)
        // Red team 3 (signin-lockout-of-others): a stranger's five wrong passwords for mas lock mas out of the
        // stranger's address only; mas signs in from her own.
        for _ in 0..<5 { #expect(try failSignIn(proxied, account: "mas", from: "203.0.113.20") == 401) }
        #expect(try signIn(proxied, from: "203.0.113.20") == 429)
        #expect(try signIn(proxied, from: "203.0.113.21") == 201)
        #expect(proxied.stop() == 0)
    }

    @Test func pathTricksAndLineBreaksInRequestsAreRefusedAndNeverReflected() throws {
        let tokens = try setUp()
        let server = try ServerProcess(workspace: workspace)
        let owner = tokens["anna"]
        for path in ["/api/v1/../../etc/passwd", "/api/v1/%2e%2e/%2e%2e/etc/passwd", "/api/v1/state%2F..%2F..%2Fsecrets",
                     "/api/v1/state%00", "/api/v1/export/..%2Fsecrets", "/../s/data.mdb", "//api/v1/state/.."] {
            let reply = try server.get(path, token: owner)
            #expect(reply.status == 404 || reply.status == 400, "\(path): \(reply.status)")
            #expect(reply.headers["content-type"] == "application/problem+json", "\(path)")
        }
        let injected = try server.get("/api/v1/state?x%0D%0ASet-Cookie:%20a=b=1&period=2024%0D%0AX-Evil:%201", token: owner)
        #expect(injected.status == 400)
        #expect(!injected.rawHead.lowercased().contains("set-cookie") && !injected.rawHead.lowercased().contains("x-evil"))
        let value = try server.get("/api/v1/state?period=2024%0D%0AX-Evil:%201", token: owner)
        #expect(value.status == 400 && !value.rawHead.lowercased().contains("x-evil") && !value.text.contains("\r\n"))
        #expect(server.stop() == 0)
    }

    @Test func aSlowClientNeverHoldsTheWriterAndSIGTERMLetsRequestsInFlightFinish() throws {
        let tokens = try setUp()
        let server = try ServerProcess(workspace: workspace)
        // Half a body sent slowly, a byte at a time: meanwhile another client's append commits at once, and so
        // does an `ik append` in another process, which needs the store's writer lock within 2 s.
        let body = Array(Self.plan.utf8)
        let half = body.count / 2
        let slow = try RawHTTP.connect(port: server.port)
        defer { close(slow) }
        RawHTTP.write(slow, Array(("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
            + tokens["mas"]! + "\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n").utf8))
        for byte in body.prefix(half) {
            RawHTTP.write(slow, [byte])
            usleep(10_000)
        }
        let started = Date()
        let quick = try server.post("/api/v1/events", token: tokens["anna"],
                                    json: Self.plan.replacingOccurrences(of: "T-2025", with: "T-2027"))
        #expect(quick.status == 201 && Date().timeIntervalSince(started) < 5, "\(quick.status) \(quick.text)")
        let cli = try ik.run(["append", "-", "--store", "s", "--wait", "2"],
                             input: Self.plan.replacingOccurrences(of: "T-2025", with: "T-2028"))
        #expect(cli.status == 0, "ik append beside a slow client: \(cli.stderr)")
        // An idle connection, never sending a request, must not keep the server from stopping.
        let idle = try RawHTTP.connect(port: server.port)
        defer { close(idle) }
        // SIGTERM while the slow body is still coming: the server waits for it, commits it, then stops.
        kill(server.pid, SIGTERM)
        usleep(200_000)
        RawHTTP.write(slow, Array(body.dropFirst(half)))
        let reply = try RawHTTP.parse(RawHTTP.readAll(slow))
        #expect(reply.status == 201, "\(reply.text)")
        let stopping = Date()
        #expect(Spawn.wait(server.pid) == 0)
        #expect(Date().timeIntervalSince(stopping) < 20, "an idle connection held the server")
        #expect(try ik.run(["verify", "--store", "s"]).status == 0)
        #expect(try ik.run(["log", "--store", "s", "--stream", "plan-T-2025"]).stdout.contains("mas"))
    }
}
