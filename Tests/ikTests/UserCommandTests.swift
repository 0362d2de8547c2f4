import EventLog
import Foundation
import Testing

/// `ik user`: access as events in the log (an as-of question), secrets apart, never in the log.
@Suite struct UserCommandTests {
    let workspace = Workspace()
    var ik: IKProcess { workspace.ik }

    @Test func addingListingAndDisablingAccountsAreEventsAndWhoCouldWriteWhenIsAnAsOfQuery() throws {
        try ik.run(["init", "--store", "s"]).requireSuccess()
        let added = try ik.run(["user", "add", "anna", "--role", "owner", "--store", "s"], input: "ett långt lösenord\n")
        #expect(added.status == 0, "\(added.stderr)")
        try ik.run(["user", "add", "mas", "--role", "administrator", "--store", "s"], input: "hennes lösenord är långt\n")
            .requireSuccess()
        let token = try ik.run(["user", "token", "mas", "--label", "laptop", "--store", "s"])
        #expect(token.status == 0 && token.stdout.hasPrefix("ikt_") && token.stdout.split(separator: "\n").count == 1)
        let before = try ik.run(["user", "list", "--store", "s", "--format", "json"])
        #expect(before.stdout.contains("\"administrator\""))
        let disabled = try ik.run(["user", "disable", "mas", "--reason", "slutat", "--store", "s"])
        #expect(disabled.status == 0, "\(disabled.stderr)")
        let now = try ik.run(["user", "list", "--store", "s"])
        #expect(now.stdout.contains("mas ") && now.stdout.contains("revoked"))
        let then = try ik.run(["user", "list", "--store", "s", "--as-of-seq", "2"])
        #expect(then.stdout.contains("active") && !then.stdout.contains("revoked") && then.stdout.contains("at seq 2"))
        // The log holds the access events with the system user at the terminal as actor, and no secret.
        let log = try ik.run(["export", "log", "--store", "s"])
        #expect(log.stdout.contains("\"AccessGranted\"") && log.stdout.contains("\"AccessRevoked\"")
            && log.stdout.contains("\"actor\":\"\(EventVia.systemUser)\""))
        for secret in ["ett långt lösenord", "hennes lösenord är långt", token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)] {
            #expect(!(try workspace.data("s/data.mdb")).contains(Data(secret.utf8)))
            #expect(!log.stdout.contains(secret))
        }
        #expect(try ik.run(["verify", "--store", "s"]).status == 0)
        // A token of a disabled account is gone.
        #expect(try ik.run(["user", "token", "mas", "--store", "s"]).status == 65)
    }

    @Test func theLastOwnerStaysAndAWeakPasswordOrUnknownAccountChangesNothing() throws {
        try ik.run(["init", "--store", "s"]).requireSuccess()
        try ik.run(["user", "add", "anna", "--role", "owner", "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
        let last = try ik.run(["user", "disable", "anna", "--reason", "test", "--store", "s"])
        #expect(last.status == 65 && last.stderr.contains("only active owner"))
        let weak = try ik.run(["user", "add", "bo", "--role", "reader", "--store", "s"], input: "kort\n")
        #expect(weak.status == 65 && weak.stderr.contains("at least 12"))
        let none = try ik.run(["user", "token", "nobody", "--store", "s"])
        #expect(none.status == 66)
        let list = try ik.run(["user", "list", "--store", "s", "--format", "json"])
        #expect(list.stdout.contains("\"knownAtSeq\" : 1") || list.stdout.contains("\"knownAtSeq\": 1"))
    }

    /// Found by the red team: `ik redact` of an AccessChanged (an owner demoted) or an AccessRevoked gave the account
    /// its old role back at once, also as of a point before the redaction, while verify said ok.
    @Test func anAccountEventIsNeverRedacted() throws {
        try ik.run(["init", "--store", "s"]).requireSuccess()
        try ik.run(["user", "add", "anna", "--role", "owner", "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
        try ik.run(["user", "add", "bo", "--role", "owner", "--store", "s"], input: "ett annat långt lösenord\n").requireSuccess()
        try ik.run(["user", "role", "bo", "--role", "reader", "--reason", "byter tjänst", "--store", "s"]).requireSuccess()
        try ik.run(["user", "disable", "bo", "--reason", "slutat", "--store", "s"]).requireSuccess()
        let log = try ik.run(["log", "--format", "jsonl", "--store", "s"]).stdout.split(separator: "\n")
        for type in ["AccessGranted", "AccessChanged", "AccessRevoked"] {
            let line = try #require(log.first { $0.contains("\"type\":\"\(type)\"") })
            let id = String(line[try #require(line.range(of: #"(?<="id":")[^"]+"#, options: .regularExpression))])
            let before = try workspace.data("s/data.mdb")
            let redacted = try ik.run(["redact", "--target", id, "--reason", "test", "--store", "s"])
            #expect(redacted.status == 65, "\(type): \(redacted.status) \(redacted.stderr)")
            #expect(redacted.stderr.contains("is an account event (\(type))"), "\(redacted.stderr)")
            #expect(try workspace.data("s/data.mdb") == before)
        }
        let list = try ik.run(["user", "list", "--store", "s"]).stdout
        #expect(list.contains("reader") && list.contains("revoked"), "\(list)")
    }

    /// The accounts as `ik user list --format json` shows them, without what a redaction removes (display names,
    /// reasons) or marks, and without the log's size: who had which role, when, by whom.
    static func roles(_ json: String) throws -> JSONValue {
        func strip(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let members):
                .object(members.filter { !["displayName", "reason", "redacted", "knownAtSeq"].contains($0.key) }.mapValues(strip))
            case .array(let items): .array(items.map(strip))
            default: value
            }
        }
        return strip(try JSONParser.parse(Array(json.utf8)))
    }

    /// Red team (account-personal-data-never-erasable): `ik user add bob --display-name "Bob Hemligsson"` and
    /// `ik user disable bob --reason "sjukskriven …"` put a name and a health reason into access events, which ik
    /// redact refuses: they could never be removed. They are recorded apart, and redacted like any fact.
    @Test func aNameAndAReasonGivenAtTheCommandLineAreRedactedAndTheRolesStay() throws {
        try ik.run(["init", "--store", "s"]).requireSuccess()
        try ik.run(["user", "add", "own", "--role", "owner", "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
        try ik.run(["user", "add", "bob", "--role", "reader", "--display-name", "Bob Hemligsson", "--store", "s"],
                   input: "ett annat långt lösenord\n").requireSuccess()
        let disabled = try ik.run(["user", "disable", "bob", "--reason", "sjukskriven för utmattningssyndrom", "--store", "s"])
        #expect(disabled.stdout.contains("recorded as seq 4"), "\(disabled.stdout)")
        let before = try ik.run(["user", "list", "--store", "s", "--format", "json"]).stdout
        #expect(before.contains("Bob Hemligsson") && before.contains("utmattningssyndrom"))
        let beforeThen = try ik.run(["user", "list", "--store", "s", "--as-of-seq", "3"]).stdout
        // Seq 3 is the name, seq 5 the reason (AccountDetailsRecorded, each in the batch of its access event).
        for seq in ["3", "5"] {
            let redacted = try ik.run(["redact", "--target", "seq:" + seq, "--reason", "gallring enligt beslut", "--store", "s"])
            #expect(redacted.status == 0, "\(redacted.stderr)")
        }
        let data = try workspace.data("s/data.mdb")
        #expect(data.range(of: Data("Hemligsson".utf8)) == nil && data.range(of: Data("utmattning".utf8)) == nil)
        let after = try ik.run(["user", "list", "--store", "s", "--format", "json"]).stdout
        #expect(try Self.roles(after) == Self.roles(before))
        #expect(!after.contains("Hemligsson") && !after.contains("utmattning") && after.contains("\"redacted\""))
        #expect(try ik.run(["user", "list", "--store", "s", "--as-of-seq", "3"]).stdout == beforeThen)
        let log = try ik.run(["export", "log", "--store", "s"]).stdout
        #expect(!log.contains("Hemligsson") && !log.contains("utmattning"))
        let verified = try ik.run(["verify", "--store", "s"])
        #expect(verified.status == 0 && verified.stdout.contains("seq 3, 5"), "\(verified.stdout)")
    }

    /// A store written before names and reasons were recorded apart (Tests/Fixtures/accounts-a1a572c: ik built from
    /// main at a1a572c; own and bob granted with display names, bob demoted and revoked with reasons, eva granted
    /// with none, then a plan): each such access event is redacted keeping its account and role, the other one is
    /// refused, and every account's role history, as of every point, is what it was.
    @Test func anOlderStoresNamesAndReasonsAreRedactedKeepingEveryRole() throws {
        try ik.shell("mkdir -m 700 s && gzip -dc \(GuaranteeTests.repository)/Tests/Fixtures/accounts-a1a572c.data.mdb.gz"
            + " > s/data.mdb && chmod 600 s/data.mdb").requireSuccess()
        let points = ["1", "2", "3", "4", "5", "6"]
        func lists() throws -> [JSONValue] {
            try points.map { seq in
                let listed = try ik.run(["user", "list", "--store", "s", "--as-of-seq", seq, "--format", "json"])
                #expect(listed.status == 0, "\(listed.stderr)")
                return try Self.roles(listed.stdout)
            }
        }
        let before = try lists()
        let table = { try ik.run(["user", "list", "--store", "s"]).stdout.split(separator: "\n").dropLast() }
        let beforeText = try table()
        for seq in ["1", "2", "3", "4"] {
            let redacted = try ik.run(["redact", "--target", "seq:" + seq, "--reason", "gallring enligt beslut", "--store", "s"])
            #expect(redacted.status == 0, "seq \(seq): \(redacted.stderr)")
        }
        let untouched = try workspace.data("s/data.mdb")
        let refused = try ik.run(["redact", "--target", "seq:5", "--reason", "gallring", "--store", "s"])
        #expect(refused.status == 65 && refused.stderr.contains("is an account event (AccessGranted) that holds no personal data"),
                "\(refused.stderr)")
        #expect(try workspace.data("s/data.mdb") == untouched)
        for text in ["Ägarsson", "Hemligsson", "hälsan", "utmattning"] {
            #expect(untouched.range(of: Data(text.utf8)) == nil, "\(text) is still in data.mdb")
        }
        #expect(try lists() == before)
        #expect(try table() == beforeText)
        let redactions = try ik.run(["log", "--store", "s", "--type", "PayloadRedacted", "--format", "jsonl"]).stdout
        #expect(redactions.contains(#""kept":{"account":"bob","role":"reader"}"#), "\(redactions)")
        let verified = try ik.run(["verify", "--store", "s"])
        #expect(verified.status == 0 && verified.stdout.contains("seq 1, 2, 3, 4"), "\(verified.stdout)")
        #expect(try ik.run(["state", "--store", "s"]).status == 0)
    }

    /// Red team (cli-actor-impersonation): `IK_ACTOR=rdr ik user role adm --role owner` recorded the reader rdr making
    /// adm an owner, and nothing told a name typed at the terminal from an account that signed in. Account changes at
    /// the command line are recorded as the system user who ran ik, and every envelope says how its actor came about.
    @Test func theLogTellsWhoRanTheCommandLineFromTheNameTypedThere() throws {
        try ik.run(["init", "--store", "s"]).requireSuccess()
        for (name, role) in [("own", "owner"), ("adm", "administrator"), ("rdr", "reader")] {
            try ik.run(["user", "add", name, "--role", role, "--store", "s"], input: "ett långt lösenord\n").requireSuccess()
        }
        try ik.run(["user", "role", "adm", "--role", "owner", "--reason", "befordrad", "--store", "s"],
                   environment: ["IK_ACTOR": "rdr"]).requireSuccess()
        try workspace.write("plan.json", """
            {"type":"PlanAdopted","actor":"own","payload":{"planId":"P-CLI","organisation":"O","year":2024,"adoptedOn":"2024-01-10"}}
            """)
        try ik.run(["append", "plan.json", "--store", "s"], environment: ["IK_ACTOR": "rdr"]).requireSuccess()
        let envelopes = try ik.run(["export", "log", "--store", "s"]).stdout.split(separator: "\n").map {
            try #require(try JSONParser.parse(Array($0.utf8))["envelope"])
        }
        let user = EventVia.systemUser
        let change = try #require(envelopes.first { $0["type"] == "AccessChanged" })
        #expect(change["actor"] == .string(user) && change["via"] == .string("cli:" + user))
        let plan = try #require(envelopes.first { $0["stream"] == "plan-P-CLI" })
        #expect(plan["actor"] == "own" && plan["via"] == .string("cli:" + user))
        #expect(envelopes.allSatisfy { $0["via"] == .string("cli:" + user) })
        let accounts = try ik.run(["user", "list", "--store", "s", "--format", "json"]).stdout
        #expect(accounts.contains("\"via\": \"cli:\(user)\"") && !accounts.contains("\"actor\": \"rdr\""))
        #expect(try ik.run(["verify", "--store", "s"]).status == 0)
    }
}
