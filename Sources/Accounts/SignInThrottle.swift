import Foundation

/// Limits failed sign-ins so that passwords cannot be guessed at speed: after ``Limits/perAccount`` failures for one
/// account from one client address, or ``Limits/perAddress`` from one address for any accounts, within
/// ``Limits/window`` seconds, further attempts from that address are refused until the oldest failure is older than
/// the window. Failures are never counted per account alone: a guesser could then lock anyone out (the owner too) from
/// everywhere with a few wrong passwords; keyed by (account, address), the account still signs in from elsewhere.
/// Behind a reverse proxy the address is the client's only with `ik serve --trusted-proxy` (README). IPv6 addresses
/// count by their /64 (``ClientAddress/limitKey(_:)``).
/// An attempt takes its failure slot before the password is checked (``reserve(account:address:now:)``) and gives
/// it back only when it succeeds, so guesses sent at once are counted as they arrive, not after bcrypt answers.
/// Every password check counts as well, right or wrong: at most ``Limits/checksPerPair`` per (account, address) in
/// ``Limits/checkWindow`` seconds, so that one account signing in with its own right password cannot keep the
/// password threads busy for everyone (red team 6: signin-flood-with-own-password). Keyed the same way, so that the
/// limit says nothing of whether the account exists and nobody can use it up for another address.
/// Kept in memory: a restart forgets it, which costs a guesser a restart of the server per few attempts.
public final class SignInThrottle: @unchecked Sendable {
    // @unchecked: all state is behind `lock`.
    public struct Limits: Sendable {
        public var perAccount: Int
        public var perAddress: Int
        public var window: Double
        public var checksPerPair: Int
        public var checkWindow: Double

        public init(perAccount: Int = 5, perAddress: Int = 20, window: Double = 900, checksPerPair: Int = 15,
                    checkWindow: Double = 60) {
            self.perAccount = perAccount
            self.perAddress = perAddress
            self.window = window
            self.checksPerPair = checksPerPair
            self.checkWindow = checkWindow
        }
    }

    /// A failure slot taken by an attempt under way: a failure unless ``SignInThrottle/succeeded(_:)`` gives it back.
    public struct Reservation: Sendable, Hashable {
        public let account: String?
        public let address: String
        let time: Double
    }

    /// The attempt may not be made now: wait this many seconds.
    public struct Refusal: Error, Sendable, Equatable {
        public let retryAfter: Int
        /// Which limit was reached.
        public let reason: Reason

        public init(retryAfter: Int, reason: Reason = .failures) {
            self.retryAfter = retryAfter
            self.reason = reason
        }
    }

    /// The limit an attempt reached.
    public enum Reason: Sendable, Equatable {
        /// Too many failed sign-ins from the address, or for the account from it.
        case failures
        /// Too many password checks for the account from the address, whatever their outcome.
        case checks
    }

    public let limits: Limits
    private let lock = NSLock()
    private var failures: RecentTimes
    /// Every password check's time, per (account, address) key.
    private var checks: RecentTimes

    public init(limits: Limits = Limits()) {
        self.limits = limits
        failures = RecentTimes(window: limits.window)
        checks = RecentTimes(window: limits.checkWindow)
    }

    /// Seconds to wait before `account` (when known) may try from `address`, or `nil` when it may try now.
    public func retryAfter(account: String?, address: String, now: Double = Date().timeIntervalSince1970) -> Int? {
        lock.withLock { wait(account: account, address: address, now: now) }
    }

    /// Takes a failure slot for an attempt about to be checked, in one step with the check of the limits, so that
    /// no number of attempts at once gets past them.
    /// - Throws: ``Refusal`` (with the seconds to wait) when the account or the address has no slot left.
    public func reserve(account: String?, address: String, now: Double = Date().timeIntervalSince1970) throws
        -> Reservation
    {
        try lock.withLock {
            if let wait = wait(account: account, address: address, now: now) { throw Refusal(retryAfter: wait) }
            if let account, let wait = checks.wait(Self.pairKey(account, address), limit: limits.checksPerPair, now: now) {
                throw Refusal(retryAfter: Self.seconds(wait), reason: .checks)
            }
            record(account: account, address: address, now: now)
            if let account { checks.record(Self.pairKey(account, address), limit: limits.checksPerPair, now: now) }
            return Reservation(account: account, address: address, time: now)
        }
    }

    /// The reserved attempt signed in: its slot is given back, and the account's failures from that address are
    /// forgotten (the address keeps its other failures: a guesser cannot reset them by signing in to its own account).
    public func succeeded(_ reservation: Reservation) {
        lock.withLock {
            failures.remove(reservation.time, from: Self.addressKey(reservation.address))
            if let account = reservation.account { failures.forget(Self.pairKey(account, reservation.address)) }
        }
    }

    /// Notes a failed attempt (one that took no reservation).
    public func recordFailure(account: String?, address: String, now: Double = Date().timeIntervalSince1970) {
        lock.withLock { record(account: account, address: address, now: now) }
    }

    /// Forgets the failures of `account` from `address` after it signed in from there.
    public func recordSuccess(account: String, address: String) {
        lock.withLock { failures.forget(Self.pairKey(account, address)) }
    }

    // Callers hold `lock`.
    private func wait(account: String?, address: String, now: Double) -> Int? {
        let waits = keys(account: account, address: address).compactMap { failures.wait($0, limit: $1, now: now) }
        return waits.max().map(Self.seconds)
    }

    private func record(account: String?, address: String, now: Double) {
        for (key, limit) in keys(account: account, address: address) { failures.record(key, limit: limit, now: now) }
    }

    /// A wait as `Retry-After` says it: whole seconds, at least one.
    private static func seconds(_ wait: Double) -> Int { max(1, Int(wait.rounded(.up))) }

    private func keys(account: String?, address: String) -> [(String, Int)] {
        var keys = [(Self.addressKey(address), limits.perAddress)]
        if let account { keys.append((Self.pairKey(account, address), limits.perAccount)) }
        return keys
    }

    /// An IPv6 client is counted by its /64 (``ClientAddress``): it may send from any address in it.
    private static func addressKey(_ address: String) -> String { "address:" + ClientAddress.limitKey(address) }

    /// NUL cannot be in an address, so no account name can make two pairs one key.
    private static func pairKey(_ account: String, _ address: String) -> String {
        "pair:" + ClientAddress.limitKey(address) + "\u{0}" + account
    }
}

/// The times of recent events per key within a window, at most a limit of them per key, for ``SignInThrottle``.
private struct RecentTimes {
    let window: Double
    private var times: [String: [Double]] = [:]
    /// Keys kept at most; the oldest are dropped beyond it, so a flood of addresses cannot exhaust memory.
    private let maxKeys = 100_000

    init(window: Double) { self.window = window }

    /// Seconds until `key` has fewer than `limit` times in the window, or `nil` when it has already.
    func wait(_ key: String, limit: Int, now: Double) -> Double? {
        let recent = (times[key] ?? []).filter { $0 > now - window }
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        let wait = oldest + window - now
        return wait > 0 ? wait : nil
    }

    /// Notes a time of `key`, keeping its last `limit` in the window.
    mutating func record(_ key: String, limit: Int, now: Double) {
        if times.count >= maxKeys {
            times = times.filter { $0.value.last.map { $0 > now - window } ?? false }
            if times.count >= maxKeys { times.removeAll() }
        }
        var recent = (times[key] ?? []).filter { $0 > now - window }
        recent.append(now)
        times[key] = Array(recent.suffix(limit))
    }

    /// Takes back one noted `time` of `key`.
    mutating func remove(_ time: Double, from key: String) {
        if var kept = times[key], let index = kept.lastIndex(of: time) {
            kept.remove(at: index)
            times[key] = kept
        }
    }

    mutating func forget(_ key: String) { times[key] = nil }
}
