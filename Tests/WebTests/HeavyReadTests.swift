import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOPosix
import Testing

@testable import API
@testable import Accounts
import EventLog
import Projections
@testable import Web

/// Red team 5 (reader-floods-unlimited-reads): a reader with 16 `GET state` in flight on a store of 100,000 events
/// took every reader thread; another account's requests waited 46–91 s and a sign-in 26 s. `state`, `trend`, `diff`
/// and the web pages that fold the whole store now take the account's heavy-request places (429 beyond them), all
/// accounts together leave two reader threads free (503 `server-busy`), and password checks have threads of their own.
@Suite struct HeavyReadTests {
    struct TestSource: RequestContextSource { let logger = Logger(label: "test") }

    struct Context: WebRequestContext {
        var coreContext: CoreRequestContextStorage
        var identity: Principal?
        var webSession: WebSession?
        var principal: Principal? { identity }
        var clientAddress: String { "127.0.0.1" }
        init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
        init(_ principal: Principal) {
            coreContext = .init(source: TestSource())
            identity = principal
        }
    }

    func request(_ path: String) -> Request {
        Request(head: HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: path), body: RequestBody(buffer: .init()))
    }

    func services(_ gate: HeavyRequestGate, in directory: String) throws -> APIServices {
        let store = try EventStore.create(at: directory + "/store")
        let book = AccountBook(store: store, secrets: try SecretStore(storePath: directory + "/store", create: true))
        return APIServices(store: store, accounts: book, blocking: BlockingPool(NIOThreadPool.singleton),
                           appender: HeavyDownloadTests.NoAppends(), throttle: SignInThrottle(), maxBodyBytes: 1 << 20, heavy: gate)
    }

    func refusal(_ body: () async throws -> Response) async -> Problem? {
        do {
            _ = try await body()
            return nil
        } catch let problem as Problem {
            return problem
        } catch {
            return Problem(.internalServerError, "unexpected", title: "\(error)", detail: "")
        }
    }

    @Test func stateTrendAndDiffTakeTheAccountsHeavyPlacesInTheAPIAndOnTheWeb() async throws {
        let directory = NSTemporaryDirectory() + "ik-heavy-read-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let gate = HeavyRequestGate(perAccount: 1)
        let services = try services(gate, in: directory)
        let figures = FigureRoutes<Context>(services: services)
        let reader = Principal(account: "rdr", role: .owner)
        let held = try gate.enter(account: "rdr")
        for (name, call) in [("state", figures.state), ("trend", figures.trend), ("diff", figures.diff)] {
            let problem = await refusal { try await call(request("/api/v1/\(name)"), Context(reader)) }
            #expect(problem?.status == .tooManyRequests && problem?.slug == "too-many-heavy-requests", "API \(name)")
            #expect(problem?.retryAfter ?? 0 > 0)
        }
        let routes = try WebRoutes<Context>(services: services, secureCookies: false)
        let web = WebRequest(request("/state"), principal: reader, session: nil, secure: false)
        let pages: [(String, (WebRequest) async throws -> Response)] = [
            ("state", AuditRoutes<Context>(routes: routes).state), ("trend", TrendPage<Context>(routes: routes).trend),
            ("diff", TrendPage<Context>(routes: routes).diff), ("plans", AdminRoutes<Context>(routes: routes).plans),
        ]
        for (name, page) in pages {
            let problem = await refusal { try await page(web) }
            #expect(problem?.status == .tooManyRequests, "web page \(name)")
        }
        let other = Principal(account: "aud", role: .auditor)
        let answer = try await figures.state(request("/api/v1/state"), context: Context(other))
        #expect(answer.status == .ok, "another account is not held up")
        #expect(gate.count(of: "aud") == 0 && gate.countAll == 1, "its place is given back")
        held.release()
        let after = try await figures.trend(request("/api/v1/trend"), context: Context(reader))
        #expect(after.status == .ok && gate.countAll == 0)
    }

    /// Red team 6 (dry-runs-hold-the-writer): a dry run checks up to 10,000 drafts and leaves nothing in the log, so it
    /// takes a heavy place like the whole-store reads, and so does the check of a batch of more than
    /// ``EventRoutes/heavyBatch`` drafts (one that will be refused leaves nothing either); a smaller append does not.
    @Test func aDryRunTakesTheAccountsHeavyPlaces() async throws {
        let directory = NSTemporaryDirectory() + "ik-heavy-dry-run-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let gate = HeavyRequestGate(perAccount: 1)
        let services = try services(gate, in: directory)
        let events = EventRoutes<Context>(services: services)
        let admin = Principal(account: "adm", role: .administrator)
        let plan = #"{"type":"PlanAdopted","payload":{"planId":"T-2025","organisation":"O","year":2025,"adoptedOn":"2025-01-10"}}"#
        func post(_ path: String, drafts: Int = 1) -> Request {
            var head = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: path)
            head.headerFields[.contentType] = "application/json"
            let body = drafts == 1 ? plan : "[" + Array(repeating: plan, count: drafts).joined(separator: ",") + "]"
            return Request(head: head, body: RequestBody(buffer: .init(string: body)))
        }
        let held = try gate.enter(account: "adm")
        let problem = await refusal { try await events.append(post("/api/v1/events?dryRun=true"), context: Context(admin)) }
        #expect(problem?.status == .tooManyRequests && problem?.slug == "too-many-heavy-requests", "\(String(describing: problem))")
        let large = await refusal {
            try await events.append(post("/api/v1/events", drafts: EventRoutes<Context>.heavyBatch + 1), context: Context(admin))
        }
        #expect(large?.status == .tooManyRequests, "\(String(describing: large))")
        // A batch up to the limit is checked without a place (then refused: the same plan twice).
        let small = await refusal {
            try await events.append(post("/api/v1/events", drafts: EventRoutes<Context>.heavyBatch), context: Context(admin))
        }
        #expect(small?.status == .unprocessableContent, "\(String(describing: small))")
        // Red team 7 (small-refused-batches-hold-everyone): a few drafts in a large body cost as much to check.
        var head = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: "/api/v1/events")
        head.headerFields[.contentType] = "application/json"
        let padded = "[" + plan + String(repeating: " ", count: EventRoutes<Context>.heavyBody) + "]"
        let big = await refusal {
            try await events.append(Request(head: head, body: RequestBody(buffer: .init(string: padded))), context: Context(admin))
        }
        #expect(big?.status == .tooManyRequests, "\(String(describing: big))")
        held.release()
        let dry = try await events.append(post("/api/v1/events?dryRun=true"), context: Context(admin))
        #expect(dry.status == .ok && gate.countAll == 0, "its place is given back")
        let released = await refusal {
            try await events.append(post("/api/v1/events", drafts: EventRoutes<Context>.heavyBatch + 1), context: Context(admin))
        }
        #expect(released?.status == .unprocessableContent && gate.countAll == 0, "\(String(describing: released))")
    }

    @Test func allAccountsTogetherLeaveReaderThreadsFree() async throws {
        let gate = HeavyRequestGate(perAccount: 2, total: HeavyRequestGate.total(forThreads: 4))
        #expect(gate.total == 2)
        let first = try gate.enter(account: "a")
        let second = try gate.enter(account: "b")
        do {
            _ = try gate.enter(account: "c")
            Issue.record("a third heavy request was let in with two reader threads left")
        } catch let problem as Problem {
            #expect(problem.status == .serviceUnavailable && problem.slug == "server-busy" && problem.retryAfter == 5)
        }
        #expect(gate.count(of: "c") == 0 && gate.countAll == 2, "the refused request counts nothing")
        first.release()
        second.release()
        let third = try gate.enter(account: "c")
        #expect(gate.countAll == 1)
        third.release()
    }

    @Test func passwordChecksDoNotWaitBehindTheReads() async throws {
        let readers = NIOThreadPool(numberOfThreads: 1)
        readers.start()
        let passwords = NIOThreadPool(numberOfThreads: 1)
        passwords.start()
        let pool = BlockingPool(readers, passwords: passwords, passwordThreads: 1)
        let release = DispatchSemaphore(value: 0)
        let busy = Task { try await pool.run { release.wait() } }
        // Every reader thread is held: a password check still runs at once.
        let checked = try await pool.checkingPassword(for: "192.0.2.1") { 42 }
        #expect(checked == 42)
        release.signal()
        try await busy.value
        try await readers.shutdownGracefully()
        try await passwords.shutdownGracefully()
    }
}
