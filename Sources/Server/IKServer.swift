import API
import Accounts
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Projections
import ServiceLifecycle
import Web

/// `ik serve`: one store for many people, over HTTP(S), through the same library as the command line.
public enum IKServer {
    /// Threads of their own for password checks (bcrypt), taken in turn per client (``FairTurns``).
    static let passwordThreads = 2

    /// Runs the server until SIGTERM or SIGINT, then lets the requests in flight finish (and their appends commit)
    /// and stops. Prints one line, "ik serve: listening on URL", once it accepts connections.
    public static func run(_ configuration: ServeConfiguration) async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
            return handler
        }
        let logger = Logger(label: "ikstore")
        do {
            let files = try FileDescriptorLimit.raiseToHard()
            if files.soft < UInt64(configuration.maxConnections) + 64 {
                logger.warning("the process may open \(files.soft) files, too few for --max-connections \(configuration.maxConnections): raise the hard limit (ulimit -Hn, LimitNOFILE=)")
            }
        } catch {
            logger.warning("cannot raise the limit on open files: \(error); the server stops accepting near that limit")
        }
        let pool = NIOThreadPool(numberOfThreads: max(2, configuration.readerThreads))
        pool.start()
        // bcrypt on threads of its own: a sign-in never waits behind the reads (two: a core each on a small machine).
        let passwords = NIOThreadPool(numberOfThreads: Self.passwordThreads)
        passwords.start()
        do {
            // SIGTERM: requests in flight get `shutdownGrace` seconds to finish; then the connections left are closed
            // (their tasks cancelled), so no client can keep a stopping server alive.
            var group = ServiceGroupConfiguration(services: [try application(configuration, pool: pool, passwords: passwords)],
                                                  gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            group.maximumGracefulShutdownDuration = .seconds(configuration.shutdownGrace)
            group.maximumCancellationDuration = .seconds(5)
            try await ServiceGroup(configuration: group).run()
        } catch {
            try? await pool.shutdownGracefully()
            try? await passwords.shutdownGracefully()
            throw error
        }
        try await pool.shutdownGracefully()
        try await passwords.shutdownGracefully()
    }

    /// The application: a router per concern (health, the API), middleware for request ids, problems and
    /// authentication, the group commit, and TLS when configured. ``run(_:)`` and tests build it here.
    public static func application(_ configuration: ServeConfiguration, pool: NIOThreadPool,
                                   passwords: NIOThreadPool? = nil) throws
        -> some ApplicationProtocol
    {
        guard OpenAPIDocument.bytes != nil else { throw ServeError.openAPIDocumentMissing }
        var logger = Logger(label: "ikstore")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        let store = try StoreOpening.openForWriting(at: configuration.storePath, writerWait: configuration.writerWait)
        let clock = try Clock.fromEnvironment()
        // Refused now, not at every request: a pinned clock is for test stores only (DESIGN: IK_NOW).
        if let pinned = clock.pinned, !store.isTestStore {
            throw ServeError.pinnedClock(pinned: "\(pinned)", store: configuration.storePath)
        }
        var accounts = AccountBook(store: store, secrets: try SecretStore(storePath: configuration.storePath, create: true))
        accounts.replicaLag = configuration.replicaLag
        if try accounts.ledger().active(.owner).isEmpty {
            logger.warning("no account can sign in yet: create the first with ik user add NAME --role owner --store \(configuration.storePath)")
        }
        ServerLimits.current = ServerLimits(maxBodyBytes: configuration.maxBodyBytes, trustedProxy: configuration.trustedProxy)
        let blocking = BlockingPool(pool, passwords: passwords, passwordThreads: Self.passwordThreads)
        let throttle = SignInThrottle()
        let committer = GroupCommitter(store: store, clock: clock, grouping: configuration.groupCommit,
                                       logger: logger)
        let origin = configuration.origin ?? "ikstore/" + (configuration.storePath as NSString).lastPathComponent
        let checkpoints = try CheckpointPublisher(origin: origin, privateKey: configuration.checkpointKey,
                                                  witnesses: try configuration.witnessKeys.map { try NoteVerifierKey(vkey: $0) })
        // The head is hashed from the envelopes now, once; requests then hash only what was appended since.
        _ = try checkpoints.head(of: store)
        // A replica signs nothing: its reports check witnessed heads with the leader's key its follower pinned.
        let pinnedLeaderKey = try store.leader() == nil ? nil
            : FileManager.default.contents(atPath: configuration.storePath + "/" + ReplicaState.leaderKeyFile)
        let services = APIServices(store: store, accounts: accounts, blocking: blocking, appender: committer,
                                   throttle: throttle, maxBodyBytes: configuration.maxBodyBytes, checkpoints: checkpoints,
                                   heavy: HeavyRequestGate(perAccount: configuration.heavyPerAccount,
                                                           total: HeavyRequestGate.total(forThreads: max(2, configuration.readerThreads))),
                                   witnessTrust: pinnedLeaderKey.map {
                                       WitnessTrust(logKey: String(decoding: $0, as: UTF8.self), witnesses: checkpoints.witnesses)
                                   })

        let router = Router(context: ServerContext.self)
        router.add(middleware: RequestMiddleware())
        router.add(middleware: TokenAuthenticator(accounts: accounts, blocking: blocking))
        HealthRoutes(store: store, blocking: blocking).register(on: router)
        APIRoutes<ServerContext>(services: services).register(on: router)
        let tls = try tlsConfiguration(configuration)
        // Behind a trusted proxy the browser speaks HTTPS to the proxy (README: TLS), so cookies are Secure there too.
        try WebRoutes<ServerContext>(services: services, secureCookies: tls != nil || configuration.trustedProxy != nil)
            .register(on: router)

        let readTimeout = TimeAmount.seconds(Int64(configuration.readTimeout))
        let anonymousTimeout = TimeAmount.seconds(Int64(configuration.anonymousReadTimeout))
        let connections = ConnectionLimit(total: configuration.maxConnections, perAddress: configuration.maxConnectionsPerAddress,
                                          exempt: configuration.trustedProxy)
        let http = HTTPServerBuilder.http1(configuration: HTTP1Channel.Configuration(
            additionalChannelHandlers: [connections.handler(), MalformedRequestResponder(),
                                        RequestReadDeadline(limit: readTimeout, anonymousLimit: anonymousTimeout)],
            idleTimeout: TimeAmount.seconds(Int64(configuration.idleTimeout))))
        let scheme = tls == nil ? "http" : "https"
        return Application(
            router: router,
            server: try tls.map { try .tls(http, tlsConfiguration: $0) } ?? http,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil,
                                 // A few beyond the cap are accepted to be closed at once (ConnectionLimit), not left waiting.
                                 availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections + 64)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                let line = "ik serve: listening on \(scheme)://\(configuration.host):\(port) (store \(configuration.storePath))\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            logger: logger)
    }

    static func tlsConfiguration(_ configuration: ServeConfiguration) throws -> TLSConfiguration? {
        guard let certificate = configuration.tlsCertificate, let key = configuration.tlsKey else { return nil }
        try TLSKeyFile.checkPrivate(key)
        let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        tls.minimumTLSVersion = .tlsv12
        return tls
    }
}

/// `GET /healthz`: the store answers a read. No account needed; it tells nothing about the store's content.
struct HealthRoutes {
    let store: EventStore
    let blocking: BlockingPool

    func register(on router: Router<ServerContext>) {
        router.get("healthz") { _, _ in
            let store = store
            _ = try await blocking.run { try store.read { try $0.size } }
            return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: "{\"status\": \"ok\"}\n")))
        }
    }
}

/// Why `ik serve` cannot start.
public enum ServeError: Error, Sendable, CustomStringConvertible {
    /// The OpenAPI document (in the `IKStore_API.resources` bundle) is missing or empty.
    case openAPIDocumentMissing
    /// `IK_NOW` pins the clock, but the store is not a test store: every append would be refused.
    case pinnedClock(pinned: String, store: String)
    /// The TLS private key file may be read by other users than the server's (its mode).
    case tlsKeyExposed(path: String, mode: String)
    /// The TLS private key file belongs to another user than the server's (and not root): that user may read it.
    case tlsKeyNotOwned(path: String, owner: String, user: String)

    /// Whether the fault is in how the server was started (64) rather than in what it was given to use (69, 77).
    public var isUsage: Bool { if case .pinnedClock = self { true } else { false } }
    public var isPermission: Bool {
        switch self {
        case .tlsKeyExposed, .tlsKeyNotOwned: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .openAPIDocumentMissing:
            "the API's OpenAPI document is missing: ik was installed without IKStore_API.resources beside it\n"
                + "Copy the resource bundles (IKStore_ik.resources, IKStore_API.resources) next to the ik binary."
        case .pinnedClock(let pinned, let store):
            "IK_NOW pins the clock at \(pinned), but \(store) is not a test store: its recorded times are this machine's, "
                + "never chosen, so every append would be refused\nUnset IK_NOW to serve this store (only a store made "
                + "with ik init --test takes a pinned clock)."
        case .tlsKeyExposed(let path, let mode):
            "the TLS private key \(path) may be read by other users (mode \(mode)): whoever reads it can pose as this "
                + "server\nchmod 600 \(path) (owned by the user ik serve runs as), and replace the key if others may have read it."
        case .tlsKeyNotOwned(let path, let owner, let user):
            "the TLS private key \(path) belongs to \(owner), not to \(user) that ik serve runs as: \(owner) may read it and "
                + "pose as this server\nchown \(user) \(path) (or root), chmod 600, and replace the key if \(owner) may have read it."
        }
    }
}
