/// Why a replica did not take a batch of its leader's events. ``isAlarm`` tells a leader that rewrote or rolled
/// back its history (keep what you have, raise the alarm) from a condition that passes (retry at the next poll).
public enum ReplicaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The store is not marked as a replica (`ik follow` creates replicas; a writer's store is never followed into).
    case notAReplica(path: String)
    /// A line of the leader's log is not an export line.
    case badLine(Int, String)
    /// The leader's events do not continue this log (seq `found` where `expected` was next).
    case notContiguous(expected: UInt64, found: UInt64)
    /// The leader's events fail `verify`'s checks.
    case refused([VerificationProblem])
    /// The events do not give the leader's signed head, or the leader's proof does not connect them to it.
    case unproven(String)
    /// An event's payload was redacted by an event after the head being copied: copy again at the next poll.
    case redactedAfterHead(seq: UInt64)
    /// The leader's redaction at `seq` does not pass its own append's rule against the payload of `target`, which this
    /// replica holds (and keeps): a `kept` that differs from it, or a target with nothing personal to remove.
    case redactionRefused(seq: UInt64, target: UInt64, problems: [String])

    /// Whether the leader's history contradicts what this replica holds or what the leader signed.
    public var isAlarm: Bool {
        switch self {
        case .refused, .unproven, .notContiguous, .redactionRefused: true
        case .notAReplica, .badLine, .redactedAfterHead: false
        }
    }

    public var description: String {
        switch self {
        case .notAReplica(let path):
            "\(path) is not a replica\nFollow into a new directory (ik follow creates it); a writer's store is never overwritten."
        case .badLine(let number, let detail): "line \(number) of the leader's log: \(detail)"
        case .notContiguous(let expected, let found): "the leader sent seq \(found) where \(expected) was next"
        case .refused(let problems):
            "the leader's events fail verify: " + problems.prefix(3).map(\.description).joined(separator: "; ")
        case .unproven(let detail): detail
        case .redactionRefused(let seq, let target, let problems):
            "the leader's PayloadRedacted at seq \(seq) fails the append's rule against the payload of seq \(target), which "
                + "this replica holds and keeps: " + problems.prefix(3).joined(separator: "; ")
        case .redactedAfterHead(let seq):
            "the payload of seq \(seq) was redacted after the leader's head was taken; copying again at the next poll"
        }
    }
}
