import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOPosix
import Testing

@testable import API
@testable import Accounts
import EventLog
@testable import Web

/// Red team 6 (log-filter-holds-every-read-thread): `/log?type=…` read the whole log for one page of a type that
/// matched few (3.9 s at 100,000 events, one reader thread each, not limited). A page now reads at most
/// ``LogPage/scanned`` events and offers "next page" from the last one read.
@Suite struct LogPageTests {
    /// The bytes of a response body.
    final class Sink: @unchecked Sendable {
        // @unchecked: written by one body at a time.
        var bytes: [UInt8] = []
    }

    struct Collector: ResponseBodyWriter {
        let sink: Sink
        mutating func write(_ buffer: ByteBuffer) async throws { sink.bytes += buffer.readableBytesView }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }

    static func text(_ response: Response) async throws -> String {
        let sink = Sink()
        try await response.body.write(Collector(sink: sink))
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    @Test func aFilteredPageReadsAtMostItsBoundAndGoesOnFromTheLastEventRead() async throws {
        let directory = NSTemporaryDirectory() + "ik-web-log-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try EventStore.create(at: directory + "/store", forTests: true)
        let events = LogPage<HeavyDownloadTests.Context>.scanned + 500
        try store.append((1...events).map { i in
            EventDraft(type: i == events ? "ReportSubmitted" : "Noted", stream: "s-\(i % 5)",
                       effectiveAt: CalendarDate(year: 2024, month: 5, day: 1)!, actor: "tester", idempotencyKey: nil,
                       expectedVersion: nil, payload: ["note": "n"])
        })
        let book = AccountBook(store: store, secrets: try SecretStore(storePath: directory + "/store", create: true))
        let services = APIServices(store: store, accounts: book, blocking: BlockingPool(NIOThreadPool.singleton),
                                   appender: HeavyDownloadTests.NoAppends(), throttle: SignInThrottle(), maxBodyBytes: 1 << 20)
        let routes = try WebRoutes<HeavyDownloadTests.Context>(services: services, secureCookies: false)
        let page = LogPage<HeavyDownloadTests.Context>(routes: routes)
        let auditor = Principal(account: "revisor", role: .auditor)
        let bound = LogPage<HeavyDownloadTests.Context>.scanned
        let first = try await Self.text(try await page.log(HeavyDownloadTests().web("/log?type=ReportSubmitted", as: auditor)))
        #expect(!first.contains("?event=\(events)") && first.contains("after=\(bound)\""), "the first page read past its bound")
        #expect(first.contains("Sökt till och med händelse \(bound).") || first.contains("Searched through event \(bound)."))
        let second = try await Self.text(try await page.log(
            HeavyDownloadTests().web("/log?type=ReportSubmitted&after=\(bound)", as: auditor)))
        #expect(second.contains("?event=\(events)"), "the second page finds the event")
        #expect(!second.contains("Nästa sida") && !second.contains("Next page") && !second.contains("Sökt"), "and ends")
        // The table says how many rows it shows and how long the log is, since a page may end short.
        #expect(first.contains("Händelser här: 0 (loggen har \(events))"), "\(first)")
        #expect(second.contains("Händelser här: 1 (loggen har \(events))"))
    }
}
