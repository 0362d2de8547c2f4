import LMDB

/// A part of a stream's seqs, for reads cut into short jobs: where a job goes on is found by a binary search on the
/// stream's versions (their seqs grow with them), so no job walks the stream from its start.
extension LogView {
    /// The seqs of `stream` after `afterSeq` and at or below `maxSeq`, in order, at most `limit` of them.
    public func seqs(inStream stream: String, after afterSeq: UInt64, upTo maxSeq: UInt64 = .max, limit: Int) throws -> [UInt64] {
        let prefix = Array(stream.utf8) + [0]
        let top = try streamVersion(stream)
        return try transaction.withCursor(on: databases.streams) { cursor in
            // The seq of an entry of `stream`; `nil` for none, or one of the next stream.
            func seq(_ entry: Entry?) throws -> UInt64? {
                guard let entry, entry.key.count == prefix.count + 8, entry.key.starts(with: prefix) else { return nil }
                return try StorageKeys.readBigEndian(entry.value)
            }
            // The seq of the first version at or after `version`.
            func seq(fromVersion version: UInt64) throws -> UInt64? {
                try seq(try cursor.seek(atOrAfter: StorageKeys.stream(stream, version: version)))
            }
            var (low, high) = (UInt64(0), top + 1)
            while low < high {
                let middle = low + (high - low) / 2
                if let found = try seq(fromVersion: middle), found <= afterSeq { low = middle + 1 } else { high = middle }
            }
            var seqs: [UInt64] = []
            var next = try seq(fromVersion: low)
            while let found = next, found <= maxSeq, seqs.count < limit {
                seqs.append(found)
                next = try seq(try cursor.next())
            }
            return seqs
        }
    }
}
