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

    /// Calls `body` with each selected event in seq order, giving at most `limit` and looking at most at `scanning`
    /// events (those the filters pass over count: a job that must stay short bounds what it reads, not what it finds),
    /// until `body` returns false.
    /// - Returns: the seq to go on after when it stopped before the selection's end, `nil` when nothing is left.
    @discardableResult
    public func forEach(upTo limit: Int, scanning: Int = .max, _ body: (StoredEvent) throws -> Bool) throws -> UInt64? {
        var (given, scanned, last, more) = (0, 0, afterSeq, false)
        /// Whether to look at one more event; when not, the selection stops with more left.
        func mayScan(_ seq: UInt64) -> Bool {
            guard given < limit, scanned < scanning else {
                more = true
                return false
            }
            scanned += 1
            last = seq
            return true
        }
        func emit(_ event: StoredEvent) throws -> Bool {
            if let type, event.envelope.type != type { return true }
            if let dates, !dates.contains(event.envelope.effectiveAt) { return true }
            given += 1
            guard try body(event) else {
                more = true
                return false
            }
            return true
        }
        if stream != nil || dates != nil {
            // A stream is read from where the job goes on, one more than it may look at (to know whether more is left).
            let seqs = try stream.map {
                try view.seqs(inStream: $0, after: afterSeq, upTo: knownSeq, limit: scanning == .max ? .max : scanning + 1)
            } ?? view.seqs(effectiveIn: dates!, upTo: knownSeq)
            for seq in seqs where seq > afterSeq {
                guard mayScan(seq) else { break }
                guard let event = try view.event(at: seq) else { continue }
                if try !emit(event) { break }
            }
        } else if knownSeq > afterSeq {
            try view.forEachEnvelope(in: (afterSeq + 1)...knownSeq) { envelope in
                guard mayScan(envelope.seq) else { return false }
                // The type is in the envelope: an event of another type costs no payload read.
                if let type, envelope.type != type { return true }
                return try emit(try view.storedEvent(envelope))
            }
        }
        return more ? last : nil
    }
}
