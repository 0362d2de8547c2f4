import Foundation

/// Work taken in turn per client: at most ``width`` run at once, and the waiting ones are served one client after
/// another (round-robin), so a client keeping many password checks in flight delays another client's by at most one
/// check each, not by its whole queue (red team 6: signin-flood-with-own-password — one reader signing in with its
/// own right password on twelve connections made everyone's sign-in ten times slower).
public final class FairTurns: @unchecked Sendable {
    // @unchecked: all state is behind `lock`.
    public let width: Int
    private let lock = NSLock()
    private var running = 0
    /// The waiting, per client, first come first served within a client.
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]
    /// The clients with someone waiting, in the order they are served.
    private var turns: [String] = []

    public init(width: Int) { self.width = max(1, width) }

    /// Runs `body` once it is `client`'s turn and a place is free.
    public func run<T: Sendable>(client: String, _ body: () async throws -> T) async throws -> T {
        await enter(client)
        defer { leave() }
        return try await body()
    }

    /// How many are waiting (not running) now.
    public var waitingCount: Int { lock.withLock { waiting.values.reduce(0) { $0 + $1.count } } }

    private func enter(_ client: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now: Bool = lock.withLock {
                if running < width && turns.isEmpty {
                    running += 1
                    return true
                }
                if waiting[client] == nil { turns.append(client) }
                waiting[client, default: []].append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// The place passes to the next client in turn (so `running` stays), or is freed.
    private func leave() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            guard !turns.isEmpty else {
                running -= 1
                return nil
            }
            let client = turns.removeFirst()
            var queue = waiting[client] ?? []
            let first = queue.isEmpty ? nil : queue.removeFirst()
            if queue.isEmpty { waiting[client] = nil } else {
                waiting[client] = queue
                turns.append(client)
            }
            if first == nil { running -= 1 }
            return first
        }
        next?.resume()
    }
}
