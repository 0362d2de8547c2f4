/// What text may hold, and how text is shown so that it cannot act on a terminal: the one place for both.
///
/// A terminal obeys control characters (ESC starts a command that can move the cursor and rewrite earlier
/// lines) and bidirectional controls reorder what follows them. Text shown to people has these spelled out
/// as visible escapes (`\u{1B}`); identifiers may not hold them at all.
public enum VisibleText {
    /// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and the marks
    /// U+061C, U+200E, U+200F.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x061C, 0x200E, 0x200F: true
        default: false
        }
    }

    /// C0 controls, DEL and C1 controls (Unicode Cc).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// What free text may not hold: controls other than line break and tab, and bidirectional controls.
    public static func isForbiddenInText(_ scalar: Unicode.Scalar) -> Bool {
        (isControl(scalar) && scalar != "\n" && scalar != "\t") || isBidiControl(scalar)
    }

    /// What an identifier (stream, actor, idempotency key) may not hold: any control, any invisible format
    /// character (zero-width space and joiners, soft hyphen, BOM, bidirectional controls), line and paragraph
    /// separators, and every other character Unicode says a renderer may draw as nothing (Default_Ignorable_Code_Point:
    /// the Hangul fillers U+3164 and U+FFA0, variation selectors, the combining grapheme joiner, tags …).
    /// Nor characters with no agreed drawing (red team 8: blank-actor-and-key): noncharacters (U+FFFF …),
    /// unassigned code points, private use, and the symbols drawn as nothing: U+2800 BRAILLE PATTERN BLANK and
    /// U+1D159 MUSICAL SYMBOL NULL NOTEHEAD (red team 9: blank-actor-null-notehead).
    public static func isForbiddenInIdentifier(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return isControl(scalar) }
        if isControl(scalar) || scalar.properties.isDefaultIgnorableCodePoint || scalar.properties.isNoncharacterCodePoint
            || scalar.value == 0x2800 || scalar.value == 0x1D159
        {
            return true
        }
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// Why an identifier shows nothing a reader could tell by, or `nil`: only spaces, or a first character that is
    /// a combining mark with nothing to sit on (red team 8: an actor of one space or a lone U+0301 printed as an
    /// empty column).
    public static func blankness(of text: String) -> String? {
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { return "it holds only spaces" }
        if let first = text.unicodeScalars.first {
            switch first.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                return "it starts with a combining mark (\(describe(first, at: 0))) that has nothing to sit on"
            default: break
            }
        }
        return nil
    }

    /// The Hangul fillers: letters (category Lo) that draw nothing. U+3164 and U+FFA0 exist only to carry the
    /// filler of the old Korean standard KS X 1001 through Unicode; U+115F and U+1160 stand in for a missing
    /// consonant or vowel inside a syllable written as conjoining jamo.
    public static func isHangulFiller(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x115F, 0x1160, 0x3164, 0xFFA0: true
        default: false
        }
    }

    /// The first character of free text that is drawn as nothing although it is a letter, as
    /// `U+3164 HANGUL FILLER at character 5`, or `nil`: a character made only of Hangul fillers. Such a
    /// character can only hide a difference between two texts that print alike. Korean text does not need one:
    /// modern Korean is written in precomposed syllables, and U+3164/U+FFA0 are legacy fillers Unicode keeps for
    /// round trips only; a filler inside an old-Hangul syllable of conjoining jamo (U+115F with a vowel) is part of
    /// a visible character and passes.
    public static func describeInvisibleLetter(in text: String) -> String? {
        // U+115F/U+1160 are E1 85 9F/A0, U+3164 is E3 85 A4, U+FFA0 is EF BE A0: most text has none of these.
        guard text.utf8.contains(where: { $0 == 0xE1 || $0 == 0xE3 || $0 == 0xEF }),
            text.unicodeScalars.contains(where: isHangulFiller)
        else { return nil }
        var offset = 0
        for character in text {
            if character.unicodeScalars.allSatisfy(isHangulFiller), let scalar = character.unicodeScalars.first {
                return describe(scalar, at: offset)
            }
            offset += character.unicodeScalars.count
        }
        return nil
    }

    /// The first scalar of `text` that `forbidden` refuses, as `U+001B at character 5`, or `nil`.
    public static func describeFirst(in text: String, where forbidden: (Unicode.Scalar) -> Bool) -> String? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where forbidden(scalar) {
            return "U+" + hex(scalar.value, minimumDigits: 4) + " at character \(offset + 1)"
        }
        return nil
    }

    /// `U+3164 HANGUL FILLER at character 5` for `scalar` at scalar offset `offset` (counted from 0): the name
    /// says what an invisible or look-alike character is; controls have none.
    public static func describe(_ scalar: Unicode.Scalar, at offset: Int) -> String {
        let name = scalar.properties.name.map { " " + $0 } ?? ""
        return "U+" + hex(scalar.value, minimumDigits: 4) + name + " at character \(offset + 1)"
    }

    /// How escapes are written: Swift's `\u{1B}` for people, or JSON's `\u001b` (valid inside a JSON string).
    public enum Notation: Sendable {
        case swift, json
    }

    /// `text` with every scalar that could act on a terminal written as a visible escape: controls (except
    /// line break and tab when `keepingLineBreaks`), bidirectional controls, line and paragraph separators, and
    /// whatever `also` names (a message about an invisible character shows it). Escaping twice changes nothing more.
    public static func escaped(
        _ text: String, keepingLineBreaks: Bool = false, notation: Notation = .swift,
        also: ((Unicode.Scalar) -> Bool)? = nil
    ) -> String {
        func escapes(_ scalar: Unicode.Scalar) -> Bool {
            needsEscape(scalar, keepingLineBreaks: keepingLineBreaks) || (also?(scalar) ?? false)
        }
        // Only these lead bytes can start a scalar that needs escaping (C1 is C2 80–9F; U+061C is D8 9C; the
        // other bidirectional controls and U+2028/9 are E2 80/81 …): most text is returned as it is.
        var text = text
        let clean = text.withUTF8 { bytes in
            !bytes.contains { byte in
                (byte < 0x20 && !(keepingLineBreaks && (byte == 0x0A || byte == 0x09)))
                    || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2
            }
        }
        if (clean && also == nil) || !text.unicodeScalars.contains(where: escapes) { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !escapes(scalar) {
                result.append(scalar)
                continue
            }
            let escape: String
            switch notation {
            case .swift:
                escape = "\\u{" + hex(scalar.value, minimumDigits: 1) + "}"
            case .json:
                escape = String(scalar).utf16.map { "\\u" + hex(UInt32($0), minimumDigits: 4).lowercased() }.joined()
            }
            result.append(contentsOf: escape.unicodeScalars)
        }
        return String(result)
    }

    static func needsEscape(_ scalar: Unicode.Scalar, keepingLineBreaks: Bool) -> Bool {
        if keepingLineBreaks && (scalar == "\n" || scalar == "\t") { return false }
        if isControl(scalar) || isBidiControl(scalar) { return true }
        return scalar.value == 0x2028 || scalar.value == 0x2029
    }

    static func hex(_ value: UInt32, minimumDigits: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, minimumDigits - digits.count)) + digits
    }
}
