import Accounts
import EventLog
import NIOPosix
import Projections

/// Appends prepared drafts durably: the server's group commit.
public protocol EventAppending: Sendable {
    /// Appends `prepared` all or nothing, and returns once it is durable (or refused).
    /// - Throws: what kept the commit from happening (busy, storage): then nothing of it was written.
    func append(_ prepared: PreparedAppend) async throws -> Result<AppendOutcome, RecordingFailure>
}

/// Blocking work (LMDB, bcrypt) off the event loops, on a pool of threads; readers run in parallel. Password checks
/// (bcrypt) run on a small pool of their own when there is one, so a sign-in never waits behind the reads.
public struct BlockingPool: Sendable {
    let pool: NIOThreadPool
    let passwords: NIOThreadPool
    /// Password checks in turn per client address (``FairTurns``), as many at once as `passwords` has threads.
    let passwordTurns: FairTurns

    /// - Parameter passwordThreads: how many threads `passwords` has: that many checks run at once.
    public init(_ pool: NIOThreadPool, passwords: NIOThreadPool? = nil, passwordThreads: Int = 2) {
        self.pool = pool
        self.passwords = passwords ?? pool
        passwordTurns = FairTurns(width: passwordThreads)
    }

    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }

    /// Runs `body`, which checks a password, on the password checks' pool, in `client`'s turn: clients (by
    /// ``ClientAddress/limitKey(_:)``, an IPv6 host by its /64) take turns, so one cannot queue in front of others.
    public func checkingPassword<T: Sendable>(for client: String, _ body: @escaping @Sendable () throws -> T) async throws
        -> T
    {
        let passwords = passwords
        return try await passwordTurns.run(client: ClientAddress.limitKey(client)) { try await passwords.runIfActive(body) }
    }
}

/// What the routes work with: the store, its accounts, the pool for blocking work, the writer, and the limits.
public struct APIServices: Sendable {
    public let store: EventStore
    public let accounts: AccountBook
    public let blocking: BlockingPool
    public let appender: any EventAppending
    public let throttle: SignInThrottle
    /// The largest request body read, in bytes.
    public let maxBodyBytes: Int
    /// The tree head served by `GET /checkpoint`, signed when the server has a checkpoint key.
    public let checkpoints: CheckpointPublisher
    /// One verification at a time, its report shared and kept for the head it verified (``verification(anchors:)``).
    public let verifications: VerificationCache
    /// Requests that read the whole store, limited per account.
    public let heavy: HeavyRequestGate
    /// Tokens issued by `POST login` per account.
    public let logins: LoginTokenLimit
    /// The keys the committee report's witnessed head is checked with: the server's own checkpoint key and its
    /// `--witness-key`s (a replica's: its follower's pinned leader key); `nil`: it names no witness.
    public let witnessTrust: WitnessTrust?

    public init(store: EventStore, accounts: AccountBook, blocking: BlockingPool, appender: any EventAppending,
                throttle: SignInThrottle, maxBodyBytes: Int, checkpoints: CheckpointPublisher? = nil,
                heavy: HeavyRequestGate = HeavyRequestGate(), logins: LoginTokenLimit = LoginTokenLimit(),
                verifications: VerificationCache = VerificationCache(),
                witnessTrust: WitnessTrust? = nil) {
        self.store = store
        self.accounts = accounts
        self.blocking = blocking
        self.appender = appender
        self.throttle = throttle
        self.maxBodyBytes = maxBodyBytes
        // Without a key, the origin only names the log in errors; the JSON head needs none.
        self.checkpoints = checkpoints ?? CheckpointPublisher.unsigned
        self.heavy = heavy
        self.logins = logins
        self.verifications = verifications
        let publisher = self.checkpoints
        self.witnessTrust = witnessTrust ?? publisher.verifierKey.map { WitnessTrust(logKey: $0.vkey, witnesses: publisher.witnesses) }
    }

    /// Runs `body`, a read of the whole store, on the reader threads holding one of `account`'s heavy-request places
    /// (``heavy``): the one way the API and the web pages run such reads.
    /// - Throws: ``Problem`` 429 or 503 when no place is free (``HeavyRequestGate/enter(account:)``).
    public func heavyRead<T: Sendable>(for account: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        let slot = try heavy.enter(account: account)
        defer { slot.release() }
        return try await blocking.run(body)
    }

    /// The store verified as `ik verify` does (``StoreVerification``), through ``verifications``: every caller of
    /// verify (API, web page) goes here, so that many at once cost one verification, and each request holds one of
    /// `account`'s heavy-request places while it waits (red team 6: web-verify-skips-heavy-limit).
    /// - Throws: ``Problem`` 429 or 503 when no place is free.
    public func verification(for account: String, anchors: [Anchor]) async throws -> VerificationReport {
        let slot = try heavy.enter(account: account)
        defer { slot.release() }
        let (store, publisher, blocking) = (store, checkpoints, blocking)
        let head = try await blocking.run { try publisher.head(of: store) }
        return try await verifications.report(head: (head.treeSize, head.root), anchors: anchors) {
            try await blocking.run { try StoreVerification.report(of: store, anchors: anchors) }
        }
    }
}
