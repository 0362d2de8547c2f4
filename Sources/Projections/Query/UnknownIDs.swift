import EventLog
import InternalControl

/// A filter named a plan or control point the log does not have (as known at the knowledge point): an error, never
/// an empty answer, and it lists what exists.
public struct UnknownIDs: Error, Sendable, CustomStringConvertible {
    public let kind: EventType.Kind
    public let ids: [String]
    /// Up to 20 ids of that kind the log had at ``knownSeq``.
    public let known: [String]
    public let knownSeq: UInt64

    public var description: String {
        let what = kind == .plan ? (ids.count == 1 ? "plan" : "plans") : (ids.count == 1 ? "control point" : "control points")
        let list = known.isEmpty ? "The store holds none." : "The store has: \(known.joined(separator: ", "))"
            + (known.count == 20 ? ", …" : "")
            + (kind == .plan ? " (`ik plans` lists the plans)." : " (`ik state --plan ID` lists a plan's control points).")
        return "no \(what) \(ids.joined(separator: ", ")) as known at seq \(knownSeq)\n\(list)"
    }

    /// Throws when any of `ids` names no stream of `kind` at or before `seq`.
    static func check(_ ids: [String], kind: EventType.Kind, in view: LogView, upTo seq: UInt64) throws {
        let missing = try ids.filter { id in
            try view.firstSeq(ofStream: EventType.stream(of: kind, id: id)).map { $0 > seq } ?? true
        }
        guard !missing.isEmpty else { return }
        // Only what was known at `seq`: an as-of answer names nothing recorded later, not even in its error.
        let known = try view.streamIDs(withPrefix: kind.rawValue + "-", limit: 2000)
            .filter { try view.firstSeq(ofStream: $0).map { $0 <= seq } ?? false }
            .prefix(20).map { String($0.dropFirst(kind.rawValue.count + 1)) }
        throw UnknownIDs(kind: kind, ids: missing, known: known, knownSeq: seq)
    }
}
