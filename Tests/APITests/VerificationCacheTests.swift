import Testing

@testable import API
@testable import EventLog

/// Red team 3 (auditor-verify-starves-all-reads): one auditor with 16 GET /verify in flight ran 16 verifications of
/// the whole store at once, on the threads every other reader and sign-in waits for. Now one runs at a time, those
/// asked meanwhile share it, a head already verified answers from the report, and a head that moved is verified again.
@Suite struct VerificationCacheTests {
    static func report(size: UInt64, root: MerkleHash) -> VerificationReport {
        VerificationReport(treeSize: size, root: root, problems: [], redactedSeqs: [], checkpointsChecked: 0,
                           anchorsChecked: 0, pinnedClockEvents: 0)
    }

    static let rootA = MerkleHash.leaf([1])
    static let rootB = MerkleHash.leaf([2])

    @Test func aHeadVerifiedAnswersFromTheReportAndAHeadThatMovedIsVerifiedAgain() async throws {
        let clock = ManualTime(1000)
        let cache = VerificationCache(maxAge: 300, now: { clock.now })
        let runs = Counter()
        let verifyA: @Sendable () async throws -> VerificationReport = {
            await runs.add()
            return Self.report(size: 10, root: Self.rootA)
        }
        _ = try await cache.report(head: (10, Self.rootA), anchors: [], verify: verifyA)
        let again = try await cache.report(head: (10, Self.rootA), anchors: [], verify: verifyA)
        let runsAfterTwo = await runs.value
        #expect(again.treeSize == 10 && runsAfterTwo == 1)
        // Other anchors: verified, not answered from a report that did not check them.
        let anchor = Anchor(treeSize: 5, root: Self.rootB)
        _ = try await cache.report(head: (10, Self.rootA), anchors: [anchor], verify: verifyA)
        #expect(await runs.value == 2)
        // The head moved: a whole verification again.
        let moved = try await cache.report(head: (11, Self.rootB), anchors: [], verify: {
            await runs.add()
            return Self.report(size: 11, root: Self.rootB)
        })
        let runsAfterMove = await runs.value
        #expect(moved.treeSize == 11 && runsAfterMove == 3)
        // The same head, but the report is older than maxAge: verified again.
        clock.now = 1400
        _ = try await cache.report(head: (11, Self.rootB), anchors: [], verify: {
            await runs.add()
            return Self.report(size: 11, root: Self.rootB)
        })
        #expect(await runs.value == 4)
    }

    @Test func sixteenAtOnceCostOneVerification() async throws {
        let cache = VerificationCache()
        let runs = Counter()
        let latch = Latch()
        let verify: @Sendable () async throws -> VerificationReport = {
            await runs.add()
            await latch.wait()
            return Self.report(size: 10, root: Self.rootA)
        }
        let sizes = try await withThrowingTaskGroup(of: UInt64.self) { group in
            for _ in 0..<16 { group.addTask { try await cache.report(head: (10, Self.rootA), anchors: [], verify: verify).treeSize } }
            while await runs.value == 0 { await Task.yield() }
            for _ in 0..<100 { await Task.yield() }
            await latch.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(sizes.count == 16 && sizes.allSatisfy { $0 == 10 })
        #expect(await runs.value == 1)
    }

    @Test func anAccountHasAtMostItsShareOfHeavyRequestsInFlight() throws {
        let gate = HeavyRequestGate(perAccount: 2, retryAfter: 5)
        let first = try gate.enter(account: "revisor")
        do {
            let second = try gate.enter(account: "revisor")
            #expect(throws: Problem.self) { try gate.enter(account: "revisor") }
            do {
                _ = try gate.enter(account: "revisor")
            } catch let problem as Problem {
                #expect(problem.status == .tooManyRequests && problem.retryAfter == 5 && problem.slug == "too-many-heavy-requests")
            }
            // Another account is not held up.
            #expect(throws: Never.self) { _ = try gate.enter(account: "anna") }
            second.release()
            second.release()
        }
        #expect(gate.count(of: "revisor") == 1)
        first.release()
        // A slot dropped without release (a streamed body never sent) gives its place back too.
        do { _ = try gate.enter(account: "revisor") }
        #expect(gate.count(of: "revisor") == 0 && gate.count(of: "anna") == 0)
    }
}

actor Counter {
    private(set) var value = 0
    func add() { value += 1 }
}

/// Holds the verifications under way until the test has sent all its requests.
actor Latch {
    private var opened = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if opened { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func open() {
        opened = true
        for continuation in waiting { continuation.resume() }
        waiting = []
    }
}

final class ManualTime: @unchecked Sendable {
    // @unchecked: set by the test between awaits, never at once with a read.
    var now: Double
    init(_ now: Double) { self.now = now }
}
