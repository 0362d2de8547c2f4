import Foundation
import Testing

@testable import Accounts
@testable import EventLog
import InternalControl

/// Accounts: access as events in the log, secrets apart, sign-in by password and token.
@Suite struct AccountBookTests {
    let directory: String
    let book: AccountBook

    init() throws {
        directory = NSTemporaryDirectory() + "ik-accounts-" + UUID().uuidString
        let store = try EventStore.create(at: directory + "/store")
        book = AccountBook(store: store, secrets: try SecretStore(storePath: directory + "/store", create: true))
    }

    func events() throws -> [StoredEvent] {
        try book.store.read { view in
            var all: [StoredEvent] = []
            let size = try view.size
            if size > 0 { try view.forEachEvent(in: 1...size) { all.append($0); return true } }
            return all
        }
    }

    @Test func addingAUserRecordsTheGrantInTheLogAndThePasswordApart() throws {
        try book.add("mas", role: .administrator, password: "lång lösenordsfras", actor: "owner", clock: .system, cost: 4)
        let logged = try events()
        #expect(logged.map(\.envelope.type) == ["AccessGranted"])
        #expect(logged[0].envelope.stream == "account-mas")
        #expect(logged[0].envelope.actor == "owner")
        #expect(logged[0].payload == ["account": "mas", "role": "administrator"])
        #expect(try book.authenticate(account: "mas", password: "lång lösenordsfras") == Principal(account: "mas", role: .administrator))
        #expect(try book.authenticate(account: "mas", password: "fel lösenord här") == nil)
        #expect(try book.authenticate(account: "nobody", password: "lång lösenordsfras") == nil)
        #expect(try book.store.verify().problems.isEmpty)
    }

    @Test func aWeakPasswordIsRefusedAndNothingIsWritten() throws {
        #expect(throws: AccountError.weakPassword("use at least 12 characters")) {
            try book.add("mas", role: .administrator, password: "kort", actor: "owner", clock: .system, cost: 4)
        }
        #expect(throws: AccountError.self) {
            try book.add("mas", role: .administrator, password: "mas-är-mitt-namn", actor: "owner", clock: .system, cost: 4)
        }
        #expect(throws: AccountError.self) {
            try book.add("mas", role: .administrator, password: String(repeating: "å", count: 40), actor: "owner", clock: .system, cost: 4)
        }
        #expect(try events().isEmpty)
    }

    @Test func anActiveAccountIsNotGrantedTwiceAndItsPasswordIsKept() throws {
        try book.add("mas", role: .administrator, password: "första lösenordet", actor: "owner", clock: .system, cost: 4)
        #expect(throws: StoreError.self) {
            try book.add("mas", role: .owner, password: "andra lösenordet!", actor: "owner", clock: .system, cost: 4)
        }
        #expect(try events().count == 1)
        #expect(try book.authenticate(account: "mas", password: "första lösenordet") != nil)
    }

    @Test func revokingDeletesSecretsAndTheLogAnswersWhoCouldWriteWhen() throws {
        try book.add("owner", role: .owner, password: "ägarens lösenord", actor: "setup", clock: .system, cost: 4)
        try book.add("mas", role: .administrator, password: "lång lösenordsfras", actor: "owner", clock: .system, cost: 4)
        let token = try book.issueToken(for: "mas", label: "laptop", clock: .system)
        #expect(try book.authenticate(token: token)?.account == "mas")
        let before = try book.store.read { try $0.size }
        try book.changeRole(of: "mas", to: .owner, reason: "ny uppgift", actor: "owner", clock: .system)
        #expect(try book.authenticate(token: token)?.role == .owner)
        try book.revoke("mas", reason: "slutat", actor: "owner", clock: .system)
        #expect(try book.authenticate(token: token) == nil)
        #expect(try book.authenticate(account: "mas", password: "lång lösenordsfras") == nil)
        #expect(try book.secrets.passwordHash(of: "mas") == nil)
        #expect(try book.secrets.tokens(of: "mas").isEmpty)
        let then = try book.ledger(asOf: .seq(before)).accounts["mas"]
        #expect(then?.active == true && then?.role == .administrator)
        #expect(try book.ledger().accounts["mas"]?.active == false)
        #expect(try book.ledger().accounts["mas"]?.history.map(\.type)
            == [.granted, .tokenIssued, .changed, .detailsRecorded, .revoked, .detailsRecorded])
    }

    /// Red team 3 (minor): tokens never expired. A token signs in until 00:00 UTC of its `expiresOn` day, which its
    /// TokenIssued event records (90 days unless asked otherwise).
    @Test func aTokenSignsInUntilTheDayItExpires() throws {
        try book.add("mas", role: .administrator, password: "lång lösenordsfras", actor: "owner", clock: .system, cost: 4)
        let now = Clock.systemNow()
        let day: Int64 = 86_400_000_000
        let later = { (days: Int64) in Instant(microsecondsSinceEpoch: now.microseconds + days * day) }
        let short = try book.issueToken(for: "mas", label: "ci", days: 30, clock: .system)
        let usual = try book.issueToken(for: "mas", label: "laptop", clock: .system)
        #expect(try book.authenticate(token: short, now: later(28))?.account == "mas")
        #expect(try book.authenticate(token: short, now: later(31)) == nil)
        #expect(try book.authenticate(token: usual, now: later(88))?.account == "mas")
        #expect(try book.authenticate(token: usual, now: later(91)) == nil)
        let issued = try book.ledger().accounts["mas"]?.history.filter { $0.type == .tokenIssued }.map(\.expiresOn)
        #expect(issued == [AccessLedger.expiry(issued: now, days: 30), AccessLedger.expiry(issued: now, days: 90)])
    }

    /// Red team (password-change-keeps-tokens): a token taken with a stolen password kept working after
    /// `ik user password`. A new password, and a role change that takes a permission away, end the tokens.
    @Test func aNewPasswordOrADemotionEndsTheAccountsTokens() throws {
        try book.add("owner", role: .owner, password: "ägarens lösenord", actor: "setup", clock: .system, cost: 4)
        try book.add("mas", role: .administrator, password: "lång lösenordsfras", actor: "owner", clock: .system, cost: 4)
        let stolen = try book.issueToken(for: "mas", label: "login", clock: .system)
        let others = try book.issueToken(for: "owner", label: "laptop", clock: .system)
        try book.setPassword(of: "mas", to: "ett helt nytt lösenord", cost: 4)
        #expect(try book.authenticate(token: stolen) == nil)
        #expect(try book.secrets.tokens(of: "mas").isEmpty)
        #expect(try book.authenticate(token: others)?.account == "owner")
        #expect(try book.authenticate(account: "mas", password: "ett helt nytt lösenord") != nil)
        // Administrator → auditor takes appending away: the token ends; auditor → owner takes nothing away: it stays.
        let laptop = try book.issueToken(for: "mas", label: "laptop", clock: .system)
        try book.changeRole(of: "mas", to: .auditor, reason: "byter uppgift", actor: "owner", clock: .system)
        #expect(try book.authenticate(token: laptop) == nil)
        let again = try book.issueToken(for: "mas", label: "laptop", clock: .system)
        try book.changeRole(of: "mas", to: .owner, reason: "ny uppgift", actor: "owner", clock: .system)
        #expect(try book.authenticate(token: again)?.role == .owner)
    }

    @Test func aTokenAndAWebSessionEndByOneRuleAndNeitherComesBackWithTheRole() throws {
        try book.add("owner", role: .owner, password: "ägarens lösenord", actor: "setup", clock: .system, cost: 4)
        try book.add("mas", role: .administrator, password: "lång lösenordsfras", actor: "owner", clock: .system, cost: 4)
        let changes: [(String, () throws -> Void, Bool)] = [
            ("promoted", { try book.changeRole(of: "mas", to: .owner, reason: "ny uppgift", actor: "owner", clock: .system) }, false),
            ("demoted", { try book.changeRole(of: "mas", to: .reader, reason: "misstänkt missbruk", actor: "owner", clock: .system) }, true),
            ("promoted again", { try book.changeRole(of: "mas", to: .administrator, reason: "återställd", actor: "owner", clock: .system) }, false),
            ("new password", { try book.setPassword(of: "mas", to: "ett helt nytt lösenord", cost: 4) }, true),
            ("revoked", { try book.revoke("mas", reason: "slutat", actor: "owner", clock: .system) }, true),
        ]
        var password = "lång lösenordsfras"
        for (name, change, ends) in changes {
            let token = try book.issueToken(for: "mas", label: nil, clock: .system)
            let (_, grant) = try #require(try book.signIn(account: "mas", password: password), "\(name)")
            try change()
            if name == "new password" { password = "ett helt nytt lösenord" }
            #expect((try book.authenticate(token: token) == nil) == ends, "\(name): the token")
            #expect((try book.sessionPrincipal(grant) == nil) == ends, "\(name): the session, as the token")
            #expect(try book.ledger().accounts["mas"]?.admits(generation: grant.generation) == !ends, "\(name)")
        }
        try book.add("mas", role: .administrator, password: password, actor: "owner", clock: .system, cost: 4)
        #expect(try book.signIn(account: "mas", password: password) != nil, "granted again, mas signs in anew")
    }

    @Test func theLastOwnerCannotBeRevokedOrDemoted() throws {
        try book.add("owner", role: .owner, password: "ägarens lösenord", actor: "setup", clock: .system, cost: 4)
        #expect(throws: StoreError.self) { try book.revoke("owner", reason: "test", actor: "owner", clock: .system) }
        #expect(throws: StoreError.self) {
            try book.changeRole(of: "owner", to: .reader, reason: "test", actor: "owner", clock: .system)
        }
        #expect(try events().count == 1)
    }

    @Test func tokensAreStoredOnlyAsTheirHash() throws {
        try book.add("mas", role: .administrator, password: "lång lösenordsfras", actor: "owner", clock: .system, cost: 4)
        let token = try book.issueToken(for: "mas", label: nil, clock: .system)
        #expect(token.hasPrefix("ikt_") && token.count == 47)
        let file = try Data(contentsOf: URL(fileURLWithPath: SecretStore.path(forStore: directory + "/store") + "/data.mdb"))
        #expect(file.range(of: Data(token.utf8)) == nil)
        #expect(file.range(of: Data("lång lösenordsfras".utf8)) == nil)
        let log = try Data(contentsOf: URL(fileURLWithPath: directory + "/store/data.mdb"))
        #expect(log.range(of: Data(token.utf8)) == nil && log.range(of: Data(token.dropFirst(4).utf8)) == nil)
        #expect(try book.authenticate(token: token + "x") == nil)
        #expect(try book.authenticate(token: "ikt_" + String(repeating: "A", count: 43)) == nil)
    }

    @Test func namesThatAreNotIdsOrHoldAPersonalNumberAreRefused() throws {
        for name in ["", "två ord", "19121212-1212", "a\u{1B}b"] {
            #expect(throws: (any Error).self) {
                try book.add(name, role: .reader, password: "lång lösenordsfras", actor: "owner", clock: .system, cost: 4)
            }
        }
        #expect(try events().isEmpty)
    }

    /// Red team (lookalike-account-names): `own`, `Own`, `OWN` and `ｏwn` were four accounts. A name whose look-alike
    /// key (the store's, for ids) equals an existing account's is refused, naming that account.
    @Test func anAccountNameThatLooksLikeAnExistingOneIsRefusedNamingIt() throws {
        try book.add("own", role: .owner, password: "ägarens lösenord", actor: "setup", clock: .system, cost: 4)
        for name in ["Own", "OWN", "\u{FF4F}wn", "\u{043E}wn"] {
            let error = #expect(throws: StoreError.self) {
                try book.add(name, role: .administrator, password: "lång lösenordsfras", actor: "own", clock: .system, cost: 4)
            }
            guard case .rejected(let problems)? = error else { continue }
            #expect(problems.map(\.path) == ["payload.account"])
            if name != "\u{043E}wn" { #expect(problems.first?.rule.contains("looks like the account own") == true) }
        }
        #expect(try events().count == 1)
        try book.add("owner2", role: .owner, password: "ägarens lösenord", actor: "own", clock: .system, cost: 4)
    }

    /// Red team (cli-actor-impersonation, second part): the server read roles from payload bytes without checking
    /// their digests, so one byte edit in the payload table made a reader an owner. Roles are read checked.
    @Test func aRoleIsNeverReadFromAPayloadThatDoesNotMatchItsDigest() throws {
        try book.add("own", role: .owner, password: "ägarens lösenord", actor: "setup", clock: .system, cost: 4)
        try book.add("rdr", role: .reader, password: "lång lösenordsfras", actor: "own", clock: .system, cost: 4)
        let token = try book.issueToken(for: "rdr", label: nil, clock: .system)
        try TestBook.editPayload(of: book, seq: 2, replacing: "\"reader\"", with: "\"owner\" ")
        #expect(throws: AccountError.damagedAccessEvent(seq: 2)) { try book.authenticate(token: token) }
    }

    /// Red team (secrets-mint-owner-token): one LMDB put in STORE/secrets minted an owner token, or re-pointed a
    /// reader's token to the owner, with no trace in the log. Tokens are issued in the log (TokenIssued, its SHA-256);
    /// the secrets alone sign no one in.
    @Test func aTokenWrittenIntoTheSecretsAloneSignsNoOneIn() throws {
        try book.add("own", role: .owner, password: "ägarens lösenord", actor: "setup", clock: .system, cost: 4)
        try book.add("rdr", role: .reader, password: "lång lösenordsfras", actor: "own", clock: .system, cost: 4)
        let real = try book.issueToken(for: "rdr", label: "laptop", actor: "own", clock: .system)
        let forged = "ikt_" + String(repeating: "F", count: 43)
        try book.secrets.addToken(forged, for: "own", label: nil, created: Clock.system.now())
        try book.secrets.environment.write { txn in
            try txn.put(Array(#"{"account":"own","created":"2026-01-01T00:00:00Z"}"#.utf8),
                        forKey: SecretStore.tokenKey(real), in: book.secrets.tokens)
            return .commit
        }
        #expect(try book.authenticate(token: forged) == nil)
        #expect(try book.authenticate(token: real) == Principal(account: "rdr", role: .reader))
        let issued = try events().filter { $0.envelope.type == "TokenIssued" }
        #expect(issued.map(\.envelope.actor) == ["own"] && issued.first?.payload?["account"] == "rdr")
        #expect(issued.first?.payload?["tokenHash"]?.stringValue?.count == 64)
        #expect(try book.store.verify().problems.isEmpty)
    }

    @Test func secretsAreReadableByTheOwnerOnly() throws {
        var info = stat()
        #expect(stat(SecretStore.path(forStore: directory + "/store"), &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        #expect(stat(SecretStore.path(forStore: directory + "/store") + "/data.mdb", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    @Test func anAccountGrantedAgainGetsNoTokenOfItsEarlierLife() throws {
        try book.add("owner", role: .owner, password: "ägarens lösenord", actor: "setup", clock: .system, cost: 4)
        try book.add("mas", role: .administrator, password: "lång lösenordsfras", actor: "owner", clock: .system, cost: 4)
        let token = try book.issueToken(for: "mas", label: nil, clock: .system)
        // Revoked in the log without its secrets being deleted (a crash between the two, a revocation written elsewhere).
        _ = try book.record(.revoked, account: "mas", payload: ["account": "mas"], details: ["reason": "slutat"], actor: "owner",
                           clock: .system)
        try book.add("mas", role: .administrator, password: "ny lösenordsfras!", actor: "owner", clock: .system, cost: 4)
        #expect(try book.authenticate(token: token) == nil)
        #expect(try book.authenticate(account: "mas", password: "lång lösenordsfras") == nil)
    }

    @Test func signingInToAnUnknownAccountTakesABcryptAsAKnownOneDoes() throws {
        let started = Date()
        #expect(try book.authenticate(account: "ingen-sådan", password: "lång lösenordsfras") == nil)
        // Cost 12 takes well over 20 ms on any machine; a lookup alone takes microseconds.
        #expect(Date().timeIntervalSince(started) > 0.02)
    }

    @Test func signingInWithAnEmptyOrOverlongAccountNameIsAFailedSignInNotAnError() throws {
        try book.add("mas", role: .administrator, password: "lång lösenordsfras", actor: "owner", clock: .system, cost: 4)
        #expect(try book.authenticate(account: "", password: "lång lösenordsfras") == nil)
        #expect(try book.authenticate(account: String(repeating: "a", count: 600), password: "lång lösenordsfras") == nil)
    }
}

@Suite struct AccessEventSchemaTests {
    /// The envelope schema lists the access events' types (InternalControl cannot see Accounts): the same names.
    @Test func theEnvelopeSchemaListsEveryAccessEventType() {
        #expect(AccessEventType.allCases.map(\.rawValue) == JSONSchemaWriter.accessEventTypes)
    }
}

/// Red team (account-data-via-log): an administrator refused `GET accounts` read display names, roles and reasons
/// through `GET log`. Access events show their payload to owners and auditors (who take verbatim copies) only; to
/// administrators and readers the envelope, marked withheld.
@Suite struct AccessDisclosureTests {
    @Test func accessPayloadsAreWithheldFromEveryRoleThatMayNotManageAccounts() throws {
        let directory = NSTemporaryDirectory() + "ik-disclosure-" + UUID().uuidString
        let book = AccountBook(store: try EventStore.create(at: directory + "/store"),
                               secrets: try SecretStore(storePath: directory + "/store", create: true))
        try book.add("kalle", role: .reader, password: "lång lösenordsfras", displayName: "Kalle Anka",
                     actor: "anna", clock: .system, cost: 4)
        let event = try #require(try book.store.read { try $0.event(at: 2) })
        #expect(event.envelope.type == "AccountDetailsRecorded")
        let owner = try JSONParser.parse(AccessDisclosure.exportLine(of: event, for: .owner))
        #expect(owner["payload"]?["displayName"] == "Kalle Anka")
        #expect(try JSONParser.parse(AccessDisclosure.exportLine(of: event, for: .auditor)) == owner)
        for role in [Role.administrator, .reader] {
            let line = AccessDisclosure.exportLine(of: event, for: role)
            let json = try JSONParser.parse(line)
            #expect(json["payload"] == .null && json["withheld"] == "access" && json["salt"] == nil)
            #expect(json["envelope"] == owner["envelope"])
            #expect(String(decoding: line, as: UTF8.self).contains("Kalle") == false)
        }
    }
}
