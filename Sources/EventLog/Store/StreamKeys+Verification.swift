import LMDB

extension StreamKeys {
    /// Where the `streamkeys` index differs from the one `streams` gives (for every look-alike key, the stream
    /// written first), at most `limit` problems, first seq first; empty when they agree. The index answers "is
    /// there already an id that looks like this one?": a missing or changed entry would let a look-alike in.
    /// Streams first written after the seq the index is complete through are left out (an older ik wrote them;
    /// the next append adds them).
    static func problems(in view: LogView, limit: Int) throws -> [VerificationProblem] {
        var found: [VerificationProblem] = []
        func problem(_ seq: UInt64?, _ detail: String) {
            if found.count < limit { found.append(VerificationProblem(seq: seq, check: "streamkeys", detail: detail)) }
        }
        let txn = view.transaction
        let size = try view.size
        let through = try number(forKey: throughKey, txn: txn, databases: view.databases) ?? 0
        guard let index = view.databases.streamKeys else {
            if through > 0 {
                problem(nil, "the look-alike index is missing, but the store says it holds every stream up to "
                    + "seq \(through)")
            }
            return found
        }
        if through > size {
            problem(nil, "the store says the look-alike index holds every stream up to seq \(through), but the log has "
                + "\(size) events")
        }
        // The recomputed index, in the index's key order; of look-alikes the first written.
        let layout = try layout(in: txn, databases: view.databases)
        var expected: [(key: SortKey, seq: UInt64)] = []
        try forEachFirstVersion(in: view) { stream, seq in
            guard seq <= through else { return }
            expected.append((SortKey(layout.key(of: String(decoding: stream, as: UTF8.self))), seq))
        }
        expected.sort { ($0.key, $0.seq) < ($1.key, $1.seq) }
        func name(_ seq: UInt64) throws -> String { try view.envelope(at: seq)?.stream ?? "?" }
        var next = 0
        func skip() {
            let key = expected[next].key
            while next < expected.count, expected[next].key == key { next += 1 }
        }
        func missing(upTo key: SortKey?) throws {
            while next < expected.count, key.map({ expected[next].key < $0 }) ?? true {
                let seq = expected[next].seq
                problem(seq, "the look-alike index has no entry for stream \(try name(seq)) (first written at seq "
                    + "\(seq)): an id that only looks like it would be taken for a new one")
                skip()
            }
        }
        try txn.withCursor(on: index) { cursor in
            while let entry = try cursor.next() {
                let stored = String(decoding: entry.value, as: UTF8.self)
                guard layout.isWellFormed(entry.key) else {
                    problem(nil, "an entry (for \(stored)) has a key of \(entry.key.count) bytes, not a look-alike key")
                    continue
                }
                let key = SortKey(Array(entry.key))
                try missing(upTo: key)
                let storedSeq = try firstSeq(of: stored, in: txn, databases: view.databases)
                if next < expected.count, expected[next].key == key {
                    let seq = expected[next].seq
                    if storedSeq != seq {
                        problem(seq, "the look-alike entry of stream \(try name(seq)) (first written at seq \(seq)) "
                            + "names \(stored) instead")
                    }
                    skip()
                } else {
                    problem(storedSeq, "an entry names \(stored), which "
                        + (storedSeq == nil ? "is not a stream of the log"
                            : "is not the first written of its look-alikes"))
                }
            }
        }
        try missing(upTo: nil)
        return found.sorted { ($0.seq ?? .max) < ($1.seq ?? .max) }
    }

    /// A key ordered as LMDB orders keys (byte by byte, a prefix first).
    struct SortKey: Comparable {
        let bytes: [UInt8]

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        static func < (a: SortKey, b: SortKey) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
    }
}
