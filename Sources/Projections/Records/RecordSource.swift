import EventLog
import InternalControl

/// Where a query's records come from.
enum RecordSource {
    /// Calls `body` with the record of every event of the catalogue up to `seq`, in seq order, only those of
    /// `plans` when given.
    static func forEachRecord(in view: LogView, upTo seq: UInt64, plans: Set<UInt64>?,
                              _ body: (UInt64, FoldRecord) throws -> Void) throws {
        var records = try LogRecords(view: view)
        try records.forEach(in: 1...seq) { seq, record, _, _ in
            guard record.type != nil, plans?.contains(record.plan) ?? true else { return }
            try body(seq, record)
        }
    }
}
