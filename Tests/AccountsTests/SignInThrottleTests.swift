import Testing

@testable import Accounts

/// The limit on failed sign-ins: per (account, client address) and per address, within a window, in memory.
@Suite struct SignInThrottleTests {
    let throttle = SignInThrottle(limits: .init(perAccount: 5, perAddress: 20, window: 900))

    @Test func fiveFailuresFromOneAddressLockTheAccountThereUntilTheOldestLeavesTheWindow() {
        for i in 0..<4 { throttle.recordFailure(account: "mas", address: "10.0.0.1", now: 1000 + Double(i)) }
        #expect(throttle.retryAfter(account: "mas", address: "10.0.0.1", now: 1010) == nil)
        throttle.recordFailure(account: "mas", address: "10.0.0.1", now: 1004)
        // The wait is until the oldest failure (t = 1000) is 900 s old.
        #expect(throttle.retryAfter(account: "mas", address: "10.0.0.1", now: 1010) == 890)
        #expect(throttle.retryAfter(account: "anna", address: "10.0.0.1", now: 1010) == nil)
        #expect(throttle.retryAfter(account: "mas", address: "10.0.0.1", now: 1899.5) == 1)
        #expect(throttle.retryAfter(account: "mas", address: "10.0.0.1", now: 1900.5) == nil)
    }

    /// Red team 3 (signin-lockout-of-others): five wrong passwords for the owner's name from a stranger's address
    /// locked the owner out from her own address for 15 minutes, renewable forever. Failures count per (account,
    /// address) and per address, never per account alone.
    @Test func aGuesserElsewhereCannotLockTheAccountOut() throws {
        for i in 0..<5 { _ = try throttle.reserve(account: "anna", address: "127.0.0.66", now: 1000 + Double(i)) }
        #expect(throws: SignInThrottle.Refusal.self) { try throttle.reserve(account: "anna", address: "127.0.0.66", now: 1006) }
        let owners = try throttle.reserve(account: "anna", address: "127.0.0.7", now: 1007)
        throttle.succeeded(owners)
        // Many addresses, five guesses each: the owner still signs in from hers.
        for a in 0..<50 {
            for i in 0..<5 { _ = try? throttle.reserve(account: "anna", address: "198.51.100.\(a)", now: 1010 + Double(i)) }
        }
        #expect(throttle.retryAfter(account: "anna", address: "127.0.0.7", now: 1020) == nil)
    }

    /// Red team 5 (ipv6-address-limits-per-host): 40 guesses from 40 addresses of one /64 were all checked. An IPv6
    /// client counts by its /64, an IPv4-mapped address as its IPv4 address.
    @Test func anIPv6HostCountsByItsSlash64() throws {
        for i in 0..<5 { _ = try throttle.reserve(account: "anna", address: "2001:db8:1:0::\(i + 1)", now: 1000 + Double(i)) }
        #expect(throws: SignInThrottle.Refusal.self) {
            try throttle.reserve(account: "anna", address: "2001:db8:1:0:ffff:1234:5678:9abc", now: 1006)
        }
        #expect(throttle.retryAfter(account: "anna", address: "2001:db8:1:1::1", now: 1006) == nil, "another /64 is another client")
        for i in 0..<5 { throttle.recordFailure(account: "mas", address: "::ffff:192.0.2.9", now: 1000 + Double(i)) }
        #expect(throttle.retryAfter(account: "mas", address: "192.0.2.9", now: 1006) != nil)
        #expect(ClientAddress.limitKey("2001:DB8:1:0:a:b:c:d") == "2001:db8:1:0::/64")
        #expect(ClientAddress.limitKey("::ffff:10.1.2.3") == "10.1.2.3")
        #expect(ClientAddress.limitKey("10.1.2.3") == "10.1.2.3")
        #expect(ClientAddress.limitKey("unknown") == "unknown")
    }

    /// Red team 6 (xff-address-spellings-escape-throttle): a proxy writing `ip:port` made each connection a new
    /// client. The forwarded address is read without its port; what is no address is not used.
    @Test func aForwardedAddressIsReadWithoutItsPort() throws {
        #expect(ClientAddress.forwarded("198.51.100.4:51234") == "198.51.100.4")
        #expect(ClientAddress.forwarded(" 198.51.100.4 ") == "198.51.100.4")
        #expect(ClientAddress.forwarded("[2001:db8:3::1]:443") == "2001:db8:3::1")
        #expect(ClientAddress.forwarded("[2001:db8:3::1]") == "2001:db8:3::1")
        #expect(ClientAddress.forwarded("2001:db8:3::1") == "2001:db8:3::1")
        #expect(ClientAddress.forwarded("::ffff:10.1.2.3") == "::ffff:10.1.2.3")
        for refused in ["unknown", "198.51.100.4:", "198.51.100.4:x", "[2001:db8::1", "[2001:db8::1]x", "host:80", "", "1.2.3.4:123456"] {
            #expect(ClientAddress.forwarded(refused) == nil, "\(refused)")
        }
        for (i, port) in [51234, 51235, 51236, 51237, 51238].enumerated() {
            throttle.recordFailure(account: "vic", address: ClientAddress.forwarded("198.51.100.4:\(port)") ?? "", now: 1000 + Double(i))
        }
        #expect(throttle.retryAfter(account: "vic", address: "198.51.100.4", now: 1006) != nil)
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
        throttle.recordSuccess(account: "mas", address: "192.0.2.1")
        #expect(throttle.retryAfter(account: "mas", address: "192.0.2.2", now: 1010) == nil)
        // The address still has its 20 failures: a guesser cannot reset it by signing in to its own account.
        #expect(throttle.retryAfter(account: "mas", address: "192.0.2.1", now: 1010) != nil)
    }

    /// Red team (login-throttle-race): 40 guesses sent at once were all checked, because the limit was tested
    /// before bcrypt and the failure noted after it. A slot is now taken before the password is checked.
    @Test func attemptsUnderWayTakeTheirSlotsSoFortyAtOnceGetFive() throws {
        var reservations: [SignInThrottle.Reservation] = []
        var refusals: [Int] = []
        for i in 0..<40 {
            do {
                reservations.append(try throttle.reserve(account: "rdr", address: "127.0.0.1", now: 1000 + Double(i) / 100))
            } catch let refusal as SignInThrottle.Refusal {
                refusals.append(refusal.retryAfter)
            }
        }
        #expect(reservations.count == 5)
        #expect(refusals.count == 35 && refusals.allSatisfy { $0 > 0 })
        // The right password among the five: its slot comes back and the account may try again at once.
        throttle.succeeded(reservations[4])
        #expect(throttle.retryAfter(account: "rdr", address: "127.0.0.1", now: 1001) == nil)
        // The four wrong ones still count for the address.
        for i in 0..<16 { _ = try throttle.reserve(account: "x\(i)", address: "127.0.0.1", now: 1002) }
        #expect(throws: SignInThrottle.Refusal.self) { try throttle.reserve(account: "y", address: "127.0.0.1", now: 1003) }
    }

    /// Red team 6 (signin-flood-with-own-password): a reader signing in with its own right password on twelve
    /// connections kept both password threads busy, and everyone's sign-in was ten times slower. Every check counts
    /// now, right or wrong: fifteen a minute per (account, address), whether the account exists or not.
    @Test func rightPasswordsAreLimitedPerAccountAndAddressToo() throws {
        for i in 0..<15 {
            throttle.succeeded(try throttle.reserve(account: "att", address: "127.0.0.1", now: 1000 + Double(i)))
        }
        do {
            _ = try throttle.reserve(account: "att", address: "127.0.0.1", now: 1020)
            Issue.record("the sixteenth check within a minute was let through")
        } catch let refusal as SignInThrottle.Refusal {
            #expect(refusal == SignInThrottle.Refusal(retryAfter: 40, reason: .checks))
        }
        // Nobody else is held: another account from there, the same account from elsewhere, a name that does not
        // exist.
        throttle.succeeded(try throttle.reserve(account: "vic", address: "127.0.0.1", now: 1020))
        throttle.succeeded(try throttle.reserve(account: "att", address: "127.0.0.2", now: 1020))
        _ = try throttle.reserve(account: "nobody", address: "127.0.0.1", now: 1020)
        // A minute after the first check, the account may sign in there again.
        throttle.succeeded(try throttle.reserve(account: "att", address: "127.0.0.1", now: 1060.5))
    }

    /// Red team 7 (trusted-proxy-ipv4-unrecognised-on-dual-stack): on a dual-stack listener the proxy at 127.0.0.1
    /// connects as ::ffff:127.0.0.1, and was not recognised as the trusted proxy.
    @Test func anAddressIsTheSameHoweverWritten() {
        #expect(ClientAddress.same("::ffff:127.0.0.1", "127.0.0.1"))
        #expect(ClientAddress.same("2001:db8:0:0::1", "2001:DB8::1"))
        #expect(!ClientAddress.same("::ffff:127.0.0.2", "127.0.0.1"))
        #expect(!ClientAddress.same("127.0.0.1", "::1"))
        #expect(!ClientAddress.same("unknown", "127.0.0.1"))
    }
}
