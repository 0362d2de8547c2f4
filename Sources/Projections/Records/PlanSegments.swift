import EventLog
import InternalControl

/// A plan's records kept together, so one plan's facts are read from a few pages instead of one page per record:
/// each run of ``size`` consecutive records of a plan's chain is copied, oldest first, into one `interned` value
/// under the plan's number and the seq of its last record. The newest records not yet in a segment (fewer than
/// ``size``) are read through the chain, back to the last segment's end, which the plan's tail key names.
///
/// In a segment each record is its stored bytes with the plan written as 0 (the key names it) after the length;
/// a record's seq is the next record's previous-in-plan (the last one's is the key's), so the segments and the
/// chain check each other: a missing, extra or moved record breaks the links and the query folds from the log.
enum PlanSegments {
    /// Records per segment: a segment is some 600 bytes (several to a page), and the chain walked past the last
    /// one is at most this long.
    static let size = 32

    static let prefix = Array("fold.seg.".utf8)
    static let tailPrefix = Array("fold.tail.".utf8)

    /// The segments of `plan`, by the seq of their last record.
    static func key(_ plan: UInt64, last: UInt64) -> [UInt8] { prefix + StoredRecords.bigEndian(plan) + StoredRecords.bigEndian(last) }
    static func planPrefix(_ plan: UInt64) -> [UInt8] { prefix + StoredRecords.bigEndian(plan) }

    /// `interned` key of where `plan`'s segments end and how many of its records follow them.
    static func tailKey(_ plan: UInt64) -> [UInt8] { tailPrefix + StoredRecords.bigEndian(plan) }

    /// Where a plan's segments end (0: it has none) and how many records of its chain follow.
    struct Tail: Equatable {
        var end: UInt64 = 0
        var pending: UInt64 = 0

        var bytes: [UInt8] { StoredRecords.bigEndian(end) + StoredRecords.bigEndian(pending) }

        init(end: UInt64 = 0, pending: UInt64 = 0) {
            self.end = end
            self.pending = pending
        }

        init?(_ bytes: [UInt8]?) {
            guard let bytes, bytes.count == 16, let end = StoredRecords.number(Array(bytes[0..<8])),
                let pending = StoredRecords.number(Array(bytes[8..<16]))
            else { return nil }
            self.init(end: end, pending: pending)
        }
    }

    /// A segment's value: the records (oldest first) as stored, each with the plan written as 0.
    static func value(_ records: [FoldRecord]) -> [UInt8] {
        var w = ByteWriter()
        for var record in records {
            record.plan = 0
            let bytes = record.bytes
            w.varint(UInt64(bytes.count))
            w.bytes += bytes
        }
        return w.bytes
    }

    /// The records of a segment of `plan` whose last record is `last`, with their seqs, oldest first; `nil` when
    /// the bytes are not a segment's or its records are not linked in order.
    static func records(_ bytes: UnsafeRawBufferPointer, plan: UInt64, last: UInt64) -> [(seq: UInt64, record: FoldRecord)]? {
        var records: [(seq: UInt64, record: FoldRecord)] = []
        records.reserveCapacity(size)
        guard forEach(bytes, plan: plan, last: last, { records.append(($0, $1)) }) else { return nil }
        return records
    }

    /// Calls `body` with each record of a segment and its seq, oldest first, until a seq passes `upTo`.
    /// - Returns: false when the bytes are not a segment's or its records are not linked in order (some records
    ///   may have been passed to `body` by then).
    static func forEach(_ bytes: UnsafeRawBufferPointer, plan: UInt64, last: UInt64, upTo: UInt64 = .max,
                        _ body: (UInt64, FoldRecord) throws -> Void) rethrows -> Bool {
        var r = ByteReader(bytes)
        // A record's seq is known once the next one is read (its previous-in-plan): each is passed on one late.
        var held: FoldRecord?
        while !r.isAtEnd {
            guard let count = r.varint(), count <= UInt64(bytes.count - r.offset) else { return false }
            let start = r.offset
            r.offset += Int(count)
            guard var record = FoldRecord(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<r.offset])), record.plan == 0
            else { return false }
            record.plan = plan
            if let held {
                guard held.previousInPlan < record.previousInPlan else { return false }
                if record.previousInPlan > upTo { return true }
                try body(record.previousInPlan, held)
            }
            held = record
        }
        guard let held, held.previousInPlan < last else { return false }
        if last <= upTo { try body(last, held) }
        return true
    }

    /// The previous-in-plan of a segment's first record, read without the rest.
    static func firstPrevious(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        var r = ByteReader(bytes)
        guard let count = r.varint(), count <= UInt64(bytes.count - r.offset) else { return nil }
        return FoldRecord.chainLink(bytes: UnsafeRawBufferPointer(rebasing: bytes[r.offset..<r.offset + Int(count)]))?.previousInPlan
    }

    /// The key's plan and last seq, or `nil` when it is not a segment's key.
    static func place(ofKey key: UnsafeRawBufferPointer) -> (plan: UInt64, last: UInt64)? {
        guard key.count == prefix.count + 16, key.starts(with: prefix) else { return nil }
        let plan = key[prefix.count..<prefix.count + 8].reduce(0) { $0 << 8 | UInt64($1) }
        let last = key[prefix.count + 8..<prefix.count + 16].reduce(0) { $0 << 8 | UInt64($1) }
        return (plan, last)
    }

    /// Calls `body` with the records of `plan`'s segments up to seq `upTo` (the whole of `tail.end` when greater),
    /// oldest first. - Throws: ``RecordSource/Unusable`` when they do not chain from the plan's first record.
    static func forEach(in view: LogView, plan: UInt64, through upTo: UInt64, end: UInt64,
                        _ body: (UInt64, FoldRecord) throws -> Void) throws {
        guard end > 0 else { return }
        var previous: UInt64 = 0
        var failed = false
        try view.forEachDerivedValue(withPrefix: planPrefix(plan)) { key, value in
            // The first record links to the previous segment's last.
            guard let (_, last) = place(ofKey: key), last <= end, let first = firstPrevious(value), first == previous,
                try forEach(value, plan: plan, last: last, upTo: upTo, body)
            else {
                failed = true
                return false
            }
            previous = last
            return last < end && last < upTo
        }
        // The segments must reach the tail's end, or the knowledge point.
        if failed || (previous != end && previous < upTo) { throw RecordSource.Unusable() }
    }
}
