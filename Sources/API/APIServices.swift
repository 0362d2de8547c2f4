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

/// Blocking work (LMDB, bcrypt) off the event loops, on a pool of threads; readers run in parallel.
public struct BlockingPool: Sendable {
    let pool: NIOThreadPool

    public init(_ pool: NIOThreadPool) { self.pool = pool }

    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
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
    /// The keys the committee report's witnessed head is checked with: the server's own checkpoint key and its
    /// `--witness-key`s (a replica's: its follower's pinned leader key); `nil`: it names no witness.
    public let witnessTrust: WitnessTrust?

    public init(store: EventStore, accounts: AccountBook, blocking: BlockingPool, appender: any EventAppending,
                throttle: SignInThrottle, maxBodyBytes: Int, checkpoints: CheckpointPublisher? = nil,
                heavy: HeavyRequestGate = HeavyRequestGate(), verifications: VerificationCache = VerificationCache(),
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
        self.verifications = verifications
        let publisher = self.checkpoints
        self.witnessTrust = witnessTrust ?? publisher.verifierKey.map { WitnessTrust(logKey: $0.vkey, witnesses: publisher.witnesses) }
    }

    /// The store verified as `ik verify` does (``StoreVerification``), through ``verifications``: every caller of
    /// verify (API, web page) goes here, so that many at once cost one verification.
    public func verification(anchors: [Anchor]) async throws -> VerificationReport {
        let (store, publisher, blocking) = (store, checkpoints, blocking)
        let head = try await blocking.run { try publisher.head(of: store) }
        return try await verifications.report(head: (head.treeSize, head.root), anchors: anchors) {
            try await blocking.run { try StoreVerification.report(of: store, anchors: anchors) }
        }
    }
}
