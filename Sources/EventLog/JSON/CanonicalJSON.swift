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
        case .object(let members): writeObject(members, to: &output)
        }
    }

    /// An object's members in RFC 8785 order, sorted in a stack buffer by their dictionary index and the first
    /// eight bytes of their key (perf: an array of the members and the generic sort on strings were half the time
    /// of encoding a payload). Keys equal in those bytes, or holding a character at or above U+E000, are
    /// compared whole by ``precedes(_:_:)``.
    static func writeObject(_ members: [String: JSONValue], to output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        withUnsafeTemporaryAllocation(of: MemberSlot.self, capacity: members.count) { slots in
            // Sorted by insertion as they are read: objects are small; a large one is sorted once at the end.
            let small = members.count <= 32
            var count = 0
            var index = members.startIndex
            while index != members.endIndex {
                slots.initializeElement(at: count, to: MemberSlot(index: index, key: members[index].key))
                var place = count
                while small, place > 0, slots[place].precedes(slots[place - 1], in: members) {
                    slots.swapAt(place, place - 1)
                    place -= 1
                }
                count += 1
                members.formIndex(after: &index)
            }
            var sorted = UnsafeMutableBufferPointer(rebasing: slots[..<count])
            if !small { sorted.sort { $0.precedes($1, in: members) } }
            defer { sorted.deinitialize() }
            for i in 0..<count {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                let member = members[sorted[i].index]
                writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(member.value, to: &output)
            }
        }
        output.append(UInt8(ascii: "}"))
    }

    /// A member of an object being written: where it is, and its key's first UTF-8 bytes as a big-endian number
    /// (zero-padded: a shorter key that is a prefix of a longer one gets the smaller number or an equal one).
    private struct MemberSlot {
        let index: Dictionary<String, JSONValue>.Index
        let prefix: UInt64
        /// Whether the key may not sort by its UTF-8 bytes (a byte 0xEE or above: see ``precedes(_:_:)``).
        let wide: Bool

        init(index: Dictionary<String, JSONValue>.Index, key: String) {
            self.index = index
            var prefix: UInt64 = 0
            var wide = false
            var key = key
            key.withUTF8 { bytes in
                for i in 0..<min(8, bytes.count) { prefix |= UInt64(bytes[i]) << (56 - 8 * UInt64(i)) }
                for byte in bytes where byte >= 0xEE { wide = true }
            }
            self.prefix = prefix
            self.wide = wide
        }

        func precedes(_ other: MemberSlot, in members: [String: JSONValue]) -> Bool {
            if !wide, !other.wide, prefix != other.prefix { return prefix < other.prefix }
            return CanonicalJSON.precedes(members[index].key, members[other.index].key)
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
        output.append(UInt8(ascii: "\""))
        if text.utf8.withContiguousStorageIfAvailable({ writeEscaped($0, to: &output) }) == nil {
            var text = text
            text.withUTF8 { writeEscaped($0, to: &output) }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The bytes of a string, escaped. Runs of eight bytes that need no escape are passed over a word at a time
    /// (perf: the byte loop was most of encoding a payload's free text).
    static func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var runStart = 0
        var i = 0
        while i < bytes.count {
            if i + 8 <= bytes.count {
                let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if !mayNeedEscape(word) {
                    i += 8
                    continue
                }
            }
            let byte = bytes[i]
            i += 1
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
            if runStart < i - 1 { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<(i - 1)])) }
            runStart = i
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
    }

    /// Whether any of the eight bytes of `word` may be below 0x20, `"` or `\\` (never false when one is; the
    /// bytes are then looked at one by one).
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let below20 = (word &- ones &* 0x20) & ~word & highs != 0
        return below20 || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C))
    }
}
