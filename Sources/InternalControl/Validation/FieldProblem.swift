import EventLog

/// A problem with one field of a payload: the JSON path from the payload, the value, the rule.
public struct FieldProblem: Sendable, Hashable, CustomStringConvertible {
    /// Path inside the payload, such as `deviating` or `indicators[0].numerator`.
    public let path: String
    public let value: String?
    public let rule: String

    public init(_ path: String, _ value: String?, _ rule: String) {
        self.path = path
        self.value = value
        self.rule = rule
    }

    public var description: String { "\(path): " + (value.map { VisibleText.escaped($0) + " — " } ?? "") + rule }
}
