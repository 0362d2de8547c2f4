/// Letters of phonetic notation and modifier letters, which are drawn like ordinary letters (`ʟ` U+029F is a small
/// capital L, `ᴀ` U+1D00 a small capital A, `ɑ` U+0251 the Latin alpha, `ǀ` U+01C0 a click drawn as `l`) but are
/// other characters: in an id they only make an id that looks like another.
///
/// Ids refuse them rather than fold them into ``LookAlike``'s keys: no table of foldings is ever complete (the
/// blocks hold hundreds of such letters), no id of internal control needs phonetic notation, and the keys of
/// the `streamkeys` index stay what existing stores hold. Chinese and Japanese modifier letters (`々`, `ー`) are
/// ordinary parts of words and pass.
enum PhoneticLetters {
    /// Whether `scalar` is a letter of IPA Extensions, Spacing Modifier Letters, Phonetic Extensions (and its
    /// Supplement), Latin Extended-C, -D, -E, -F or -G, a click letter (U+01C0–U+01C3), or any modifier letter
    /// (category Lm) outside Chinese, Japanese and Korean.
    static func contains(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x01C0 { return false }
        for range in blocks where range.contains(v) { return true }
        return scalar.properties.generalCategory == .modifierLetter && WritingSystem(scalar) != .cjk
    }

    static let blocks: [ClosedRange<UInt32>] = [
        0x01C0...0x01C3,  // click letters ǀ ǁ ǂ ǃ
        0x0250...0x02FF,  // IPA Extensions, Spacing Modifier Letters
        0x1D00...0x1DBF,  // Phonetic Extensions and Supplement: small capitals ᴀ ʙ ᴄ …, superscripts
        0x2C60...0x2C7F,  // Latin Extended-C
        0xA720...0xA7FF,  // Latin Extended-D: small capitals ꞯ ꟺ, medieval letters
        0xAB30...0xAB6F,  // Latin Extended-E
        0x10780...0x107BF,  // Latin Extended-F (modifier letters)
        0x1DF00...0x1DFFF,  // Latin Extended-G
    ]
}
