import Foundation

/// The key by which the limits per client address count a client (``SignInThrottle``, the server's connection
/// caps): an IPv4 address as it is, an IPv6 address by its /64 — every IPv6 host is routed at least a /64 and may send
/// from any address in it — and an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) as its IPv4 address.
public enum ClientAddress {
    /// `address`'s key: `192.0.2.1`, `2001:db8:1:2::/64`; text that is no IP address is its own key.
    public static func limitKey(_ address: String) -> String {
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return address }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }
}
