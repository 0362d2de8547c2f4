import EventLog

/// A field's value written as text by a person (a command-line flag, a spreadsheet cell), read into the JSON its
/// kind asks for. The one reading of such text, for `ik record` and `ik import plan` alike; the validator then
/// checks the value as it checks any draft.
extension FieldKind {
    /// `text` as this kind's JSON, or why it cannot be.
    public func value(fromText text: String) -> Result<JSONValue, FieldTextProblem> {
        switch self {
        case .count, .range:
            guard let number = Int64(text.trimmingCharacters(in: .whitespaces)) else {
                return .failure(FieldTextProblem("not a whole number"))
            }
            return .success(.integer(number))
        case .idList:
            return .success(.array(Self.items(text, separators: ",;").map(JSONValue.string)))
        case .periodList:
            return .success(.array(Self.items(text, separators: ",; ").map { .string($0.uppercased()) }))
        case .textList:
            return .success(.array([.string(text)]))
        case .objectList:
            // name=numerator/denominator
            guard let equals = text.lastIndex(of: "="), let slash = text.lastIndex(of: "/"), equals < slash,
                let numerator = Int64(text[text.index(after: equals)..<slash]),
                let denominator = Int64(text[text.index(after: slash)...])
            else {
                return .failure(FieldTextProblem("write NAME=NUMERATOR/DENOMINATOR, for example \"Inlämnade rapporter=121/144\""))
            }
            return .success([["name": .string(String(text[..<equals])), "numerator": .integer(numerator),
                              "denominator": .integer(denominator)]])
        case .anyObject:
            do {
                return .success(try JSONParser.parse(Array(text.utf8)))
            } catch {
                return .failure(FieldTextProblem("not JSON: \(error)"))
            }
        case .choice(let words):
            let word = text.trimmingCharacters(in: .whitespaces)
            return .success(.string(ChoiceWords.word(for: word, in: words) ?? word))
        case .id, .pastDate, .plannedDate, .hex64, .eventID:
            return .success(.string(text.trimmingCharacters(in: .whitespaces)))
        case .text, .object:
            return .success(.string(text))
        }
    }

    /// The non-empty items of a list written in one text.
    static func items(_ text: String, separators: String) -> [String] {
        text.split { separators.contains($0) || $0 == "\n" }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// Why a text cannot be a field's value.
public struct FieldTextProblem: Error, Sendable, Hashable {
    public let rule: String
    public init(_ rule: String) { self.rule = rule }
}

/// The Swedish words people write for the catalogue's choices (`månadsvis` for `monthly`), read as the choice.
public enum ChoiceWords {
    static let swedish: [String: String] = [
        "en gång": "once", "engång": "once", "månadsvis": "monthly", "varje månad": "monthly", "månad": "monthly",
        "kvartalsvis": "quarterly", "kvartal": "quarterly", "varje kvartal": "quarterly", "tertial": "tertial",
        "tertialvis": "tertial", "halvår": "semiannual", "halvårsvis": "semiannual", "varje halvår": "semiannual",
        "två gånger per år": "semiannual", "2 ggr/år": "semiannual", "årligen": "annual", "årsvis": "annual",
        "en gång per år": "annual", "1 gång/år": "annual", "år": "annual",
        "helt": "full", "hel": "full", "delvis": "partial",
        "utan anmärkning": "satisfactory", "mindre anmärkning": "partly-satisfactory",
        "med anmärkning": "unsatisfactory", "ej bedömd": "undetermined", "ej genomförd": "not-performed",
        "mindre": "minor", "allvarlig": "serious",
    ]

    /// The catalogue word `text` stands for among `words`: the word itself (any case), or a Swedish word for it.
    public static func word(for text: String, in words: [String]) -> String? {
        let folded = text.lowercased()
        if let exact = words.first(where: { $0.lowercased() == folded }) { return exact }
        return swedish[folded].flatMap { words.contains($0) ? $0 : nil }
    }
}
