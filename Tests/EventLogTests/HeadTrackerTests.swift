import Foundation
import Testing

@testable import EventLog

@Suite struct HeadTrackerTests {
    /// Under load a reader that began before an append used to be hashed after a newer one and was taken for a
    /// store that shrank (`GET /checkpoint` 500 in CI). Readers racing an appender must each get a head no older
    /// than the last, equal to the root recomputed from the envelopes.
    @Test func readersRacingAnAppenderNeverSeeTheLogShrink() throws {
        let t = try TemporaryStore()
        let store = t.store
        let tracker = HeadTracker()
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            if worker == 0 {
                for i in 0..<600 { _ = try? store.append([draft(stream: "s-\(i % 7)")]) }
                return
            }
            var last: UInt64 = 0
            for _ in 0..<600 {
                do {
                    let head = try tracker.current(of: store)
                    if head.size < last { failures.add("head went back from \(last) to \(head.size)") }
                    last = head.size
                    let root = try store.read { try $0.root(size: head.size) }
                    if head.size > 0, root != head.root { failures.add("root at \(head.size) differs") }
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
        let final = try tracker.current(of: store)
        #expect(final.size == 600)
    }

    @Test func aLogShorterThanWhatWasHashedIsAStoreReplaced() throws {
        let (a, b) = (try TemporaryStore(), try TemporaryStore())
        try a.store.append([draft(), draft(stream: "s-2")])
        try b.store.append([draft()])
        let tracker = HeadTracker()
        #expect(try tracker.current(of: a.store).size == 2)
        #expect(throws: HeadTrackerError.logShrank(had: 2, now: 1)) { try tracker.current(of: b.store) }
    }
}

private final class Failures: @unchecked Sendable {
    // @unchecked: `items` is only touched under `lock`.
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}
