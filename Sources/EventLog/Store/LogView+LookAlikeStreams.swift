/// A stream whose id looks like one written before it (``LookAlike``).
public struct LookAlikeStream: Sendable, Hashable {
    public let stream: String
    /// The seq of its first event.
    public let seq: UInt64
    /// The first written of its look-alikes, and the seq of its first event.
    public let earlier: String
    public let earlierSeq: UInt64
}

extension LogView {
    /// The streams among those whose ids start with one of `prefixes` that look like one written before them
    /// (keys of today's look-alike table), in seq order. The append refuses them where a rule says an id of that
    /// kind is unique; `verify` names those found anyway (red team 8: lookalike-via-consistent-index-edit, the
    /// index edited so the rule saw no look-alike, then put back so the index itself verified).
    public func lookAlikeStreams(amongPrefixes prefixes: [String]) throws -> [LookAlikeStream] {
        let wanted = prefixes.map { Array($0.utf8) }
        var firsts: [(key: StreamKeys.SortKey, seq: UInt64)] = []
        try StreamKeys.forEachFirstVersion(in: self) { stream, seq in
            guard wanted.contains(where: { stream.starts(with: $0) }) else { return }
            firsts.append((StreamKeys.SortKey(StreamKeys.key(of: String(decoding: stream, as: UTF8.self))), seq))
        }
        firsts.sort { ($0.key, $0.seq) < ($1.key, $1.seq) }
        var found: [LookAlikeStream] = []
        var start = 0
        while start < firsts.count {
            var end = start + 1
            while end < firsts.count, firsts[end].key == firsts[start].key { end += 1 }
            if end - start > 1, let earlier = try envelope(at: firsts[start].seq)?.stream {
                for later in firsts[(start + 1)..<end] {
                    found.append(LookAlikeStream(stream: try envelope(at: later.seq)?.stream ?? "?", seq: later.seq,
                                                 earlier: earlier, earlierSeq: firsts[start].seq))
                }
            }
            start = end
        }
        return found.sorted { $0.seq < $1.seq }
    }
}
