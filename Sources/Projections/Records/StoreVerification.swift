import EventLog

/// `verify` as `ik verify` and the server run it: the log proves itself from its stored bytes, and the
/// projections' caches are recomputed from it (answers come from them).
public enum StoreVerification {
    public static func report(of store: EventStore, anchors: [Anchor] = [],
                              progress: ((UInt64, UInt64) -> Void)? = nil) throws -> VerificationReport {
        try store.verify(anchors: anchors) { progress?($0, $1) }.adding(try CacheVerification.problems(in: store))
    }
}
