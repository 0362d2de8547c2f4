/// What a payload field may hold. The same description drives validation, `ik record`'s flags and the
/// JSON Schemas in `Schemas/`, so the three cannot drift apart.
public indirect enum FieldKind: Sendable, Hashable {
    /// A short human slug chosen by the user: `SN-2024-LAK`.
    case id
    /// Free text of at most this many characters, refused when it holds a personal identity number.
    case text(maxLength: Int)
    /// A date of something that happened: not after today.
    case pastDate
    /// A planned date: may lie in the future.
    case plannedDate
    /// A whole number from `minimum` to `maximum` (by default ``FieldSpec/maxCount``: larger counts are typing
    /// errors, and sums of them must stay far from overflowing).
    case count(minimum: Int64, maximum: Int64 = FieldSpec.maxCount)
    /// A whole number in a range (risk scores 1–4, years).
    case range(ClosedRange<Int64>)
    /// One of these words.
    case choice([String])
    /// A list of ids.
    case idList
    /// A list of texts of at most `maxLength` characters each.
    case textList(maxLength: Int = FieldSpec.shortText)
    /// A list of period names (`2015`, `2015-H1`, `2015-T2`, `2015-Q3`, `2015-05`): when a control is due.
    case periodList
    /// An object with these fields.
    case object([FieldSpec])
    /// A list of objects with these fields.
    case objectList([FieldSpec])
    /// 64 lowercase hex digits (a Merkle root).
    case hex64
    /// An event id (UUID) of an event in the log.
    case eventID
    /// Any JSON object (the replacement payload of a correction, checked against its target's type).
    case anyObject

    /// Whether a redaction keeps a field of this kind (``FieldSpec/keptOnRedaction``): everything but free text, which
    /// may say something about a person. Ids, dates, numbers and choice words are what the folds count with.
    public var keptOnRedaction: Bool {
        switch self {
        case .text, .textList: false
        default: true
        }
    }
}

/// One field of a payload: name, kind, whether required, its titles in Swedish and English, and the version of
/// the catalogue that added it.
public struct FieldSpec: Sendable, Hashable {
    public let name: String
    public let kind: FieldKind
    public let required: Bool
    public let sv: String
    public let en: String
    /// The schema version that added the field: a payload using it is of that version (DESIGN.md, version 2).
    public let since: Int64
    /// Whether `ik redact` keeps the field verbatim in the `PayloadRedacted` (`kept`), so the folds count the redacted
    /// event as before: THE place that says what of a payload is not personal data. By its kind
    /// (``FieldKind/keptOnRedaction``) unless the catalogue says otherwise (an organisational unit's name).
    public let keptOnRedaction: Bool

    public init(_ name: String, _ kind: FieldKind, required: Bool = false, sv: String, en: String, since: Int64 = 1,
                keptOnRedaction: Bool? = nil) {
        self.name = name
        self.kind = kind
        self.required = required
        self.sv = sv
        self.en = en
        self.since = since
        self.keptOnRedaction = keptOnRedaction ?? kind.keptOnRedaction
    }

    /// Maximum length of short texts (names, units, titles).
    public static let shortText = 200
    /// Maximum length of long texts (descriptions, findings).
    public static let longText = 10_000
    /// The largest count one event may carry (things examined, deviating, indicator figures).
    public static let maxCount: Int64 = 1_000_000_000
}
