import Foundation
import Testing

@testable import API
@testable import Accounts

/// Red team 6 (signin-flood-with-own-password): password checks are taken in turn per client, so one client's
/// queue of sign-ins delays another client's by at most one check, not by the whole queue (first come first served).
@Suite struct FairTurnsTests {
    /// A latch a job waits on until the test opens it.
    actor Latch {
        var open = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        func wait() async {
            if open { return }
            await withCheckedContinuation { waiters.append($0) }
        }
        func release() {
            open = true
            for waiter in waiters { waiter.resume() }
            waiters = []
        }
    }

    actor Order {
        var names: [String] = []
        func add(_ name: String) { names.append(name) }
    }

    func waitUntil(_ condition: @escaping () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(nanoseconds: 2_000_000) }
        #expect(condition())
    }

    @Test func anotherClientIsServedAfterOneCheckOfTheFloodingClientsQueue() async throws {
        let turns = FairTurns(width: 1)
        let latch = Latch()
        let order = Order()
        var tasks: [Task<Void, any Error>] = []
        tasks.append(Task { try await turns.run(client: "att") { await order.add("att-0"); await latch.wait() } })
        try await waitUntil { turns.waitingCount == 0 }
        try await Task.sleep(nanoseconds: 20_000_000)
        for i in 1...3 {
            tasks.append(Task { try await turns.run(client: "att") { await order.add("att-\(i)") } })
            try await waitUntil { turns.waitingCount == i }
        }
        tasks.append(Task { try await turns.run(client: "vic") { await order.add("vic") } })
        try await waitUntil { turns.waitingCount == 4 }
        await latch.release()
        for task in tasks { try await task.value }
        #expect(await order.names == ["att-0", "att-1", "vic", "att-2", "att-3"])
        #expect(turns.waitingCount == 0)
    }

    @Test func upToItsWidthRunAtOnceAndAFreedPlaceIsTakenAgain() async throws {
        let turns = FairTurns(width: 2)
        let latch = Latch()
        let first = Task { try await turns.run(client: "a") { await latch.wait() } }
        let second = Task { try await turns.run(client: "b") { await latch.wait() } }
        try await Task.sleep(nanoseconds: 50_000_000)
        #expect(turns.waitingCount == 0, "two places: neither waits")
        let third = Task { try await turns.run(client: "c") { 3 } }
        try await waitUntil { turns.waitingCount == 1 }
        await latch.release()
        try await first.value
        try await second.value
        #expect(try await third.value == 3)
        #expect(try await turns.run(client: "d") { 4 } == 4, "the places are free again")
    }
}
