import Foundation

/// Requests that read the whole store in one job on the reader threads (verify, the projections' exports, reports)
/// may be in flight at most ``perAccount`` at a time per account: beyond that they are refused at once (429 with
/// Retry-After), so one account cannot take every reader thread and hold up everyone else's reads and sign-ins. The
/// log's streams are not counted: each of their chunks is a short job, queued behind everyone else's.
public final class HeavyRequestGate: @unchecked Sendable {
    // @unchecked: `inFlight` is only touched under `lock`.
    public let perAccount: Int
    /// Seconds a refused client is told to wait.
    public let retryAfter: Int
    private let lock = NSLock()
    private var inFlight: [String: Int] = [:]

    public init(perAccount: Int = 2, retryAfter: Int = 5) {
        self.perAccount = max(1, perAccount)
        self.retryAfter = retryAfter
    }

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
    /// - Throws: ``Problem`` 429 `too-many-heavy-requests` when the account has ``perAccount`` in flight.
    public func enter(account: String) throws -> Slot {
        try lock.withLock {
            let count = inFlight[account, default: 0]
            guard count < perAccount else {
                throw Problem(.tooManyRequests, "too-many-heavy-requests", title: "Too many large requests at once",
                              detail: "This account already has \(count) requests in flight that read the whole store "
                                  + "(verify, exports, reports); send this one when one of them has finished.",
                              retryAfter: retryAfter)
            }
            inFlight[account] = count + 1
            return Slot(gate: self, account: account)
        }
    }

    /// Requests of `account` in flight now.
    public func count(of account: String) -> Int { lock.withLock { inFlight[account, default: 0] } }

    fileprivate func give(back slot: Slot, account: String) {
        lock.withLock {
            guard !slot.released else { return }
            slot.released = true
            let count = inFlight[account, default: 1] - 1
            inFlight[account] = count > 0 ? count : nil
        }
    }
}
