import Foundation

/// Requests that read the whole store in one job on the reader threads (verify, state, trend, diff, the projections'
/// exports, reports, the web pages that show them, and dry runs of appends) may be in flight at most ``perAccount`` at a time per account,
/// and at most ``total`` for all accounts together: beyond either they are refused at once (429 for the account,
/// 503 for the server, both with Retry-After), so no account, nor many at once, can take every reader thread and hold
/// up everyone else's short reads. The log's streams are not counted: each of their chunks is a short job, queued
/// behind everyone else's. Password checks run on a pool of their own (``BlockingPool``).
public final class HeavyRequestGate: @unchecked Sendable {
    // @unchecked: `inFlight` and `all` are only touched under `lock`.
    public let perAccount: Int
    /// Heavy requests in flight at most, all accounts together (the server: its reader threads less two).
    public let total: Int
    /// Seconds a refused client is told to wait.
    public let retryAfter: Int
    private let lock = NSLock()
    private var inFlight: [String: Int] = [:]
    private var all = 0

    public init(perAccount: Int = 2, total: Int = .max, retryAfter: Int = 5) {
        self.perAccount = max(1, perAccount)
        self.total = max(1, total)
        self.retryAfter = retryAfter
    }

    /// The gate for a server with `threads` reader threads: two are always left for the short reads.
    public static func total(forThreads threads: Int) -> Int { max(1, threads - 2) }

    /// A place taken by one request; given back by ``release()`` or, at the latest, when the slot is dropped (a
    /// streamed body that was never sent).
    public final class Slot: @unchecked Sendable {
        // @unchecked: `released` is only touched under the gate's lock.
        private let gate: HeavyRequestGate
        private let account: String
        fileprivate var released = false

        fileprivate init(gate: HeavyRequestGate, account: String) {
            self.gate = gate
            self.account = account
        }

        public func release() { gate.give(back: self, account: account) }

        deinit { gate.give(back: self, account: account) }
    }

    /// Takes a place for `account`.
    /// - Throws: ``Problem`` 429 `too-many-heavy-requests` when the account has ``perAccount`` in flight, 503
    ///   `server-busy` when all accounts together have ``total``.
    public func enter(account: String) throws -> Slot {
        try lock.withLock {
            let count = inFlight[account, default: 0]
            guard count < perAccount else {
                throw Problem(.tooManyRequests, "too-many-heavy-requests", title: "Too many large requests at once",
                              detail: "This account already has \(count) requests in flight that read the whole store "
                                  + "(verify, state, trend, diff, exports, reports, dry runs); send this one when one of them has finished.",
                              retryAfter: retryAfter)
            }
            guard all < total else {
                throw Problem(.serviceUnavailable, "server-busy", title: "The server is busy",
                              detail: "\(all) requests that read the whole store are in flight, as many as the server "
                                  + "runs at once; send this one again after Retry-After seconds.",
                              retryAfter: retryAfter)
            }
            inFlight[account] = count + 1
            all += 1
            return Slot(gate: self, account: account)
        }
    }

    /// Requests of `account` in flight now.
    public func count(of account: String) -> Int { lock.withLock { inFlight[account, default: 0] } }

    /// Requests of all accounts in flight now.
    public var countAll: Int { lock.withLock { all } }

    fileprivate func give(back slot: Slot, account: String) {
        lock.withLock {
            guard !slot.released else { return }
            slot.released = true
            let count = inFlight[account, default: 1] - 1
            inFlight[account] = count > 0 ? count : nil
            all -= 1
        }
    }
}
