import Foundation

/// Text a person cannot tell apart gets one key: compatibility forms folded (NFKC: full-width `ＬOOK` is
/// `LOOK`), case folded (`look` is `LOOK`), and Greek and Cyrillic letters drawn like Latin ones read as those
/// (Cyrillic `О` is Latin `O`; the skeleton idea of Unicode TS #39, for the letters that matter here).
public enum LookAlike {
    /// The key under which `text` and its look-alikes meet.
    public static func key(_ text: String) -> String {
        if let ascii = asciiKey(text) { return String(decoding: ascii, as: UTF8.self) }
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased().precomposedStringWithCompatibilityMapping
        var result = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars { result.append(latinLookAlikes[scalar] ?? scalar) }
        return String(result)
    }

    /// The UTF-8 bytes of ``key(_:)``.
    static func keyBytes(_ text: String) -> [UInt8] {
        asciiKey(text) ?? Array(key(text).utf8)
    }

    /// ASCII needs neither compatibility folding nor the look-alike table: lower case is its key.
    private static func asciiKey(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return [UInt8](unsafeUninitializedCapacity: bytes.count) { key, count in
                for i in 0..<bytes.count { key[i] = (0x41...0x5A).contains(bytes[i]) ? bytes[i] | 0x20 : bytes[i] }
                count = bytes.count
            }
        }
    }

    /// Lower-case Cyrillic and Greek letters whose upper or lower case is drawn as a Latin letter.
    static let latinLookAlikes: [Unicode.Scalar: Unicode.Scalar] = [
        // Cyrillic
        "а": "a", "в": "b", "е": "e", "һ": "h", "н": "h", "і": "i", "ј": "j", "к": "k", "м": "m", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "ү": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
        // Greek
        "α": "a", "β": "b", "ε": "e", "ζ": "z", "η": "h", "ι": "i", "κ": "k", "μ": "m", "ν": "n", "ο": "o", "ρ": "p",
        "τ": "t", "υ": "y", "χ": "x", "ϲ": "c", "ϳ": "j", "ς": "σ",
    ]
}
