import Foundation

/// Tokens issued by signing in (`POST login`) are limited per account: each is a `TokenIssued` event in the
/// append-only log, so without a limit any account — a reader, who may not append — could grow the log for good by
/// signing in in a loop. At most ``perWindow`` in ``window`` seconds; a place is taken only after the password was
/// right, so nobody else can use up an account's places. Kept in memory, like ``SignInThrottle``.
public final class LoginTokenLimit: @unchecked Sendable {
    // @unchecked: `issued` is only touched under `lock`.
    public let perWindow: Int
    public let window: Double
    private let lock = NSLock()
    private var issued: [String: [Double]] = [:]

    /// The account has had its tokens for now: wait this many seconds.
    public struct Refusal: Error, Sendable, Equatable {
        public let retryAfter: Int
    }

    public init(perWindow: Int = 10, window: Double = 3600) {
        self.perWindow = max(1, perWindow)
        self.window = window
    }

    /// Takes one of `account`'s places, to be given back with ``giveBack(account:time:)`` when no token was issued.
    /// - Returns: the place's time.
    /// - Throws: ``Refusal`` when the account has had ``perWindow`` tokens within ``window`` seconds.
    public func take(account: String, now: Double = Date().timeIntervalSince1970) throws -> Double {
        try lock.withLock {
            var recent = (issued[account] ?? []).filter { $0 > now - window }
            if recent.count >= perWindow, let oldest = recent.first {
                issued[account] = recent
                throw Refusal(retryAfter: max(1, Int((oldest + window - now).rounded(.up))))
            }
            recent.append(now)
            issued[account] = recent
            return now
        }
    }

    /// The place taken at `time` issued no token.
    public func giveBack(account: String, time: Double) {
        lock.withLock {
            guard var times = issued[account], let index = times.lastIndex(of: time) else { return }
            times.remove(at: index)
            issued[account] = times.isEmpty ? nil : times
        }
    }
}
