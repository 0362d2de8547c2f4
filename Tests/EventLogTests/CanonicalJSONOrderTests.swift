import Testing

@testable import EventLog

/// The encoder's fast paths (keys ordered by their first eight bytes, strings passed over eight bytes at a time)
/// against the rules written plainly: keys by UTF-16 code units, only `"`, `\` and control characters escaped.
@Suite struct CanonicalJSONOrderTests {
    /// The rules without shortcuts: what every fast path must equal.
    static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return plainString(text)
        case .object(let members):
            let keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            return "{" + keys.map { plainString($0) + ":" + plain(members[$0]!) }.joined(separator: ",") + "}"
        case .array(let elements): return "[" + elements.map(plain).joined(separator: ",") + "]"
        case .integer(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        }
    }

    static func plainString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{8}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{C}": out += "\\f"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20:
                out += "\\u00" + String(scalar.value >> 4, radix: 16) + String(scalar.value & 0xF, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Keys that agree in their first eight bytes or more, that are prefixes of each other (also with U+0000 after
    /// the prefix), and that hold characters at or above U+E000, where UTF-8 and UTF-16 order differ.
    static let keys = [
        "controlId", "controlIdentifier", "controlIdentifie", "controlI", "control", "controlId\u{0}", "a", "a\u{0}",
        "", "\u{E000}", "\u{FFFF}x", "😀", "😀a", "abcdefgh😀", "abcdefgh\u{E000}", "abcdefghi", "ö", "Z", "_", "~",
        "deviationId", "deviationIdX", "performedOn", "performanceId", "description",
    ]

    /// Strings with the characters that must be escaped at every place relative to an eight-byte word.
    static func text(_ rng: inout SplitMix) -> String {
        let pieces = ["a", "bcdefgh", "\"", "\\", "\n", "\u{1F}", "\u{0}", "å", "€", "😀", "\u{7F}", " ", "ijklmnopqrstu"]
        return (0..<rng.next(upTo: 12)).map { _ in pieces[rng.next(upTo: pieces.count)] }.joined()
    }

    static func value(_ rng: inout SplitMix, depth: Int) -> JSONValue {
        switch depth > 2 ? rng.next(upTo: 3) : rng.next(upTo: 5) {
        case 0: return .string(text(&rng))
        case 1: return .integer(Int64(rng.next(upTo: 2001)) - 1000)
        case 2: return rng.next(upTo: 2) == 0 ? .null : .bool(rng.next(upTo: 2) == 0)
        case 3: return .array((0..<rng.next(upTo: 4)).map { _ in value(&rng, depth: depth + 1) })
        default:
            // Up to 40 members: objects of more than 32 members take the encoder's other sort.
            var members: [String: JSONValue] = [:]
            let wanted = rng.next(upTo: 5) == 0 ? 33 + rng.next(upTo: 8) : rng.next(upTo: 12)
            while members.count < wanted {
                let key = rng.next(upTo: 3) == 0 ? text(&rng) : keys[rng.next(upTo: keys.count)]
                members[key] = value(&rng, depth: depth + 1)
            }
            return .object(members)
        }
    }

    @Test func randomValuesEncodeAsThePlainRulesSay() {
        var rng = SplitMix(seed: 11)
        for _ in 0..<3000 {
            let value = Self.value(&rng, depth: 0)
            let encoded = String(decoding: CanonicalJSON.encode(value), as: UTF8.self)
            #expect(encoded == Self.plain(value))
            if encoded != Self.plain(value) { return }
        }
    }

    @Test func everyKeyOfThePoolInOneObjectSortsByUTF16() {
        let members = Dictionary(uniqueKeysWithValues: Self.keys.map { ($0, JSONValue.integer(1)) })
        let encoded = String(decoding: CanonicalJSON.encode(.object(members)), as: UTF8.self)
        #expect(encoded == Self.plain(.object(members)))
    }
}

/// A small deterministic generator (SplitMix64), so a failure can be run again.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
