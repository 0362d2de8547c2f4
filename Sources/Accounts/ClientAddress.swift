import Foundation

/// The key by which the limits per client address count a client (``SignInThrottle``, the server's connection
/// caps): an IPv4 address as it is, an IPv6 address by its /64 — every IPv6 host is routed at least a /64 and may send
/// from any address in it — and an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) as its IPv4 address.
public enum ClientAddress {
    /// `address`'s key: `192.0.2.1`, `2001:db8:1:2::/64`; text that is no IP address is its own key.
    public static func limitKey(_ address: String) -> String {
        guard let v6 = ipv6Bytes(address) else { return address }
        if let v4 = mappedIPv4(v6) { return v4 }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(v6[$0]) << 8 | UInt16(v6[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }

    /// Whether `a` and `b` name one address however written: `::ffff:127.0.0.1` (how a dual-stack listener sees an
    /// IPv4 client) is `127.0.0.1`, and IPv6 compares by its bytes (red team 7:
    /// trusted-proxy-ipv4-unrecognised-on-dual-stack — the trusted proxy was not recognised, so every client
    /// counted as the proxy's address).
    public static func same(_ a: String, _ b: String) -> Bool { a == b || canonical(a) == canonical(b) }

    /// One spelling per address: IPv4 dotted, an IPv4-mapped address as its IPv4 address, IPv6 as 16 bytes in hex;
    /// text that is no address as it is.
    static func canonical(_ address: String) -> String {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 { return withUnsafeBytes(of: &v4) { $0.map(String.init).joined(separator: ".") } }
        guard let v6 = ipv6Bytes(address) else { return address }
        return mappedIPv4(v6) ?? v6.map { String(format: "%02x", $0) }.joined()
    }

    /// The 16 bytes of an IPv6 address in text, or `nil`.
    private static func ipv6Bytes(_ address: String) -> [UInt8]? {
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return nil }
        return withUnsafeBytes(of: &v6) { Array($0) }
    }

    /// The dotted IPv4 address of an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`), or `nil`.
    private static func mappedIPv4(_ v6: [UInt8]) -> String? {
        guard v6[0..<10].allSatisfy({ $0 == 0 }) && v6[10] == 0xff && v6[11] == 0xff else { return nil }
        return v6[12...].map(String.init).joined(separator: ".")
    }

    /// The address in a proxy's `X-Forwarded-For` entry: `192.0.2.1` or `2001:db8::1`, also as some proxies write it
    /// with the client's port (`192.0.2.1:51234`, `[2001:db8::1]:51234`, `[2001:db8::1]`); `nil` for anything else.
    /// A port changes with every connection, so kept it made every attempt a new client (red team 6:
    /// xff-address-spellings-escape-throttle).
    public static func forwarded(_ entry: some StringProtocol) -> String? {
        var text = entry.trimmingCharacters(in: .whitespaces)
        func isPort(_ digits: Substring) -> Bool { !digits.isEmpty && digits.count <= 5 && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber) }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || (rest.first == ":" && isPort(rest.dropFirst())) else { return nil }
            text = String(text[text.index(after: text.startIndex)..<close])
        } else if text.filter({ $0 == ":" }).count == 1 {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard isPort(parts[1]) else { return nil }
            text = String(parts[0])
        }
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1 ? text : nil
    }
}
