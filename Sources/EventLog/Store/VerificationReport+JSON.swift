extension VerificationReport {
    /// The report as `ik verify --format json` prints it and the server answers (Schemas/tree/verify.schema.json).
    /// - Parameter scrubPending: the seq of a redaction whose scrub is still pending, if any.
    /// - Parameter testStore: whether the store was made for tests (it accepts a pinned clock).
    public func json(scrubPending: UInt64?, testStore: Bool) -> JSONValue {
        [
            "intact": .bool(isIntact), "treeSize": .integer(Int64(treeSize)), "root": .string(root.hex),
            "checkpointsChecked": .integer(Int64(checkpointsChecked)), "anchorsChecked": .integer(Int64(anchorsChecked)),
            "redacted": .array(redactedSeqs.map { .integer(Int64($0)) }),
            "scrubPending": scrubPending.map { .integer(Int64($0)) } ?? .null,
            "testStore": .bool(testStore),
            "pinnedClockEvents": .integer(Int64(pinnedClockEvents)),
            "problems": .array(problems.map { problem in
                var members: [String: JSONValue] = ["check": .string(problem.check), "detail": .string(problem.detail)]
                if let seq = problem.seq { members["seq"] = .integer(Int64(seq)) }
                return .object(members)
            }),
        ]
    }
}
