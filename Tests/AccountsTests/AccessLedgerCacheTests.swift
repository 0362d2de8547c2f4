import Foundation
import Testing

@testable import Accounts
@testable import EventLog

/// Red team 5 (reader-floods-unlimited-reads): every request's token check read every access event of the log and
/// folded them on a reader thread, so a flood of refused requests still took the cores. Now the ledger is kept while
/// no process commits: checks at one commit read it once, and the server answers them without a read transaction.
@Suite struct AccessLedgerCacheTests {
    let book: AccountBook

    init() throws {
        book = try TestBook.make("ledger-cache", owner: ("own", "ägarens lösenord"),
                                 accounts: [("rdr", .reader, "lång lösenordsfras")])
    }

    @Test func tokenChecksAtOneCommitReadTheLedgerOnceAndWithoutATransaction() throws {
        let token = try book.issueToken(for: "rdr", label: nil, clock: .system)
        let folds = book.ledgerCache.folds
        for _ in 0..<100 { #expect(try book.authenticate(token: token)?.account == "rdr") }
        #expect(book.ledgerCache.folds == folds + 1, "one read of the access events for 100 checks")
        let reader = Principal(account: "rdr", role: .reader)
        #expect(try book.authenticateWithoutReading(token: token) == .signedIn(reader))
        #expect(try book.authenticateWithoutReading(token: "ikt_" + String(repeating: "A", count: 43)) == .notValid)
        #expect(try book.authenticateWithoutReading(token: "not a token") == .notValid)
        #expect(book.ledgerCache.folds == folds + 1)
    }

    @Test func aCommitByAnotherBookIsSeenByTheNextCheck() throws {
        let token = try book.issueToken(for: "rdr", label: nil, clock: .system)
        #expect(try book.authenticate(token: token)?.role == .reader)
        // Another book over the store, as `ik user` at the command line: this book's kept ledger no longer answers.
        let elsewhere = AccountBook(store: book.store, secrets: book.secrets)
        try elsewhere.revoke("rdr", reason: nil, actor: "own", clock: .system)
        #expect(try book.authenticateWithoutReading(token: token) == nil, "a commit came since: read again")
        #expect(try book.authenticate(token: token) == nil)
        #expect(try book.authenticateWithoutReading(token: token) == .notValid)
    }

    /// Any write to the store's files through LMDB moves the commit id: an edited access payload is read, and refused.
    @Test func aPayloadEditedAfterTheLedgerWasKeptIsStillFound() throws {
        let token = try book.issueToken(for: "rdr", label: nil, clock: .system)
        #expect(try book.authenticate(token: token)?.role == .reader)
        try TestBook.editPayload(of: book, seq: 2, replacing: "\"reader\"", with: "\"owner\" ")
        #expect(try book.authenticateWithoutReading(token: token) == nil)
        #expect(throws: AccountError.damagedAccessEvent(seq: 2)) { try book.authenticate(token: token) }
    }

    /// Red team 7 (revoked-token-kept-after-commit-race): a check made while another process committed a revocation
    /// kept the ledger of the commit before under the new commit's id (LMDB shows the id before it gives new readers
    /// the commit), so the revoked token signed in until anything else was committed. Checks run without pause while
    /// another book revokes; once the revocation returned, the token is refused.
    @Test func aCheckDuringARevocationNeverKeepsTheLedgerBeforeIt() throws {
        let elsewhere = AccountBook(store: book.store, secrets: book.secrets)
        var kept: [Int] = []
        for trial in 0..<80 {
            let name = "r\(trial)"
            try elsewhere.add(name, role: .reader, password: "lång lösenordsfras", actor: "own", clock: .system, cost: 4)
            let token = try elsewhere.issueToken(for: name, label: nil, clock: .system)
            let polling = Flag()
            let poller = Thread { [book] in
                while !polling.isDown { _ = try? book.authenticate(token: token) }
                polling.done()
            }
            poller.start()
            try elsewhere.revoke(name, reason: nil, actor: "own", clock: .system)
            polling.lower()
            polling.waitDone()
            if try book.authenticate(token: token) != nil { kept.append(trial) }
        }
        #expect(kept.isEmpty, "a revoked token still signed in after trials \(kept)")
    }

    /// A flag one thread lowers and another watches, and the watcher's word that it stopped.
    final class Flag: @unchecked Sendable {
        // @unchecked: state behind `condition`.
        private let condition = NSCondition()
        private var down = false
        private var finished = false
        var isDown: Bool { condition.withLock { down } }
        func lower() { condition.withLock { down = true } }
        func done() { condition.withLock { finished = true; condition.broadcast() } }
        func waitDone() { condition.withLock { while !finished { condition.wait() } } }
    }
}
