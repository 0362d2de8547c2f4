import Foundation
import Testing

@testable import Accounts
@testable import EventLog

/// Red team 7 (login-during-password-change-outlives-it): `POST login` with the old password while `ik user password`
/// ran still got a token, recorded after the `PasswordChanged`, so the change did not end it. A sign-in's token is
/// issued only under the generation read before its password was checked.
@Suite struct TokenGenerationTests {
    let book: AccountBook

    init() throws {
        book = try TestBook.make("token-generation", owner: ("own", "ägarens lösenord"),
                                 accounts: [("adm", .administrator, "det gamla lösenordet")])
    }

    @Test func aTokenCheckedUnderTheOldPasswordIsNotIssuedAfterTheChange() throws {
        let generation = try #require(try book.generation(of: "adm"))
        #expect(try book.authenticate(account: "adm", password: "det gamla lösenordet") != nil)
        // Meanwhile, at the command line:
        let elsewhere = AccountBook(store: book.store, secrets: book.secrets)
        try elsewhere.setPassword(of: "adm", to: "ett helt nytt lösenord", actor: "own", clock: .system, cost: 4)
        let size = try book.store.read { try $0.size }
        #expect(throws: AccountError.notActive("adm")) {
            try book.issueToken(for: "adm", label: "login", clock: .system, underGeneration: generation)
        }
        #expect(try book.store.read { try $0.size } == size, "nothing written")
        #expect(try book.authenticate(account: "adm", password: "det gamla lösenordet") == nil)
        // Under the generation now, a sign-in with the new password gets its token.
        let now = try #require(try book.generation(of: "adm"))
        let token = try book.issueToken(for: "adm", label: "login", clock: .system, underGeneration: now)
        #expect(try book.authenticate(token: token)?.account == "adm")
    }

    @Test func theNewPasswordIsInPlaceBeforeTheLogSaysItChanged() throws {
        // A refused change (a weak password is refused before anything) leaves the old password working.
        #expect(throws: (any Error).self) {
            try book.setPassword(of: "adm", to: "kort", actor: "own", clock: .system, cost: 4)
        }
        #expect(try book.authenticate(account: "adm", password: "det gamla lösenordet") != nil)
    }
}
