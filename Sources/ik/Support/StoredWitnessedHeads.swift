import EventLog

/// What `ik verify` says of the witnessed heads a store keeps (`witnessed:` entries of its meta, which reports name):
/// with the reader's keys each must carry the log's signature and a majority of the witnesses' cosignatures; without
/// them, how many were not checked.
struct StoredWitnessedHeads {
    /// The line verify prints, `nil` when the store keeps none.
    let line: String?
    /// Why verify fails: the first kept note that does not verify. `nil` when all do, or none was checked.
    let failure: String?

    static func check(_ store: EventStore, trust: WitnessTrust?) throws -> StoredWitnessedHeads {
        let kept = try store.read { try $0.witnessedHeads() }
        guard !kept.isEmpty else { return StoredWitnessedHeads(line: nil, failure: nil) }
        let count = "\(kept.count) witnessed head\(kept.count == 1 ? "" : "s") kept in the store"
        guard let trust else {
            return StoredWitnessedHeads(line: count + ": not checked (reports name no witness without keys; give "
                + "--public-key LEADER.pub --witness W.pub … to check them)", failure: nil)
        }
        for (size, head) in kept {
            guard let head, head.treeSize == size else {
                return StoredWitnessedHeads(line: nil, failure: "the witnessed head kept for tree size \(size) is not a "
                    + "checkpoint note of that size\nIt was put into the store by hand: no report names it as witnessed.")
            }
            do {
                _ = try trust.check(head)
            } catch {
                return StoredWitnessedHeads(line: nil, failure: "the witnessed head kept for tree size \(size) does not "
                    + "verify with the keys given: \(error)\nIt was put into the store by hand, or the keys are not the "
                    + "log's and its witnesses': no report names it as witnessed.")
            }
        }
        return StoredWitnessedHeads(line: count + ": each carries the log's signature and \(trust.quorum) of the "
            + "given witnesses' cosignatures or more", failure: nil)
    }
}
