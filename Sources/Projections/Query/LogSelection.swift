import EventLog

/// The events a read selects: a period on effective time, a knowledge point on recorded time, optionally one
/// stream, type or the events after a seq. `ik log`, `ik export log` and the server's log use it.
public struct LogSelection {
    public let view: LogView
    /// The highest seq the knowledge point includes.
    public let knownSeq: UInt64
    public let dates: ClosedRange<CalendarDate>?
    public let stream: String?
    public let type: String?
    public let afterSeq: UInt64

    public init(scope: QueryScope, stream: String? = nil, type: String? = nil, afterSeq: UInt64 = 0, view: LogView) throws {
        self.view = view
        knownSeq = try scope.knowledgePoint.resolve(in: view)
        dates = scope.dates
        self.stream = stream
        self.type = type
        self.afterSeq = afterSeq
    }

    /// "as known at seq N, effective …": what the selection covers, for a summary line.
    public var summary: String {
        var text = " as known at seq \(knownSeq)"
        if let dates { text += ", effective \(dates.lowerBound) to \(dates.upperBound)" }
        if let stream { text += ", stream \(stream)" }
        return text
    }

    /// Calls `body` with each selected event in seq order.
    public func forEach(_ body: (StoredEvent) throws -> Void) throws {
        try forEach(upTo: .max) { event in
            try body(event)
            return true
        }
    }

    /// Calls `body` with each selected event in seq order, at most `limit` of them, until it returns false.
    /// - Returns: the seq of the last event given to `body`, or `nil` when none was.
    @discardableResult
    public func forEach(upTo limit: Int, _ body: (StoredEvent) throws -> Bool) throws -> UInt64? {
        var given = 0
        var last: UInt64?
        func emit(_ event: StoredEvent) throws -> Bool {
            guard given < limit else { return false }
            if let type, event.envelope.type != type { return true }
            if let dates, !dates.contains(event.envelope.effectiveAt) { return true }
            given += 1
            last = event.envelope.seq
            return try body(event)
        }
        if stream != nil || dates != nil {
            let seqs = try stream.map { try view.seqs(inStream: $0, upTo: knownSeq) }
                ?? view.seqs(effectiveIn: dates!, upTo: knownSeq)
            for seq in seqs where seq > afterSeq {
                guard let event = try view.event(at: seq) else { continue }
                if try !emit(event) { break }
            }
        } else if knownSeq > afterSeq {
            try view.forEachEvent(in: (afterSeq + 1)...knownSeq) { event in try emit(event) }
        }
        return last
    }
}
