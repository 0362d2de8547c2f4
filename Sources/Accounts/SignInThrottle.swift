import Foundation

/// Limits failed sign-ins, per account and per client address, so that passwords cannot be guessed at speed: after
/// ``Limits/perAccount`` failures for one account, or ``Limits/perAddress`` from one address, within
/// ``Limits/window`` seconds, further attempts are refused until the oldest failure is older than the window.
/// Kept in memory: a restart forgets it, which costs a guesser a restart of the server per few attempts.
public final class SignInThrottle: @unchecked Sendable {
    // @unchecked: all state is behind `lock`.
    public struct Limits: Sendable {
        public var perAccount: Int
        public var perAddress: Int
        public var window: Double

        public init(perAccount: Int = 5, perAddress: Int = 20, window: Double = 900) {
            self.perAccount = perAccount
            self.perAddress = perAddress
            self.window = window
        }
    }

    public let limits: Limits
    private let lock = NSLock()
    private var failures: [String: [Double]] = [:]
    /// Keys kept at most; the oldest are dropped beyond it, so a flood of addresses cannot exhaust memory.
    private let maxKeys = 100_000

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Seconds to wait before `account` (when known) may try from `address`, or `nil` when it may try now.
    public func retryAfter(account: String?, address: String, now: Double = Date().timeIntervalSince1970) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        var wait: Double = 0
        for (key, limit) in keys(account: account, address: address) {
            let recent = (failures[key] ?? []).filter { $0 > now - limits.window }
            if recent.count >= limit, let oldest = recent.first { wait = max(wait, oldest + limits.window - now) }
        }
        return wait > 0 ? max(1, Int(wait.rounded(.up))) : nil
    }

    /// Notes a failed attempt.
    public func recordFailure(account: String?, address: String, now: Double = Date().timeIntervalSince1970) {
        lock.lock()
        defer { lock.unlock() }
        if failures.count >= maxKeys { prune(now: now) }
        for (key, limit) in keys(account: account, address: address) {
            var recent = (failures[key] ?? []).filter { $0 > now - limits.window }
            recent.append(now)
            failures[key] = Array(recent.suffix(limit))
        }
    }

    /// Forgets the failures of `account` after it signed in.
    public func recordSuccess(account: String) {
        lock.lock()
        defer { lock.unlock() }
        failures["account:" + account] = nil
    }

    private func keys(account: String?, address: String) -> [(String, Int)] {
        var keys = [("address:" + address, limits.perAddress)]
        if let account { keys.append(("account:" + account, limits.perAccount)) }
        return keys
    }

    private func prune(now: Double) {
        failures = failures.filter { $0.value.last.map { $0 > now - limits.window } ?? false }
        if failures.count >= maxKeys { failures.removeAll() }
    }
}
