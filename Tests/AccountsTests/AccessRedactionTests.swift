import Foundation
import Testing

@testable import Accounts
@testable import EventLog
import InternalControl

/// Red team (account-personal-data-never-erasable): a display name and a revocation's reason (health) went into
/// access events, which `ik redact` refuses, so they could never be removed. Personal details are recorded apart
/// (AccountDetailsRecorded, redacted whole); an older access event that holds them is redacted keeping its other
/// fields; who had which role is the same before and after, as of every point.
@Suite struct AccessRedactionTests {
    let directory: String
    let book: AccountBook

    init() throws {
        directory = NSTemporaryDirectory() + "ik-access-redaction-" + UUID().uuidString
        let store = try EventStore.create(at: directory + "/store")
        book = AccountBook(store: store, secrets: try SecretStore(storePath: directory + "/store", create: true))
    }

    var store: EventStore { book.store }

    func events() throws -> [StoredEvent] {
        try store.read { view in
            var all: [StoredEvent] = []
            let size = try view.size
            if size > 0 { try view.forEachEvent(in: 1...size) { all.append($0); return true } }
            return all
        }
    }

    /// Access events as a release before this one wrote them (a name, a reason, a token's label in them).
    func appendAsBefore(_ type: AccessEventType, _ payload: JSONValue) throws {
        let account = try #require(payload["account"]?.stringValue)
        let draft = EventDraft(type: type.rawValue, stream: AccessEventType.stream(of: account),
                               effectiveAt: Stockholm.today(.system), actor: "own", payload: payload)
        try store.append([draft], check: nil)
    }

    /// `ik redact`'s rules: the one place that says how an access event is redacted.
    var rules: AppendRules {
        var rules = AppendRules(clock: .system)
        rules.allowsRedaction = true
        rules.recordedElsewhere = AccessRedaction()
        return rules
    }

    /// Redacts event `seq` as `ik redact` does, with `kept` as given (default: what AccessRedaction keeps).
    @discardableResult
    func redact(_ seq: UInt64, kept: JSONValue?? = .none) throws -> RedactionOutcome {
        let target = try #require(try store.read { try $0.event(at: seq) })
        var payload: [String: JSONValue] = ["targetId": .string(target.envelope.id), "reason": "gallring enligt beslut"]
        let keeping = kept ?? target.payload.flatMap { AccessRedaction.kept(ofType: target.envelope.type, payload: $0) }
        if let keeping { payload["kept"] = keeping }
        let draft = EventDraft(type: "PayloadRedacted", stream: target.envelope.stream, effectiveAt: target.envelope.effectiveAt,
                               actor: "own", payload: .object(payload))
        return try store.redact([(seq, draft)], clock: .system, check: rules.draftCheck)
    }

    /// Roles, activity and the kinds of each account's history at every seq up to `size`.
    func roles(upTo size: UInt64) throws -> [[String]] {
        try (1...size).map { seq in
            try book.ledger(asOf: .seq(seq)).sorted.map { account in
                "\(account.name) \(account.role.rawValue) \(account.active) "
                    + account.history.map { "\($0.seq):\($0.type.rawValue):\($0.role?.rawValue ?? "-")" }.joined(separator: ",")
            }
        }
    }

    @Test func aNameAndAReasonAreRecordedApartInTheSameAppendAndNeverInARoleEvent() throws {
        try book.add("own", role: .owner, password: "ägarens lösenord", displayName: "Olle Ägarsson", actor: "setup",
                     clock: .system, cost: 4)
        try book.add("bob", role: .administrator, password: "lång lösenordsfras", actor: "own", clock: .system, cost: 4)
        try book.revoke("bob", reason: "sjukskriven", actor: "own", clock: .system)
        let logged = try events()
        #expect(logged.map(\.envelope.type)
            == ["AccessGranted", "AccountDetailsRecorded", "AccessGranted", "AccessRevoked", "AccountDetailsRecorded"])
        #expect(logged[0].payload == ["account": "own", "role": "owner"])
        #expect(logged[1].payload == ["account": "own", "displayName": "Olle Ägarsson"])
        #expect(logged[3].payload == ["account": "bob"] && logged[4].payload == ["account": "bob", "reason": "sjukskriven"])
        #expect(logged[3].envelope.recordedAt == logged[4].envelope.recordedAt)
        let ledger = try book.ledger()
        #expect(ledger.accounts["own"]?.displayName == "Olle Ägarsson")
        #expect(ledger.accounts["bob"]?.history.compactMap(\.reason) == ["sjukskriven"])
        // A role event with a name in it is refused, and nothing is written.
        let error = #expect(throws: StoreError.self) {
            try book.record(.changed, account: "own", payload: ["account": "own", "role": "owner", "reason": "x"],
                            actor: "own", clock: .system)
        }
        guard case .rejected(let problems)? = error else { return }
        #expect(problems.map(\.path) == ["payload.reason"])
        #expect(problems.first?.rule.contains("recorded apart, in an AccountDetailsRecorded") == true)
        #expect(try events().count == 5)
    }

    @Test func aRedactedDetailsEventLeavesEveryRoleAndNoNameOrReason() throws {
        try book.add("own", role: .owner, password: "ägarens lösenord", actor: "setup", clock: .system, cost: 4)
        try book.add("bob", role: .administrator, password: "lång lösenordsfras", displayName: "Bob Hemligsson",
                     actor: "own", clock: .system, cost: 4)
        try book.changeRole(of: "bob", to: .reader, reason: "utmattning", actor: "own", clock: .system)
        let before = try roles(upTo: 5)
        try redact(3)
        try redact(5)
        #expect(try roles(upTo: 5) == before)
        let bob = try #require(try book.ledger().accounts["bob"])
        #expect(bob.displayName == nil && bob.role == .reader && bob.active)
        #expect(bob.history.map(\.redacted) == [false, true, false, true])
        #expect(bob.history.allSatisfy { $0.reason == nil && $0.displayName == nil })
        let json = String(decoding: CanonicalJSON.encode(AccessLedgerJSON.json(try book.ledger())), as: UTF8.self)
        #expect(!json.contains("Hemligsson") && !json.contains("utmattning") && json.contains("\"redacted\":true"))
        #expect(try store.verify().problems.isEmpty)
    }

    @Test func anAccessEventPayloadGoneWithoutARedactionIsStillDamage() throws {
        try book.add("own", role: .owner, password: "ägarens lösenord", displayName: "Olle", actor: "setup",
                     clock: .system, cost: 4)
        try store.environment.write { txn in
            _ = try txn.delete(key: StorageKeys.seq(2), in: store.databases.payloads)
            return .commit
        }
        #expect(throws: AccountError.damagedAccessEvent(seq: 2)) { try book.ledger() }
    }

    @Test func anOlderRoleEventWithANameOrReasonIsRedactedKeepingItsRoleAsOfEveryPoint() throws {
        try appendAsBefore(.granted, ["account": "own", "role": "owner", "displayName": "Olle Ägarsson"])
        try appendAsBefore(.granted, ["account": "bob", "role": "administrator", "displayName": "Bob Hemligsson"])
        try appendAsBefore(.tokenIssued, ["account": "bob", "tokenHash": .string(String(repeating: "a", count: 64)),
                                          "label": "Bobs telefon", "expiresOn": "2099-01-01"])
        try appendAsBefore(.changed, ["account": "bob", "role": "reader", "reason": "byter tjänst efter samtal om hälsan"])
        try appendAsBefore(.revoked, ["account": "bob", "reason": "sjukskriven för utmattningssyndrom"])
        let before = try roles(upTo: 5)
        for seq: UInt64 in 1...5 { try redact(seq) }
        let redactions = try events().filter { $0.envelope.type == "PayloadRedacted" }
        #expect(redactions.map { $0.payload?["kept"] } == [
            ["account": "own", "role": "owner"], ["account": "bob", "role": "administrator"],
            ["account": "bob", "tokenHash": .string(String(repeating: "a", count: 64)), "expiresOn": "2099-01-01"],
            ["account": "bob", "role": "reader"], ["account": "bob"],
        ])
        #expect(try roles(upTo: 5) == before)
        let ledger = try book.ledger()
        #expect(ledger.accounts["bob"]?.role == .reader && ledger.accounts["bob"]?.active == false)
        #expect(ledger.accounts.values.allSatisfy { $0.displayName == nil && $0.history.allSatisfy { $0.reason == nil } })
        #expect(try store.verify().problems.isEmpty)
    }

    @Test func keptThatDiffersFromTheTargetIsRefusedWithItsPathAndNothingIsWritten() throws {
        try appendAsBefore(.granted, ["account": "own", "role": "owner"])
        try appendAsBefore(.granted, ["account": "bob", "role": "reader", "displayName": "Bob Hemligsson"])
        let cases: [(JSONValue?, [String], String)] = [
            (["account": "bob", "role": "owner"], ["payload.kept.role"], "differs from the target's role (\"reader\")"),
            (["account": "bob"], ["payload.kept.role"], "is missing; the target's role is \"reader\""),
            (["account": "bob", "role": "reader", "displayName": "Bob Hemligsson"], ["payload.kept.displayName"],
             "is personal data"),
            (["account": "bob", "role": "reader", "tokenHash": "x"], ["payload.kept.tokenHash"], "is not a field of the target"),
            (nil, ["payload.kept"], "must hold the fields of the AccessGranted that are not personal data (account, role)"),
        ]
        for (kept, paths, rule) in cases {
            let error = #expect(throws: StoreError.self) { try redact(2, kept: .some(kept)) }
            guard case .rejected(let problems)? = error else { continue }
            #expect(problems.map(\.path) == paths, "\(problems)")
            #expect(problems.first?.rule.contains(rule) == true, "\(problems)")
            #expect(try store.read { try $0.size } == 2)
            #expect(try store.read { try $0.payload(at: 2) }?["displayName"] == "Bob Hemligsson")
        }
    }

    @Test func anAccessEventWithNothingPersonalInItIsNeverRedacted() throws {
        try book.add("own", role: .owner, password: "ägarens lösenord", actor: "setup", clock: .system, cost: 4)
        try book.add("bob", role: .reader, password: "lång lösenordsfras", actor: "own", clock: .system, cost: 4)
        try book.revoke("bob", reason: nil, actor: "own", clock: .system)
        for seq: UInt64 in [2, 3] {
            let error = #expect(throws: StoreError.self) { try redact(seq, kept: .some(["account": "bob"])) }
            guard case .rejected(let problems)? = error else { continue }
            #expect(problems.map(\.path) == ["payload.targetId"])
            #expect(problems.first?.rule.contains("holds no personal data") == true, "\(problems)")
        }
        #expect(try store.read { try $0.size } == 3)
        // Without the rule Accounts gives (any other caller of AppendRules), no access event is redacted.
        var plain = AppendRules(clock: .system)
        plain.allowsRedaction = true
        let target = try #require(try store.read { try $0.envelope(at: 2) })
        let draft = EventDraft(type: "PayloadRedacted", stream: target.stream, effectiveAt: target.effectiveAt, actor: "own",
                               payload: ["targetId": .string(target.id), "reason": "x", "kept": ["account": "bob", "role": "reader"]])
        #expect(throws: StoreError.self) { try store.redact([(2, draft)], check: plain.draftCheck) }
    }

    /// A redaction that keeps another account (written past the rules) gives no one a role: the event is damaged.
    @Test func aRedactionKeepingAnotherAccountIsDamage() throws {
        try appendAsBefore(.granted, ["account": "own", "role": "owner"])
        try appendAsBefore(.granted, ["account": "bob", "role": "reader", "displayName": "Bob"])
        let target = try #require(try store.read { try $0.envelope(at: 2) })
        let draft = EventDraft(type: "PayloadRedacted", stream: target.stream, effectiveAt: target.effectiveAt, actor: "own",
                               payload: ["targetId": .string(target.id), "reason": "x", "kept": ["account": "own", "role": "owner"]])
        _ = try store.redact([(2, draft)], check: nil)
        #expect(throws: AccountError.damagedAccessEvent(seq: 2)) { try book.ledger() }
    }
}
