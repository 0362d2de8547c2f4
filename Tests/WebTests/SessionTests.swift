import Foundation
import Testing

@testable import Accounts
import EventLog
import InternalControl
@testable import Web

/// Web sessions: random ids, expiry, the CSRF comparison, and an end by the rule that ends tokens.
@Suite struct SessionTests {
    @Test func aSessionExpiresWhenIdleOrOldAndEndsAtSignOut() {
        let sessions = SessionStore(idleLimit: 60, lifeLimit: 300)
        let session = sessions.create(SessionGrant(account: "mas", generation: 1), now: 1000)
        #expect(session.id != session.csrf && session.id.count == 43)
        #expect(sessions.session(id: session.id, now: 1050)?.account == "mas")
        #expect(sessions.session(id: session.id, now: 1105)?.account == "mas", "a use moves the idle limit")
        #expect(sessions.session(id: session.id, now: 1166) == nil, "idle longer than the limit: ended")
        #expect(sessions.count == 0)
        let old = sessions.create(SessionGrant(account: "mas", generation: 1), now: 0)
        for t in stride(from: 50.0, through: 300, by: 50) { #expect(sessions.session(id: old.id, now: t) != nil) }
        #expect(sessions.session(id: old.id, now: 301) == nil, "older than the life limit: ended however used")
        let other = sessions.create(SessionGrant(account: "mas", generation: 1))
        sessions.end(id: other.id)
        #expect(sessions.session(id: other.id) == nil)
    }

    @Test func tokensCompareWholeAndNeverEmpty() {
        #expect(SessionStore.same("abc", "abc"))
        #expect(!SessionStore.same("abc", "abd"))
        #expect(!SessionStore.same("abc", "abcd"))
        #expect(!SessionStore.same("", ""))
        #expect(SessionStore.randomToken() != SessionStore.randomToken())
    }

    /// One account book on a fresh store, an owner `anna` and an administrator `mas` who signs in to a session.
    func book(_ directory: String) throws -> AccountBook {
        let store = try EventStore.create(at: directory + "/store")
        let book = AccountBook(store: store, secrets: try SecretStore(storePath: directory + "/store", create: true))
        try book.add("anna", role: .owner, password: "ägarens långa lösenord", actor: "anna", clock: .system, cost: 4)
        try book.add("mas", role: .administrator, password: "ett långt lösenord", actor: "anna", clock: .system, cost: 4)
        return book
    }

    @Test func aDemotionEndsTheSessionForGoodAsItEndsTheTokens() throws {
        let directory = NSTemporaryDirectory() + "ik-web-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let book = try book(directory)
        let (principal, grant) = try #require(try book.signIn(account: "mas", password: "ett långt lösenord"))
        #expect(principal == Principal(account: "mas", role: .administrator))
        let token = try book.issueToken(for: "mas", label: nil, clock: .system)
        #expect(try book.sessionPrincipal(grant) == principal)
        try book.changeRole(of: "mas", to: .owner, reason: "ny tjänst", actor: "anna", clock: .system)
        #expect(try book.sessionPrincipal(grant)?.role == .owner, "a promotion keeps the session; its role is the log's now")
        try book.changeRole(of: "mas", to: .reader, reason: "misstänkt missbruk", actor: "anna", clock: .system)
        #expect(try book.sessionPrincipal(grant) == nil, "a demotion ends the session")
        #expect(try book.authenticate(token: token) == nil, "as it ends the token")
        try book.changeRole(of: "mas", to: .administrator, reason: "återställd", actor: "anna", clock: .system)
        #expect(try book.sessionPrincipal(grant) == nil, "promoted again: the old session does not come back")
        #expect(try book.authenticate(token: token) == nil, "nor does the old token")
        #expect(try book.signIn(account: "mas", password: "ett långt lösenord") != nil, "signing in again works")
    }

    @Test func aPasswordChangeOrARevocationEndsTheSessionForGood() throws {
        let directory = NSTemporaryDirectory() + "ik-web-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let book = try book(directory)
        let (_, first) = try #require(try book.signIn(account: "mas", password: "ett långt lösenord"))
        try book.setPassword(of: "mas", to: "ett annat långt lösenord", cost: 4)
        #expect(try book.sessionPrincipal(first) == nil, "a new password ends the session")
        let (_, second) = try #require(try book.signIn(account: "mas", password: "ett annat långt lösenord"))
        #expect(try book.sessionPrincipal(second) != nil)
        try book.revoke("mas", reason: "slutat", actor: "anna", clock: .system)
        #expect(try book.sessionPrincipal(second) == nil, "revoked: ended")
        try book.add("mas", role: .administrator, password: "ett annat långt lösenord", actor: "anna", clock: .system, cost: 4)
        #expect(try book.sessionPrincipal(second) == nil, "granted again with the same password: the old session stays ended")
        #expect(try book.signIn(account: "mas", password: "fel lösenord här") == nil)
        #expect(try book.signIn(account: "ingen", password: "ett annat långt lösenord") == nil)
    }
}

/// The form body and the as-of picker's grammar.
@Suite struct FormAndKnowledgeTests {
    @Test func aFormBodyDecodesPlusAndPercent() {
        let form = FormBody(encoded: "account=m%C3%A5s&password=ett+l%C3%A5ngt&x=&x=2&_csrf=a%2Bb")
        #expect(form["account"] == "mås")
        #expect(form["password"] == "ett långt")
        #expect(form.all("x") == ["", "2"])
        #expect(form["_csrf"] == "a+b")
        #expect(form["missing"] == nil)
    }

    @Test func thePickersLocalTimeIsStockholmTime() throws {
        // 2025-02-11 09:30 in Stockholm is 08:30 UTC (winter); 2024-07-01 09:30 is 07:30 UTC (summer).
        #expect(KnowledgeChoice.point("2025-02-11T09:30") == .instant(try #require(Instant(rfc3339: "2025-02-11T08:30:00Z"))))
        #expect(KnowledgeChoice.point("2024-07-01T09:30") == .instant(try #require(Instant(rfc3339: "2024-07-01T07:30:00Z"))))
        #expect(KnowledgeChoice.pickerValue(try #require(Instant(rfc3339: "2024-07-01T07:30:00Z"))) == "2024-07-01 09:30")
        #expect(KnowledgeChoice.point("2024-07-01 09:30") == KnowledgeChoice.point("2024-07-01T09:30"), "as the page shows it")
        #expect(KnowledgeChoice.point(" 2025-02-11 09:30 ") == .instant(try #require(Instant(rfc3339: "2025-02-11T08:30:00Z"))))
        #expect(KnowledgeChoice.point("2025-02-11") == .endOfDay(try #require(CalendarDate("2025-02-11"))))
        #expect(KnowledgeChoice.point("2025-02-11T25:00") == nil)
        #expect(KnowledgeChoice.point("igår") == nil)
    }
}

/// A recording form: inputs named by payload path, read with the catalogue's kinds, problems beside their inputs.
@Suite struct RecordFormTests {
    @Test func inputsBecomeThePayloadAndAnUnreadableOneIsNotedBesideIt() {
        var form = RecordForm(type: .controlPerformed)
        let body = FormBody(encoded: "performanceId=P-1&controlId=SN-LAK&performedOn=2024-12-20&period.from=2024-12-01"
            + "&period.to=2024-12-20&examined=10&deviating=tolv&assessment=mindre+anm%C3%A4rkning"
            + "&indicators=Inl%C3%A4mnade%3D3%2F4%0D%0AUtan%3D1%2F2&result=")
        let payload = form.payload(from: body, target: nil)
        #expect(payload["period"] == ["from": "2024-12-01", "to": "2024-12-20"])
        #expect(payload["examined"] == .integer(10))
        #expect(payload["deviating"] == nil, "an unreadable value is left out")
        #expect(form.errors["deviating"] == ["not a whole number"])
        #expect(payload["assessment"] == "partly-satisfactory", "Swedish choice words are read as on the command line")
        #expect(payload["indicators"]?.arrayValue?.count == 2, "one indicator per line")
        #expect(payload["result"] == nil, "an empty input is left out")
        #expect(form.values["deviating"] == "tolv", "what was typed is kept for the form shown again")
    }

    @Test func aProblemLandsBesideTheInputItsPathNames() {
        var form = RecordForm(type: .controlPerformed)
        form.note(DraftProblem(draftIndex: 0, path: "payload.deviating", value: "12", rule: "must not exceed examined (10)"), target: nil)
        form.note(DraftProblem(draftIndex: 0, path: "payload.period.to", rule: "is before from"), target: nil)
        form.note(DraftProblem(draftIndex: 0, path: "payload.indicators[1].denominator", rule: "must be at least 1"), target: nil)
        form.note(DraftProblem(draftIndex: 0, path: "effectiveAt", rule: "is not a date"), target: nil)
        #expect(form.errors["deviating"] == ["must not exceed examined (10)"])
        #expect(form.errors["period.to"] == ["is before from"])
        #expect(form.errors["indicators"] == ["must be at least 1"])
        #expect(form.errors[""] == ["is not a date"], "a problem no input owns is the form's")
        #expect(WebText.rule("must not exceed examined (10)", .sv) == "får inte vara fler än granskade (10)")
        #expect(WebText.rule("must not exceed examined (10)", .en) == "must not exceed examined (10)")
    }

    @Test func aCorrectionsReplacementIsTheTargetTypesInputsUnderPayload() {
        var form = RecordForm(type: .eventCorrected)
        let names = form.inputs(target: .deviationRecorded).map(\.name)
        #expect(names.prefix(2) == ["targetId", "reason"])
        #expect(names.contains("payload.severity") && !names.contains("payload.targetType"))
        let payload = form.payload(from: FormBody(encoded: "targetId=abc&reason=fel&payload.severity=allvarlig&payload.count=2"),
                                   target: .deviationRecorded)
        #expect(payload["targetType"] == "DeviationRecorded")
        #expect(payload["payload"] == ["severity": "serious", "count": .integer(2)])
        form.note(DraftProblem(draftIndex: 0, path: "payload.payload.count", rule: "must be at least 1"), target: .deviationRecorded)
        #expect(form.errors["payload.count"] == ["must be at least 1"])
    }
}
