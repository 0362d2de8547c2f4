/// A strict RFC 8259 parser for the subset of ``JSONValue``: refuses fractions and exponents, integers
/// beyond ±(2^53 − 1), duplicate keys, invalid UTF-8, lone surrogates and nesting deeper than 64.
public struct JSONParser {
    /// How deep arrays and objects may nest.
    public static let maxDepth = 64

    /// Parses `bytes` as exactly one JSON value (surrounding whitespace and a UTF-8 byte order mark allowed).
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        let array = Array(bytes)
        let result = array.withUnsafeBytes { buffer in Result { () throws(JSONSyntaxError) in try parse(buffer) } }
        return try result.get()
    }

    /// Parses the bytes of `buffer` as exactly one JSON value.
    public static func parse(_ buffer: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue {
        var reader = Reader(bytes: buffer)
        reader.skipByteOrderMark()
        reader.skipWhitespace()
        guard reader.index < buffer.count else { throw reader.error("empty input: expected a JSON value") }
        let value = try reader.parseValue(depth: 0)
        reader.skipWhitespace()
        guard reader.index == buffer.count else {
            throw reader.error("unexpected \(reader.describeCurrent()) after the JSON value")
        }
        return value
    }

    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        func error(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
            let at = min(offset ?? index, bytes.count)
            var line = 1
            var column = 1
            for i in 0..<at {
                if bytes[i] == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if bytes[i] & 0xC0 != 0x80 {
                    column += 1
                }
            }
            return JSONSyntaxError(reason: reason, offset: at, line: line, column: column)
        }

        func describeCurrent() -> String {
            guard index < bytes.count else { return "end of input" }
            let byte = bytes[index]
            if byte >= 0x20 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
            return "byte 0x\(String(byte, radix: 16, uppercase: true))"
        }

        mutating func skipByteOrderMark() {
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard index < bytes.count else { throw error("unexpected end of input: expected a value") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try expectLiteral("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try parseInteger())
            default: throw error("unexpected \(describeCurrent()): expected a value")
            }
        }

        mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
            let start = index
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw error("invalid literal", at: start) }
            for i in 0..<count where bytes[index + i] != literal.utf8Start[i] {
                throw error("invalid literal: expected \(literal)", at: start)
            }
            index += count
        }

        mutating func parseInteger() throws(JSONSyntaxError) -> Int64 {
            let start = index
            var negative = false
            if bytes[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            guard index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else {
                throw error("invalid number: a digit must follow '-'", at: start)
            }
            if bytes[index] == UInt8(ascii: "0"), index + 1 < bytes.count,
                bytes[index + 1] >= UInt8(ascii: "0"), bytes[index + 1] <= UInt8(ascii: "9")
            {
                throw error("invalid number: leading zeros are not allowed", at: start)
            }
            var magnitude: Int64 = 0
            var overflow = false
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                if !overflow {
                    magnitude = magnitude * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                    if magnitude > JSONValue.maxSafeInteger { overflow = true }
                }
                index += 1
            }
            if index < bytes.count,
                bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")
            {
                var end = index
                while end < bytes.count, !(Reader.isDelimiter(bytes[end])) { end += 1 }
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                throw error("\(text) is not a whole number: only integers are stored (write counts, not rates)",
                            at: start)
            }
            if overflow {
                throw error("integer out of range: at most \(JSONValue.maxSafeInteger) in magnitude", at: start)
            }
            return negative ? -magnitude : magnitude
        }

        static func isDelimiter(_ byte: UInt8) -> Bool {
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"): true
            default: false
            }
        }

        mutating func parseString() throws(JSONSyntaxError) -> String {
            let start = index
            index += 1
            let contentStart = index
            // Fast path: no escapes, the bytes are the string (ASCII needs no validation: perf, most keys and ids).
            var high: UInt8 = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let slice = UnsafeRawBufferPointer(rebasing: bytes[contentStart..<index])
                    if high & 0x80 == 0 {
                        index += 1
                        return String(decoding: slice, as: UTF8.self)
                    }
                    guard let text = String(validating: slice, as: UTF8.self) else {
                        throw error("invalid UTF-8 in string", at: start)
                    }
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw error("control character in string: escape it as \\u00XX") }
                high |= byte
                index += 1
            }
            guard index < bytes.count else { throw error("unterminated string", at: start) }
            var buffer = Array(UnsafeRawBufferPointer(rebasing: bytes[contentStart..<index]))
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    guard let text = String(validating: buffer, as: UTF8.self) else {
                        throw error("invalid UTF-8 in string", at: start)
                    }
                    return text
                }
                if byte < 0x20 { throw error("control character in string: escape it as \\u00XX") }
                if byte != UInt8(ascii: "\\") {
                    buffer.append(byte)
                    index += 1
                    continue
                }
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    buffer.append(contentsOf: String(Character(scalar)).utf8)
                default: throw error("invalid escape sequence in string", at: index - 2)
                }
            }
            throw error("unterminated string", at: start)
        }

        mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw error("invalid hex digit in \\u escape")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
            let start = index - 2
            let first = try parseHex4()
            if (0xDC00...0xDFFF).contains(first) { throw error("lone low surrogate in \\u escape", at: start) }
            if (0xD800...0xDBFF).contains(first) {
                guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw error("lone high surrogate in \\u escape", at: start) }
                index += 2
                let second = try parseHex4()
                guard (0xDC00...0xDFFF).contains(second) else {
                    throw error("high surrogate not followed by a low surrogate", at: start)
                }
                let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                guard let scalar = Unicode.Scalar(combined) else { throw error("invalid \\u escape", at: start) }
                return scalar
            }
            guard let scalar = Unicode.Scalar(first) else { throw error("invalid \\u escape", at: start) }
            return scalar
        }

        mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard depth <= JSONParser.maxDepth else { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try parseValue(depth: depth))
                skipWhitespace()
                guard index < bytes.count else { throw error("unterminated array: expected ',' or ']'") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(elements)
                }
                throw error("unexpected \(describeCurrent()) in array: expected ',' or ']'")
            }
        }

        mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard depth <= JSONParser.maxDepth else { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
            index += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw error("unexpected \(describeCurrent()) in object: expected a quoted key")
                }
                let keyStart = index
                let key = try parseString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw error("unexpected \(describeCurrent()) after key \"\(key)\": expected ':'")
                }
                index += 1
                skipWhitespace()
                let value = try parseValue(depth: depth)
                if members.updateValue(value, forKey: key) != nil {
                    throw error("duplicate key \"\(key)\"", at: keyStart)
                }
                skipWhitespace()
                guard index < bytes.count else { throw error("unterminated object: expected ',' or '}'") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(members)
                }
                throw error("unexpected \(describeCurrent()) in object: expected ',' or '}'")
            }
        }
    }
}
