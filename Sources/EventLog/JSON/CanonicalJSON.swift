import Foundation

/// RFC 8785 (JCS) serialisation of a ``JSONValue``: no whitespace, object members sorted by the UTF-16
/// code units of their keys, strings with only the mandatory escapes, integers in plain decimal.
public enum CanonicalJSON {
    /// The canonical bytes of `value`.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, to: &output)
        return output
    }

    /// Appends the canonical bytes of `value` to `output`.
    public static func write(_ value: JSONValue, to output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): writeInteger(number, to: &output)
        case .string(let text): writeString(text, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                write(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            // Members sorted once, with their values: no lookup per key; a key's UTF-16 question asked once
            // (perf: sorting and re-looking-up keys was a third of encoding a payload).
            var sorted = members.map { SortedMember(key: $0.key, value: $0.value) }
            sorted.sort(by: SortedMember.precedes)
            for i in sorted.indices {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                writeString(sorted[i].key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(sorted[i].value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// An object member, with whether its key needs the UTF-16 comparison (see ``precedes(_:_:)``).
    private struct SortedMember {
        let key: String
        let value: JSONValue
        let needsUTF16: Bool

        init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
            needsUTF16 = key.utf8.contains { $0 >= 0xEE }
        }

        static func precedes(_ a: SortedMember, _ b: SortedMember) -> Bool {
            if a.needsUTF16 || b.needsUTF16 { return a.key.utf16.lexicographicallyPrecedes(b.key.utf16) }
            return a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
        }
    }

    /// Keys in RFC 8785 order: by UTF-16 code units, not by Unicode scalars or bytes.
    public static func sortedKeys(_ keys: some Sequence<String>) -> [String] {
        keys.sorted(by: precedes)
    }

    /// RFC 8785 key order. UTF-8 byte order equals UTF-16 order unless a key holds a character at or
    /// above U+E000 (UTF-8 lead byte 0xEE or higher), so only such keys pay for a UTF-16 comparison.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                if !x.contains(where: { $0 >= 0xEE }) && !y.contains(where: { $0 >= 0xEE }) {
                    let common = min(x.count, y.count)
                    let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                    return order != 0 ? order < 0 : x.count < y.count
                }
                return String(decoding: x, as: UTF8.self).utf16
                    .lexicographicallyPrecedes(String(decoding: y, as: UTF8.self).utf16)
            }
        }
    }

    static func writeInteger(_ number: Int64, to output: inout [UInt8]) {
        if number == 0 {
            output.append(UInt8(ascii: "0"))
            return
        }
        if number < 0 { output.append(UInt8(ascii: "-")) }
        var rest = number.magnitude
        var divisor: UInt64 = 1
        while divisor <= rest / 10 { divisor *= 10 }
        while divisor > 0 {
            output.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// Writes `text` quoted, escaping only `"`, `\\` and control characters, as RFC 8785 §3.2.2.2 requires.
    public static func writeString(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            output.append(UInt8(ascii: "\""))
            var runStart = 0
            for i in 0..<bytes.count {
                let byte = bytes[i]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                if runStart < i { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                runStart = i + 1
                switch byte {
                case 0x22: output.append(contentsOf: [0x5C, 0x22])
                case 0x5C: output.append(contentsOf: [0x5C, 0x5C])
                case 0x08: output.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0C: output.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                default:
                    output.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                               hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
                }
            }
            if runStart < bytes.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
            output.append(UInt8(ascii: "\""))
        }
    }
}
