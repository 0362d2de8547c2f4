import Crypto
import EventLog
import Foundation

/// Someone signed in: an account and the role the log gives it now.
public struct Principal: Sendable, Hashable {
    public let account: String
    public let role: Role

    public init(account: String, role: Role) {
        self.account = account
        self.role = role
    }

    public func may(_ permission: Permission) -> Bool { role.allows(permission) }
}

/// Accounts: their access as events in the store's log, their secrets in its ``SecretStore``. The CLI
/// (`ik user`) and the server use this one type, so a rule about accounts exists once.
public struct AccountBook: Sendable {
    public let store: EventStore
    public let secrets: SecretStore
    /// On a replica: the most seconds since its follower last verified the leader's head for which it still accepts
    /// the tokens its copy of the log issued (``authenticate(token:)``).
    public var replicaLag: Double = 60
    /// The ledger kept while no process commits (shared by copies of this book).
    let ledgerCache = AccessLedgerCache()

    public init(store: EventStore, secrets: SecretStore) {
        self.store = store
        self.secrets = secrets
    }

    /// Grants `account` the `role` and sets its password. The password is checked before anything is written. A
    /// `displayName` is recorded apart, in an `AccountDetailsRecorded` of the same append, so it can be redacted.
    /// - Throws: ``AccountError/weakPassword(_:)``, ``StoreError/rejected(_:)`` (already active, bad name, …).
    @discardableResult
    public func add(_ account: String, role: Role, password: String, displayName: String? = nil, actor: String,
                    via: String? = nil, clock: Clock, cost: UInt8 = Password.defaultCost) throws -> AppendOutcome {
        let hash = try Password.hash(password, account: account, cost: cost)
        let outcome = try record(.granted, account: account, payload: ["account": .string(account), "role": .string(role.rawValue)],
                                 details: ["displayName": displayName], actor: actor, via: via, clock: clock)
        // An account granted again starts afresh: no token of its earlier life may come back with it.
        try secrets.forget(account)
        try secrets.setPasswordHash(hash, for: account)
        return outcome
    }

    /// Changes an active account's role. A change that takes any permission away ends the account's tokens: whoever
    /// holds one signs in again, under the new role. A `reason` is recorded apart (`AccountDetailsRecorded`).
    @discardableResult
    public func changeRole(of account: String, to role: Role, reason: String?, actor: String, via: String? = nil,
                           clock: Clock) throws
        -> AppendOutcome
    {
        let before = try activeAccount(account).role
        let outcome = try record(.changed, account: account, payload: [
            "account": .string(account), "role": .string(role.rawValue),
        ], details: ["reason": reason], actor: actor, via: via, clock: clock)
        if !role.permissions.isSuperset(of: before.permissions) { try secrets.forgetTokens(of: account) }
        return outcome
    }

    /// Revokes an account's access and deletes its password and tokens. A `reason` is recorded apart
    /// (`AccountDetailsRecorded`).
    @discardableResult
    public func revoke(_ account: String, reason: String?, actor: String, via: String? = nil, clock: Clock) throws
        -> AppendOutcome
    {
        let outcome = try record(.revoked, account: account, payload: ["account": .string(account)],
                                 details: ["reason": reason], actor: actor, via: via, clock: clock)
        try secrets.forget(account)
        return outcome
    }

    /// Sets a new password for an active account and ends its tokens (a stolen password's sessions with them): a
    /// `PasswordChanged` event (no secret in it) by `actor` (default: the account itself), then the new hash.
    public func setPassword(of account: String, to password: String, actor: String? = nil, via: String? = nil,
                            clock: Clock = .system, cost: UInt8 = Password.defaultCost) throws {
        _ = try activeAccount(account)
        let hash = try Password.hash(password, account: account, cost: cost)
        // The new hash first, then the event (red team 7: login-during-password-change-outlives-it): once the log
        // says the password changed, the old one signs nobody in, and a sign-in checked against the old one began
        // under the generation this event ends (``issueToken(for:label:actor:via:days:clock:underGeneration:)``).
        let old = try secrets.passwordHash(of: account)
        try secrets.setPasswordHash(hash, for: account, endingTokens: true)
        do {
            _ = try record(.passwordChanged, account: account, payload: ["account": .string(account)],
                           actor: actor ?? account, via: via, clock: clock)
        } catch {
            if let old { try? secrets.setPasswordHash(old, for: account) }
            throw error
        }
    }

    /// A new API token for an active account, returned once: a `TokenIssued` event carrying its SHA-256 (the server
    /// accepts only tokens the log issued, so an entry written into `STORE/secrets/` alone mints nothing), by `actor`
    /// (default: the account itself, signing in), and its label in the secrets.
    /// It signs in for `days` days (``defaultTokenDays`` unless given): until 00:00 UTC of the day recorded as its
    /// `expiresOn`.
    /// With `generation` (a sign-in: the account's generation read before its password was checked), the token is
    /// issued only while that generation holds, checked in the write transaction: a password changed, a role taken
    /// away or the account disabled meanwhile refuses it (``AccountError/notActive(_:)``).
    public func issueToken(for account: String, label: String?, actor: String? = nil, via: String? = nil,
                           days: Int = AccountBook.defaultTokenDays, clock: Clock,
                           underGeneration generation: UInt64? = nil) throws -> String {
        _ = try activeAccount(account)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "ikt_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        var payload: [String: JSONValue] = ["account": .string(account), "tokenHash": .string(Self.tokenHash(token))]
        if let label { payload["label"] = .string(label) }
        payload["expiresOn"] = .string(AccessLedger.expiry(issued: clock.now(), days: days).description)
        _ = try record(.tokenIssued, account: account, payload: payload, actor: actor ?? account, via: via, clock: clock,
                       underGeneration: generation)
        try secrets.addToken(token, for: account, label: label, created: clock.now())
        return token
    }

    /// The principal a bearer token stands for: the active account the log issued it to, unless a revocation, a new
    /// password or a demotion ended it since, and it has not expired by `now`; `nil` otherwise. The secrets are not
    /// asked: they cannot mint a token.
    public func authenticate(token: String, now: Instant = Clock.systemNow()) throws -> Principal? {
        guard token.hasPrefix("ikt_"), token.utf8.count < 128 else { return nil }
        let known = try ledgerCache.entry(of: store)
        guard let account = known.ledger.account(forTokenHash: Self.tokenHash(token), today: now.utcDate) else { return nil }
        if known.leader != nil { try checkReplicaVouches() }
        return Principal(account: account.name, role: account.role)
    }

    /// What ``authenticateWithoutReading(token:now:)`` found.
    public enum KeptAnswer: Sendable, Equatable {
        case signedIn(Principal)
        case notValid
    }

    /// ``authenticate(token:now:)`` answered from the ledger kept at the store's last commit, with no read
    /// transaction and no fold (the server asks this on its event loops, so a flood of requests costs the store
    /// nothing); `nil` when it cannot answer so: a commit came since, or the store is a replica (each of its checks
    /// reads its follower's state). Then ask ``authenticate(token:now:)``.
    public func authenticateWithoutReading(token: String, now: Instant = Clock.systemNow()) throws -> KeptAnswer? {
        guard token.hasPrefix("ikt_"), token.utf8.count < 128 else { return .notValid }
        guard let known = ledgerCache.kept(at: try store.lastCommittedTransaction()), known.leader == nil else { return nil }
        guard let account = known.ledger.account(forTokenHash: Self.tokenHash(token), today: now.utcDate) else { return .notValid }
        return .signedIn(Principal(account: account.name, role: account.role))
    }

    /// A replica's access events are its leader's as of its follower's last verified poll: a token the leader ended
    /// since still reads as valid. So a replica accepts tokens only while that poll is at most ``replicaLag`` seconds
    /// old and no alarm came after it (``ReplicaState``); a writer's store (or a promoted one) is its own authority.
    /// - Throws: ``AccountError/replicaStale(_:)``.
    func checkReplicaVouches() throws {
        guard try store.leader() != nil else { return }
        let state = ReplicaState(directory: store.path)
        if let reason = state.staleness(now: Date().timeIntervalSince1970, maxLag: replicaLag) {
            throw AccountError.replicaStale(reason)
        }
    }

    /// A token's SHA-256 as the log records it: 64 letters `a`–`p`, one per half-byte (hex digits could spell a
    /// personal identity number, which every text of a payload is checked for).
    /// Days a token signs in unless `ik user token --expires` says otherwise (POST login: always).
    public static let defaultTokenDays = 90

    static func tokenHash(_ token: String) -> String {
        String(decoding: SHA256.hash(data: Array(token.utf8)).flatMap { [0x61 + ($0 >> 4), 0x61 + ($0 & 0x0F)] },
               as: UTF8.self)
    }

    /// The principal of `account` when `password` is its password and it has access now; `nil` otherwise.
    public func authenticate(account: String, password: String) throws -> Principal? {
        // An unknown account costs the same bcrypt as a known one, so the time taken does not tell which exist.
        let hash = (1...256).contains(account.utf8.count) ? try secrets.passwordHash(of: account) : nil
        guard Password.matches(password, hash: hash ?? Password.unknownAccountHash), hash != nil else { return nil }
        return try principal(account)
    }

    /// The generation of `account`'s credentials now (``AccessLedger/Account/generation``), `nil` for no account:
    /// read before a password is checked, so that what it gives can be refused if they end meanwhile.
    public func generation(of account: String) throws -> UInt64? { try ledger().accounts[account]?.generation }

    /// Who had which role as known at `point`.
    public func ledger(asOf point: KnowledgePoint = .now) throws -> AccessLedger {
        if point == .now { return try ledgerCache.entry(of: store).ledger }
        return try store.read { view in try AccessLedger.read(from: view, upTo: try point.resolve(in: view)) }
    }

    func principal(_ account: String) throws -> Principal? {
        guard let current = try ledger().accounts[account], current.active else { return nil }
        return Principal(account: account, role: current.role)
    }

    func activeAccount(_ account: String) throws -> AccessLedger.Account {
        guard let current = try ledger().accounts[account] else { throw AccountError.unknownAccount(account) }
        guard current.active else { throw AccountError.notActive(account) }
        return current
    }

    /// Appends the access event and, when any of `details` is given, the `AccountDetailsRecorded` holding them, in
    /// one batch: both land or neither does.
    func record(_ type: AccessEventType, account: String, payload: [String: JSONValue], details: [String: String?] = [:],
                actor: String, via: String? = nil, clock: Clock, underGeneration generation: UInt64? = nil) throws
        -> AppendOutcome
    {
        func draft(_ type: AccessEventType, _ payload: [String: JSONValue]) -> EventDraft {
            EventDraft(type: type.rawValue, stream: AccessEventType.stream(of: account), effectiveAt: Stockholm.today(clock),
                       actor: actor, payload: .object(payload), via: via)
        }
        var drafts = [draft(type, payload)]
        let given = details.compactMapValues { $0.map(JSONValue.string) }
        if !given.isEmpty { drafts.append(draft(.detailsRecorded, given.merging(["account": .string(account)]) { $1 })) }
        let rules = AccessRules(clock: clock)
        guard let generation else { return try store.append(drafts, clock: clock, check: rules.draftCheck) }
        return try store.append(drafts, clock: clock, check: { draft, index, log in
            // The credentials the sign-in was checked under ended meanwhile: nothing is written.
            guard try AccessLedger.read(from: log).accounts[account]?.admits(generation: generation) == true else {
                throw AccountError.notActive(account)
            }
            return try rules.check(draft, index: index, log: log)
        })
    }
}
