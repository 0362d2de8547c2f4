/// How `ik serve` runs.
public struct ServeConfiguration: Sendable {
    /// The store directory.
    public var storePath: String
    public var host: String
    /// 0: any free port (the line "listening on …" names it).
    public var port: Int
    /// PEM files for HTTPS; both or neither.
    public var tlsCertificate: String?
    public var tlsKey: String?
    /// The largest request body read, in bytes.
    public var maxBodyBytes: Int
    /// Whether appends that arrive together share one commit (off: one commit per request, for measuring).
    public var groupCommit: Bool
    /// Threads for blocking work (LMDB reads); reads run in parallel on them. Password checks have two of their own.
    public var readerThreads: Int
    /// Seconds a commit waits for another process's write (ik append on the same store) before answering 503.
    public var writerWait: Double
    /// Seconds a connection may stay idle, a slow body included, before it is closed.
    public var idleTimeout: Int
    /// Seconds a request may take to arrive whole (head and body), however steadily it trickles in.
    public var readTimeout: Int
    /// Seconds SIGTERM waits for requests in flight before the remaining connections are closed.
    public var shutdownGrace: Int
    /// Connections open at once; one more is closed when it is accepted.
    public var maxConnections: Int
    /// Connections open at once from one client address (not counting a trusted proxy's); one more is closed.
    public var maxConnectionsPerAddress: Int = 64
    /// Seconds a request without credentials (a sign-in) may take, from its head, for its body.
    public var anonymousReadTimeout: Int = 10
    /// Requests that read the whole store (verify, the projections' exports, reports) one account may have in flight.
    public var heavyPerAccount: Int = 2
    /// A reverse proxy (its address) whose `X-Forwarded-For` names the client, for the limits on signing in.
    public var trustedProxy: String?
    /// An `ik keygen` private key (the file's text): `GET /checkpoint` then serves a signed C2SP checkpoint note.
    public var checkpointKey: String?
    /// The log's name in its checkpoint notes (default: `ikstore/` and the store directory's name).
    public var origin: String?
    /// The witnesses' verifier keys (`NAME+ID+KEY`, ik keygen --witness): their cosignatures are taken and served.
    public var witnessKeys: [String] = []
    /// On a replica: tokens count while its follower verified the leader's head at most this many seconds ago.
    public var replicaLag: Double = 60

    public init(storePath: String, host: String = "127.0.0.1", port: Int = 8080, tlsCertificate: String? = nil,
                tlsKey: String? = nil, maxBodyBytes: Int = 8 << 20, groupCommit: Bool = true, readerThreads: Int = 8,
                writerWait: Double = 10, idleTimeout: Int = 30, readTimeout: Int = 60, shutdownGrace: Int = 10,
                maxConnections: Int = 1024, trustedProxy: String? = nil) {
        self.storePath = storePath
        self.host = host
        self.port = port
        self.tlsCertificate = tlsCertificate
        self.tlsKey = tlsKey
        self.maxBodyBytes = maxBodyBytes
        self.groupCommit = groupCommit
        self.readerThreads = readerThreads
        self.writerWait = writerWait
        self.idleTimeout = idleTimeout
        self.readTimeout = readTimeout
        self.shutdownGrace = shutdownGrace
        self.maxConnections = maxConnections
        self.trustedProxy = trustedProxy
    }
}
