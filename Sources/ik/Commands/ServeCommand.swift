import ArgumentParser
import Dispatch
import Foundation
import Server

struct ServeCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the store to many people: accounts and roles, a JSON API under /api/v1 (Schemas/openapi.json).",
        discussion: """
            ik serve --store /srv/ikstore --listen 127.0.0.1:8080
            Accounts come from ik user (the first: ik user add NAME --role owner). Every request signs in with a token
            (Authorization: Bearer …; ik user token NAME, or POST /api/v1/login); every event is recorded as the account
            that sent it. Appends that arrive together share one commit; reads run in parallel. SIGTERM lets requests in
            flight finish (at most --shutdown-grace seconds), then stops. An append waits --wait seconds for another
            writer (ik append) and then answers 503 with Retry-After. Logs go to standard error; one line on standard output says where it listens.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("Address and port (0: any free port).", valueName: "host:port"))
    var listen = "127.0.0.1:8080"

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("PEM certificate chain for HTTPS.", valueName: "file"))
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("PEM private key for HTTPS.", valueName: "file"))
    var tlsKey: String?

    @Option(name: .customLong("max-body"), help: ArgumentHelp("Largest request body in MB.", valueName: "MB"))
    var maxBody = 8

    @Option(name: .customLong("group-commit"), help: "on: appends arriving together share one commit; off: one each.")
    var groupCommit: Switch = .on

    @Option(help: ArgumentHelp("Threads for reads (whole-store reads take at most N-2 of them; password checks have two of their own).", valueName: "N"))
    var threads = 8

    @Option(name: .customLong("trusted-proxy"), help: ArgumentHelp(
        "The address of a reverse proxy in front (nginx): its X-Forwarded-For names the client.", valueName: "ip"))
    var trustedProxy: String?

    @Option(name: .customLong("checkpoint-key"), help: ArgumentHelp(
        "Sign the checkpoint GET /checkpoint serves (a C2SP note) with this Ed25519 private key (ik keygen).",
        valueName: "keyfile"))
    var checkpointKey: String?

    @Option(help: ArgumentHelp("The log's name in its checkpoint notes (default: ikstore/ and the store directory's name).",
                               valueName: "name"))
    var origin: String?

    @Option(name: .customLong("read-timeout"), help: ArgumentHelp(
        "Seconds a request may take to arrive whole, however slowly it trickles in.", valueName: "s"))
    var readTimeout = 60

    @Option(name: .customLong("shutdown-grace"), help: ArgumentHelp(
        "Seconds SIGTERM waits for requests in flight before it closes the connections left.", valueName: "s"))
    var shutdownGrace = 10

    @Option(name: .customLong("witness-key"), help: ArgumentHelp(
        "A witness's verifier key file (ik keygen --witness NAME): its cosignatures are taken and served with the checkpoint.",
        valueName: "file"))
    var witnessKeys: [String] = []

    @Option(name: .customLong("replica-lag"), help: ArgumentHelp(
        "On a replica: tokens are accepted while ik follow verified the leader's head at most this many seconds ago "
            + "and raised no alarm since (a token the leader ended is refused within that); else 503 replica-stale.",
        valueName: "s"))
    var replicaLag: Double = 60
    @Option(name: .customLong("max-connections"), help: ArgumentHelp("Connections open at once (more are closed).", valueName: "N"))
    var maxConnections = 1024

    @Option(name: .customLong("max-per-address"), help: ArgumentHelp(
        "Connections open at once from one client address (more are closed; not counting --trusted-proxy).", valueName: "N"))
    var maxPerAddress = 64

    @Option(name: .customLong("anonymous-read-timeout"), help: ArgumentHelp(
        "Seconds a request without credentials (a sign-in) may take to send its body.", valueName: "s"))
    var anonymousReadTimeout = 10

    @Option(name: .customLong("heavy-per-account"), help: ArgumentHelp(
        "Requests that read the whole store (verify, state, trend, diff, projection exports, report) one account may have "
            + "in flight (more: 429).",
        valueName: "N"))
    var heavyPerAccount = 2

    enum Switch: String, ExpressibleByArgument, CaseIterable { case on, off }

    var address: (host: String, port: Int)? {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(listen[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }

    func validate() throws {
        if address == nil { throw ValidationError("--listen \(listen) is not HOST:PORT (127.0.0.1:8080, [::1]:8443).") }
        if (tlsCertificate == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together.") }
        guard (1...1024).contains(maxBody) else { throw ValidationError("--max-body is 1 to 1024 MB.") }
        guard (2...256).contains(threads) else { throw ValidationError("--threads is 2 to 256.") }
        guard (1...3600).contains(readTimeout) else { throw ValidationError("--read-timeout is 1 to 3600 seconds.") }
        guard (0...3600).contains(shutdownGrace) else { throw ValidationError("--shutdown-grace is 0 to 3600 seconds.") }
        guard replicaLag >= 1, replicaLag <= 86_400 else { throw ValidationError("--replica-lag is 1 to 86400 seconds.") }
        guard (1...1_000_000).contains(maxConnections) else { throw ValidationError("--max-connections is 1 to 1000000.") }
        guard (1...maxConnections).contains(maxPerAddress) else {
            throw ValidationError("--max-per-address is 1 to --max-connections (\(maxConnections)).")
        }
        guard (1...3600).contains(anonymousReadTimeout) else {
            throw ValidationError("--anonymous-read-timeout is 1 to 3600 seconds.")
        }
        guard (1...1000).contains(heavyPerAccount) else { throw ValidationError("--heavy-per-account is 1 to 1000.") }
    }

    func execute() throws {
        guard let (host, port) = address else { return }
        // A replica's API is read-only by the store's own mark (appends: 403); a writer's store is served to write.
        if storeOptions.readOnly, (try? storeOptions.openForReading().leader()) ?? nil == nil {
            throw CommandFailure(.noPermission, "ik serve writes the store; leave out --read-only (a replica, which "
                + "only its leader's events enter, is served read-only with or without it)")
        }
        var configuration = ServeConfiguration(
            storePath: storeOptions.path, host: host, port: port, tlsCertificate: tlsCertificate, tlsKey: tlsKey,
            maxBodyBytes: maxBody << 20, groupCommit: groupCommit == .on, readerThreads: threads,
            writerWait: storeOptions.wait, readTimeout: readTimeout, shutdownGrace: shutdownGrace,
            maxConnections: maxConnections, trustedProxy: trustedProxy)
        configuration.maxConnectionsPerAddress = maxPerAddress
        configuration.anonymousReadTimeout = anonymousReadTimeout
        configuration.heavyPerAccount = heavyPerAccount
        configuration.checkpointKey = try checkpointKey.map { String(decoding: try InputFile.read($0), as: UTF8.self) }
        configuration.origin = origin
        configuration.replicaLag = replicaLag
        configuration.witnessKeys = try witnessKeys.map { String(decoding: try InputFile.read($0), as: UTF8.self) }
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await IKServer.run(configuration)
            } catch let error as ServeError {
                let status: ExitStatus = error.isUsage ? .usage : error.isPermission ? .noPermission : .storageUnusable
                outcome.set(CommandFailure(status, error.description))
            } catch {
                outcome.set(error)
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }
}

/// How the server's task ended, handed back to the command's thread.
final class ServeOutcome: @unchecked Sendable {
    // @unchecked: written once by the server's task before the semaphore is signalled, read after it.
    private(set) var error: (any Error)?
    func set(_ error: any Error) { self.error = error }
}
