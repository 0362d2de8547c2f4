/// Why bytes are not JSON that IKStore accepts, and where: line and column are 1-based.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in words a person can act on.
    public let reason: String
    /// Byte offset of the problem in the input.
    public let offset: Int
    public let line: Int
    public let column: Int

    public var description: String { "\(reason) at line \(line), column \(column)" }
}
