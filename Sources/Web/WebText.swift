import Reports

/// The pages' words, Swedish and English (``words``; the event catalogue's own sv/en names are used for fields and
/// types).
enum WebText {
    static let sv = words.mapValues(\.sv)
    static let en = words.mapValues(\.en)

    static func table(_ language: Language) -> [String: String] { language == .sv ? sv : en }

    /// A catalogue choice (`annual`, `minor`, `in-progress`) as people read it in `language`.
    static func choice(_ word: String, _ language: Language) -> String {
        if language == .sv, let swedish = frequencies[word] { return swedish }
        if word == "minor" || word == "serious" { return language.label("severity." + word) }
        if word == "full" || word == "partial" { return language == .sv ? (word == "full" ? "helt" : "delvis") : word }
        return language.label(word)
    }

    /// A validator's rule in Swedish where its words are known (the rule itself otherwise: it stays exact).
    static func rule(_ rule: String, _ language: Language) -> String {
        guard language == .sv else { return rule }
        for (english, swedish) in rules where rule.hasPrefix(english) {
            return swedish + rule.dropFirst(english.count)
        }
        return rule
    }

    static let rules: [(String, String)] = [
        ("required", "obligatoriskt – fyll i"), ("must not exceed examined", "får inte vara fler än granskade"),
        ("must not exceed deviating", "får inte vara fler än med avvikelse"), ("not a whole number", "inte ett heltal"),
        ("must be one of", "välj ett av"), ("is not a real date", "är inte ett riktigt datum"),
        ("is in the future", "ligger i framtiden"), ("unknown control point", "okänt kontrollmoment"),
    ]

    static let frequencies = ["once": "en gång", "monthly": "månadsvis", "quarterly": "kvartalsvis", "tertial": "tertialvis",
                              "semiannual": "halvårsvis", "annual": "årligen"]
}
