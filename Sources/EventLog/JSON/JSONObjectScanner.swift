#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads members of a JSON object straight from its bytes, without building a ``JSONValue``: one pass finds
/// where each top-level member lies, and a field is decoded only when asked for. Made for the stored,
/// canonical bytes that projections fold over; malformed bytes give `nil`, never a crash.
public struct JSONObjectScanner {
    public let bytes: UnsafeRawBufferPointer
    private var keys: [Range<Int>] = []
    private var values: [Range<Int>] = []

    /// Scans the object in `bytes`; `nil` when they are not a JSON object.
    public init?(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        var i = Self.skipSpace(bytes, 0)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i = Self.skipSpace(bytes, i + 1)
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { return }
        keys.reserveCapacity(12)
        values.reserveCapacity(12)
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\""), let keyEnd = Self.skipString(bytes, i) else { return nil }
            keys.append((i + 1)..<(keyEnd - 1))
            i = Self.skipSpace(bytes, keyEnd)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i = Self.skipSpace(bytes, i + 1)
            guard let valueEnd = Self.skipValue(bytes, i) else { return nil }
            values.append(i..<valueEnd)
            i = Self.skipSpace(bytes, valueEnd)
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "}") { return }
            guard bytes[i] == UInt8(ascii: ",") else { return nil }
            i = Self.skipSpace(bytes, i + 1)
        }
        return nil
    }

    static func skipSpace(_ b: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var i = start
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        return i
    }

    /// The index after the closing quote of the string starting at `start`.
    static func skipString(_ b: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        guard let base = b.baseAddress else { return nil }
        var i = start + 1
        while i < b.count {
            // memchr finds the next quote fast; a quote preceded by an odd run of backslashes is escaped.
            guard let found = memchr(base + i, 0x22, b.count - i) else { return nil }
            let quote = base.distance(to: UnsafeRawPointer(found))
            var backslashes = 0
            while quote - 1 - backslashes > start, b[quote - 1 - backslashes] == 0x5C { backslashes += 1 }
            if backslashes % 2 == 0 { return quote + 1 }
            i = quote + 1
        }
        return nil
    }

    /// The index after the value starting at `start`.
    static func skipValue(_ b: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        guard start < b.count else { return nil }
        switch b[start] {
        case UInt8(ascii: "\""): return skipString(b, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var i = start
            while i < b.count {
                switch b[i] {
                case UInt8(ascii: "\""):
                    guard let end = skipString(b, i) else { return nil }
                    i = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default: break
                }
                i += 1
            }
            return nil
        default:
            var i = start
            while i < b.count, !JSONParser.Reader.isDelimiter(b[i]) { i += 1 }
            return i > start ? i : nil
        }
    }

    /// The bytes of the member `key`'s value, or `nil`.
    public func range(of key: StaticString) -> Range<Int>? {
        let count = key.utf8CodeUnitCount
        let pointer = key.utf8Start
        for (index, keyRange) in keys.enumerated() where keyRange.count == count {
            var equal = true
            for j in 0..<count where bytes[keyRange.lowerBound + j] != pointer[j] {
                equal = false
                break
            }
            if equal { return values[index] }
        }
        return nil
    }

    /// Whether the value of `key` is the string `expected`, compared without making a String.
    public func stringEquals(_ key: StaticString, _ expected: StaticString) -> Bool {
        guard let range = range(of: key), range.count == expected.utf8CodeUnitCount + 2 else { return false }
        for j in 0..<expected.utf8CodeUnitCount where bytes[range.lowerBound + 1 + j] != expected.utf8Start[j] {
            return false
        }
        return true
    }

    /// The raw bytes of the value of `key` (for a string, without its quotes and unescaped only when plain).
    public func string(_ key: StaticString) -> String? {
        guard let range = range(of: key) else { return nil }
        return Self.string(bytes, range)
    }

    static func string(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String? {
        guard range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\"") else { return nil }
        let inner = UnsafeRawBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)])
        if !inner.contains(UInt8(ascii: "\\")) { return String(decoding: inner, as: UTF8.self) }
        return (try? JSONParser.parse(UnsafeRawBufferPointer(rebasing: bytes[range])))?.stringValue
    }

    /// The integer value of `key`, or `nil`.
    public func integer(_ key: StaticString) -> Int64? {
        guard let range = range(of: key), !range.isEmpty else { return nil }
        var i = range.lowerBound
        var negative = false
        if bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        guard i < range.upperBound, range.upperBound - i <= 16 else { return nil }
        var value: Int64 = 0
        while i < range.upperBound {
            let digit = bytes[i]
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(digit - UInt8(ascii: "0"))
            i += 1
        }
        return negative ? -value : value
    }

    /// The `YYYY-MM-DD` date value of `key`, parsed from the bytes.
    public func date(_ key: StaticString) -> CalendarDate? {
        guard let range = range(of: key), range.count == 12 else { return nil }
        let b = bytes
        let s = range.lowerBound + 1
        func digits(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for i in from..<(from + count) {
                let c = b[i]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard b[s + 4] == UInt8(ascii: "-"), b[s + 7] == UInt8(ascii: "-"), let y = digits(s, 4),
            let m = digits(s + 5, 2), let d = digits(s + 8, 2)
        else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }

    /// The nested object at `key`, or `nil`.
    public func object(_ key: StaticString) -> JSONObjectScanner? {
        guard let range = range(of: key) else { return nil }
        return JSONObjectScanner(UnsafeRawBufferPointer(rebasing: bytes[range]))
    }

    /// The elements of the array at `key` as byte ranges within ``bytes``, or `nil`.
    public func arrayElements(_ key: StaticString) -> [Range<Int>]? {
        guard let range = range(of: key), bytes[range.lowerBound] == UInt8(ascii: "[") else { return nil }
        var elements: [Range<Int>] = []
        var i = Self.skipSpace(bytes, range.lowerBound + 1)
        if i < range.upperBound, bytes[i] == UInt8(ascii: "]") { return elements }
        while i < range.upperBound {
            guard let end = Self.skipValue(bytes, i) else { return nil }
            elements.append(i..<end)
            i = Self.skipSpace(bytes, end)
            guard i < range.upperBound else { return nil }
            if bytes[i] == UInt8(ascii: "]") { return elements }
            i = Self.skipSpace(bytes, i + 1)
        }
        return nil
    }

    /// The strings of the array at `key`.
    public func strings(_ key: StaticString) -> [String] {
        (arrayElements(key) ?? []).compactMap { Self.string(bytes, $0) }
    }

    /// The value of `key` parsed fully, for rare fields.
    public func value(_ key: StaticString) -> JSONValue? {
        guard let range = range(of: key) else { return nil }
        return try? JSONParser.parse(UnsafeRawBufferPointer(rebasing: bytes[range]))
    }
}
