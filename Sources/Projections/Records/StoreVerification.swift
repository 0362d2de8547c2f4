import EventLog
import InternalControl

/// `verify` as `ik verify` and the server run it: the log proves itself from its stored bytes, and the
/// projections' caches are recomputed from it (answers come from them).
public enum StoreVerification {
    public static func report(of store: EventStore, anchors: [Anchor] = [],
                              progress: ((UInt64, UInt64) -> Void)? = nil) throws -> VerificationReport {
        try store.verify(anchors: anchors) { progress?($0, $1) }
            .adding(try CacheVerification.problems(in: store))
            .adding(try lookAlikeProblems(in: store))
    }

    /// Things of one kind whose ids look alike: the append refuses the second (``LookAlike``), so one in the log was
    /// written past the rule.
    static func lookAlikeProblems(in store: EventStore) throws -> [VerificationProblem] {
        let prefixes = EventType.Kind.allCases.map { EventType.stream(of: $0, id: "") }
        return try store.read { view in try view.lookAlikeStreams(amongPrefixes: prefixes) }.map { found in
            VerificationProblem(seq: found.seq, check: "lookalike", detail: "stream \(found.stream) looks the same as "
                + "\(found.earlier) (first written at seq \(found.earlierSeq)): an id that looks like an existing one of "
                + "its kind is refused, so this one was written past the rule (the look-alike index edited, or a "
                + "release that did not know these letters)")
        }
    }
}
