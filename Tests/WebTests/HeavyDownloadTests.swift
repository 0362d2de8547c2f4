import Foundation
import HTTPTypes
import Hummingbird
import NIOPosix
import Testing

@testable import API
@testable import Accounts
import EventLog
import Projections
@testable import Web

/// The web's exports and reports (one `WebRoutes.heavy`) take the account's heavy-request places as the API's do: with its share in flight,
/// one more is refused (429) and the reader threads stay free for everyone else.
@Suite struct HeavyDownloadTests {
    struct Context: WebRequestContext {
        var coreContext: CoreRequestContextStorage
        var identity: Principal?
        var webSession: WebSession?
        var principal: Principal? { identity }
        var clientAddress: String { "127.0.0.1" }
        init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
    }

    struct NoAppends: EventAppending {
        func append(_ prepared: PreparedAppend) async throws -> Result<AppendOutcome, RecordingFailure> {
            throw CancellationError()
        }
    }

    func web(_ path: String, as principal: Principal) -> WebRequest {
        let request = Request(head: HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: path),
                              body: RequestBody(buffer: .init()))
        return WebRequest(request, principal: principal, session: nil, secure: false)
    }

    @Test func anExportBeyondTheAccountsShareIsRefusedAndItsPlaceComesBack() async throws {
        let directory = NSTemporaryDirectory() + "ik-web-heavy-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try EventStore.create(at: directory + "/store")
        let book = AccountBook(store: store, secrets: try SecretStore(storePath: directory + "/store", create: true))
        let gate = HeavyRequestGate(perAccount: 1)
        let services = APIServices(store: store, accounts: book, blocking: BlockingPool(NIOThreadPool.singleton),
                                   appender: NoAppends(), throttle: SignInThrottle(), maxBodyBytes: 1 << 20, heavy: gate)
        let routes = try WebRoutes<Context>(services: services, secureCookies: false)
        let auditor = Principal(account: "revisor", role: .auditor)
        let downloads = DownloadRoutes<Context>(routes: routes)
        let held = try gate.enter(account: "revisor")
        for what in ["state", "trend", "deviations"] {
            do {
                _ = try await downloads.export(web("/downloads/export?what=\(what)&format=csv", as: auditor))
                Issue.record("a \(what) export beyond the account's share was rendered")
            } catch let problem as Problem {
                #expect(problem.status == .tooManyRequests && problem.slug == "too-many-heavy-requests")
            }
        }
        let other = Principal(account: "annan", role: .auditor)
        let response = try await downloads.export(web("/downloads/export?what=state&format=csv", as: other))
        #expect(response.status == .ok, "another account's export is not held up")
        #expect(gate.count(of: "annan") == 0, "its place is given back once the bytes are made")
        let log = try await downloads.export(web("/downloads/export?what=log", as: auditor))
        #expect(log.status == .ok, "the log download is streamed in short chunks and needs no place")
        held.release()
        let after = try await downloads.export(web("/downloads/export?what=state&format=csv", as: auditor))
        #expect(after.status == .ok && gate.count(of: "revisor") == 0)
    }

    /// Red team 6 (web-verify-skips-heavy-limit): the verify page takes a place as the API's verify does (one
    /// `APIServices.verification(for:anchors:)`); the old page verified with the account's share in flight.
    @Test func theVerifyPageBeyondTheAccountsShareIsRefused() async throws {
        let directory = NSTemporaryDirectory() + "ik-web-heavy-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try EventStore.create(at: directory + "/store")
        let book = AccountBook(store: store, secrets: try SecretStore(storePath: directory + "/store", create: true))
        let gate = HeavyRequestGate(perAccount: 1)
        let services = APIServices(store: store, accounts: book, blocking: BlockingPool(NIOThreadPool.singleton),
                                   appender: NoAppends(), throttle: SignInThrottle(), maxBodyBytes: 1 << 20, heavy: gate)
        let routes = try WebRoutes<Context>(services: services, secureCookies: false)
        let auditor = Principal(account: "revisor", role: .auditor)
        let page = VerifyPage<Context>(routes: routes)
        let held = try gate.enter(account: "revisor")
        do {
            _ = try await page.verify(web("/verify", as: auditor))
            Issue.record("the verify page beyond the account's share was rendered")
        } catch let problem as Problem {
            #expect(problem.status == .tooManyRequests && problem.slug == "too-many-heavy-requests")
        }
        held.release()
        let after = try await page.verify(web("/verify", as: auditor))
        #expect(after.status == .ok && gate.count(of: "revisor") == 0)
    }
}
