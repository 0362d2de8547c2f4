import Testing

@testable import Accounts

/// The limit on failed sign-ins: per account and per client address, within a window, in memory.
@Suite struct SignInThrottleTests {
    let throttle = SignInThrottle(limits: .init(perAccount: 5, perAddress: 20, window: 900))

    @Test func fiveFailuresLockAnAccountFromEveryAddressUntilTheOldestLeavesTheWindow() {
        for i in 0..<4 { throttle.recordFailure(account: "mas", address: "10.0.0.\(i)", now: 1000 + Double(i)) }
        #expect(throttle.retryAfter(account: "mas", address: "10.0.0.9", now: 1010) == nil)
        throttle.recordFailure(account: "mas", address: "10.0.0.4", now: 1004)
        // Locked from any address; the wait is until the oldest failure (t = 1000) is 900 s old.
        #expect(throttle.retryAfter(account: "mas", address: "10.0.0.9", now: 1010) == 890)
        #expect(throttle.retryAfter(account: "anna", address: "10.0.0.9", now: 1010) == nil)
        #expect(throttle.retryAfter(account: "mas", address: "10.0.0.9", now: 1899.5) == 1)
        #expect(throttle.retryAfter(account: "mas", address: "10.0.0.9", now: 1900.5) == nil)
    }

    @Test func twentyFailuresFromOneAddressLockItForEveryAccountAndNoOtherAddress() {
        for i in 0..<19 { throttle.recordFailure(account: "guess\(i)", address: "192.0.2.1", now: 1000) }
        #expect(throttle.retryAfter(account: "anna", address: "192.0.2.1", now: 1001) == nil)
        throttle.recordFailure(account: nil, address: "192.0.2.1", now: 1000)
        #expect(throttle.retryAfter(account: "anna", address: "192.0.2.1", now: 1001) == 899)
        #expect(throttle.retryAfter(account: nil, address: "192.0.2.1", now: 1001) == 899)
        #expect(throttle.retryAfter(account: "anna", address: "192.0.2.2", now: 1001) == nil)
    }

    @Test func signingInClearsTheAccountsFailuresButNotThoseOfTheAddress() {
        for i in 0..<5 { throttle.recordFailure(account: "mas", address: "192.0.2.1", now: 1000 + Double(i)) }
        for i in 0..<15 { throttle.recordFailure(account: "x\(i)", address: "192.0.2.1", now: 1005) }
        throttle.recordSuccess(account: "mas")
        #expect(throttle.retryAfter(account: "mas", address: "192.0.2.2", now: 1010) == nil)
        // The address still has its 20 failures: a guesser cannot reset it by signing in to its own account.
        #expect(throttle.retryAfter(account: "mas", address: "192.0.2.1", now: 1010) != nil)
    }
}
