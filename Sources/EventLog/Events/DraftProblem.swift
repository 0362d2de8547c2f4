/// One reason a draft of an append was refused: which draft, which field, what value, which rule.
public struct DraftProblem: Sendable, Hashable, CustomStringConvertible {
    /// What kind of refusal, for callers that react differently to each.
    public enum Kind: Sendable, Hashable {
        /// The draft breaks a rule of the format or the domain.
        case invalid
        /// The stream was not at the version the draft expected.
        case versionConflict(stream: String, expected: UInt64, actual: UInt64)
        /// The idempotency key was used before for a different event.
        case idempotencyKeyReused(key: String, seq: UInt64)
    }

    /// 0-based position of the draft in the batch.
    public var draftIndex: Int
    /// JSON path of the field, such as `payload.deviating`; empty for the draft as a whole.
    public var path: String
    /// The offending value as written, when there is one.
    public var value: String?
    /// The rule, in words a person can act on.
    public var rule: String
    public var kind: Kind

    public init(draftIndex: Int, path: String, value: String? = nil, rule: String, kind: Kind = .invalid) {
        self.draftIndex = draftIndex
        self.path = path
        self.value = value
        self.rule = rule
        self.kind = kind
    }

    public var description: String {
        var text = path.isEmpty ? "" : "\(path): "
        if let value { text += VisibleText.escaped(value) + " — " }
        return text + rule
    }
}
