extension AppendOutcome {
    /// The outcome as `ik append --format json` prints it and the server answers: every event of an append read
    /// whole, counts and the seq range of one streamed.
    public func json(dryRun: Bool) -> JSONValue {
        guard listsEvents else {
            var report: [String: JSONValue] = [
                "drafts": .integer(Int64(drafts)), "written": .integer(Int64(writtenCount)),
                "alreadyRecorded": .integer(Int64(alreadyRecordedCount)), "treeSize": .integer(Int64(treeSize)),
                "root": .string(root.hex), "dryRun": .bool(dryRun),
            ]
            if let firstSeq, let lastSeq {
                report["firstSeq"] = .integer(Int64(firstSeq))
                report["lastSeq"] = .integer(Int64(lastSeq))
            }
            return .object(report)
        }
        let listed: [JSONValue] = events.map { event in
            [
                "seq": .integer(Int64(event.seq)), "id": .string(event.id), "stream": .string(event.stream),
                "streamVersion": .integer(Int64(event.streamVersion)), "alreadyRecorded": .bool(event.alreadyRecorded),
            ]
        }
        return ["events": .array(listed), "treeSize": .integer(Int64(treeSize)), "root": .string(root.hex),
                "dryRun": .bool(dryRun)]
    }
}
