import Foundation

/// Text a person cannot tell apart gets one key: compatibility forms folded (NFKC: full-width `ＬOOK` is
/// `LOOK`), case folded (`look` is `LOOK`), and letters of other alphabets drawn like Latin ones read as those
/// (Cyrillic `О` is Latin `O`; the skeleton idea of Unicode TS #39, for the letters that matter here).
public enum LookAlike {
    /// Which letters are read as Latin ones. A store's look-alike index records the table its keys were made with,
    /// and is built again with the current one by the next append (``StreamKeys``).
    public enum Table: Sendable {
        /// Greek and Cyrillic letters that look like Latin ones, read after folding (the first release).
        case first
        /// ``first``, and before folding the letters of Unicode's confusables (UTS #39) of Lisu, Cherokee,
        /// Armenian, Coptic, Tifinagh, Canadian syllabics, runes, Old Italic and Latin extensions drawn as one Latin
        /// letter, and the Greek and Cyrillic ones the first table missed (red team 8: lisu-cherokee-lookalike-ids,
        /// greek-cyrillic-lookalike-gaps). Before folding, because NFKC makes `Ϲ` a `Σ`, and lower case would make
        /// `Γ` a `γ` (drawn as `y`, which `Γ` is not): each letter is read in the case it is drawn in.
        case wider
        /// ``wider``, and then, after folding, the same letters once more in lower case: a letter whose other case
        /// is drawn as a Latin letter is read as that letter too (red team 9: lookalike-case-nonlatin — `ГОРОД` and
        /// `город` made two keys, since `г` is drawn as `r` and `Г` as nothing Latin). Ids differ neither by case nor
        /// by look-alike letters, so they do not by the two together: `ΓES` is one id with `γes`, and so with `yes`.
        case widerBothCases

        public static let current = Table.widerBothCases
    }

    /// The key under which `text` and its look-alikes meet.
    public static func key(_ text: String, table: Table = .current) -> String {
        if let ascii = asciiKey(text) { return String(decoding: ascii, as: UTF8.self) }
        func read(_ text: String, _ letters: [Unicode.Scalar: Unicode.Scalar]) -> String {
            var result = String.UnicodeScalarView()
            for scalar in text.unicodeScalars { result.append(letters[scalar] ?? scalar) }
            return String(result)
        }
        let source = table == .first ? text : read(text, widerLookAlikes)
        let folded = source.precomposedStringWithCompatibilityMapping.lowercased().precomposedStringWithCompatibilityMapping
        return read(table == .widerBothCases ? read(folded, widerLookAlikes) : folded, latinLookAlikes)
    }

    /// The UTF-8 bytes of ``key(_:table:)``.
    static func keyBytes(_ text: String, table: Table = .current) -> [UInt8] {
        asciiKey(text) ?? Array(key(text, table: table).utf8)
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

    /// For each Latin letter, the letters of other alphabets drawn as it, in the case they are drawn in (from
    /// Unicode's confusables.txt, UTS #39: the entries whose prototype is that one letter); Cherokee letters in both
    /// cases (its small letters are drawn as small capitals of the same shape).
    static let widerLookAlikes: [Unicode.Scalar: Unicode.Scalar] = {
        let drawnAs: [Unicode.Scalar: String] = [
            "a": "ɑꭺᗅꓮ𐊠",
            "b": "ƄЬᏏᖯᏴᗷꓐ𐊂𐊡𐌁Ꞵ",
            "c": "ϲⲥ𐐽ᴄϹⲤᏟꓚ𐊢𐌂𐐕𐔜ꮯ",
            "d": "ᏧᑯꓒᎠᗞᗪꓓ",
            "e": "ꬲҽⴹᎬꓰ𐊆",
            "f": "ꬵꞙſẝքꞘϜϝᖴꓝ𐊇𐊥𐔥",
            "g": "ɡᶃƍցԌᏀᏳꓖ",
            "h": "հᏂⲎᎻᕼꓧ𐋏",
            "i": "ıɩꙇᎥӀꓲⲒᛁ",
            "j": "ȷյͿᎫᒍꓙꞲ",
            "k": "ĸϰⲕⲔᏦᛕꓗ𐔘",
            "l": "ƖǀӏⳐᏞᒪꓡ𐐛𐔦",
            "m": "ϺⲘᎷᗰᛖꓟ𐊰𐌑",
            "n": "ոռⲚꓠ𐔓",
            "o": "σⲟⲞօჿՕⵔꓳ𐊒𐊫𐐄𐔖𐐬𐌏",
            "p": "ⲣⲢᏢᑭꓑ𐊕",
            "q": "գզⵕ",
            "r": "ⲅгƦᎡᏒᖇꓣ",
            "s": "ƽՏᏕᏚꓢ𐊖𐐠",
            "t": "ⲦᎢꓔ𐊗𐊱𐌕",
            "u": "ꞟʋսՍᑌꓴ",
            "v": "ѵѴⴸᏙᐯꓦ",
            "w": "ᎳᏔꓪ",
            "x": "ⲭⵝᚷꓫ𐊐𐊴𐌗𐔧ꞳⲬ",
            "y": "ɣγყⲨᎩᎽꓬ𐊲",
            "z": "Ꮓꓜ",
        ]
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (latin, letters) in drawnAs {
            for letter in letters.unicodeScalars {
                let cherokee = (0x13A0...0x13FF).contains(letter.value) || (0xAB70...0xABBF).contains(letter.value)
                let forms = [String(letter), String(letter).lowercased(), String(letter).uppercased()]
                for form in cherokee ? forms : [String(letter)] {
                    guard form.unicodeScalars.count == 1, let scalar = form.unicodeScalars.first, !scalar.isASCII else { continue }
                    table[scalar] = latin
                }
            }
        }
        return table
    }()

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
