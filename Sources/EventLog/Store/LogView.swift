import LMDB

/// The log as one transaction sees it: reads by seq, stream, effective date and recorded time, and the
/// Merkle tree. Valid only inside the closure that received it.
public struct LogView {
    let transaction: any Transaction
    let databases: StoreDatabases
    /// Inside an append: the first seq of the batch being written, so checks can tell earlier drafts of
    /// the same batch from events already in the log.
    public internal(set) var batchStart: UInt64?

    init(transaction: any Transaction, databases: StoreDatabases, batchStart: UInt64? = nil) {
        self.transaction = transaction
        self.databases = databases
        self.batchStart = batchStart
    }

    /// The id of the commit this view reads (``LMDB/Transaction/snapshotID``): compare it with
    /// ``EventStore/lastCommittedTransaction()`` to tell whether anything was committed since.
    public var snapshotID: Int { transaction.snapshotID }

    /// How a message names event `seq`: `seq 12`, or `draft 3 of this batch` while it is being appended.
    public func describe(seq: UInt64) -> String {
        if let batchStart, seq >= batchStart { return "an earlier draft of this batch" }
        return "seq \(seq)"
    }

    /// Number of events in the log, which is also the highest seq.
    public var size: UInt64 {
        get throws {
            try transaction.withCursor(on: databases.events) { cursor in
                try cursor.last().map { try StorageKeys.readBigEndian($0.key) } ?? 0
            }
        }
    }

    /// Runs `body` on the stored envelope bytes of event `seq` without copying; `nil` past the end.
    public func withRawEnvelope<T>(at seq: UInt64, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T? {
        try transaction.withValue(forKey: StorageKeys.seq(seq), in: databases.events, body)
    }

    /// The envelope of event `seq`, or `nil` past the end.
    public func envelope(at seq: UInt64) throws -> Envelope? {
        try transaction.withValue(forKey: StorageKeys.seq(seq), in: databases.events) { bytes in
            try Self.decodeEnvelope(bytes, seq: seq)
        }
    }

    static func decodeEnvelope(_ bytes: UnsafeRawBufferPointer, seq: UInt64) throws -> Envelope {
        do {
            return try Envelope(bytes: bytes)
        } catch {
            throw LogReadError.damagedEnvelope(seq: seq, reason: error.description)
        }
    }

    /// The payload of event `seq`; `nil` when redacted or past the end.
    public func payload(at seq: UInt64) throws -> JSONValue? {
        try withPayloadBytes(at: seq) { bytes in try Self.parsePayload(bytes, seq: seq) }
    }

    static func parsePayload(_ bytes: UnsafeRawBufferPointer, seq: UInt64) throws -> JSONValue {
        do throws(JSONSyntaxError) {
            return try JSONParser.parse(bytes)
        } catch {
            throw LogReadError.damagedPayload(seq: seq, reason: error.description)
        }
    }

    /// Runs `body` on the canonical JSON of `seq`'s payload without copying; `nil` when redacted or absent.
    public func withPayloadBytes<T>(at seq: UInt64, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T? {
        try withStoredPayload(at: seq) { _, json in try body(json) }
    }

    /// Runs `body` on `seq`'s payload salt (`nil` for events stored before payloads were salted) and canonical
    /// JSON; `nil` when redacted or absent. The digest in the envelope is SHA-256(salt ‖ JSON).
    public func withStoredPayload<T>(
        at seq: UInt64, _ body: (_ salt: UnsafeRawBufferPointer?, _ json: UnsafeRawBufferPointer) throws -> T
    ) throws -> T? {
        try transaction.withValue(forKey: StorageKeys.seq(seq), in: databases.payloads) { stored in
            let (salt, json) = PayloadRecord.split(stored)
            return try body(salt, json)
        }
    }

    /// Event `seq` with its payload and salt, or `nil` past the end.
    public func event(at seq: UInt64) throws -> StoredEvent? {
        guard let envelope = try envelope(at: seq) else { return nil }
        return try storedEvent(envelope)
    }

    /// The event of an envelope read already, with its payload and salt: a filter on the envelope reads no payload.
    public func storedEvent(_ envelope: Envelope) throws -> StoredEvent {
        let stored = try withStoredPayload(at: envelope.seq) { salt, json in
            (salt.map { Array($0) }, try Self.parsePayload(json, seq: envelope.seq))
        }
        return StoredEvent(envelope: envelope, payload: stored?.1, salt: stored?.0)
    }

    /// Calls `body` for the events with seq in `range`, in seq order, until it returns false.
    public func forEachEvent(in range: ClosedRange<UInt64>, _ body: (StoredEvent) throws -> Bool) throws {
        try forEachEnvelope(in: range) { envelope in try body(try storedEvent(envelope)) }
    }

    /// Calls `body` for the envelopes with seq in `range`, in seq order, until it returns false.
    public func forEachEnvelope(in range: ClosedRange<UInt64>, _ body: (Envelope) throws -> Bool) throws {
        try forEachRawEnvelope(in: range) { seq, bytes in
            try body(try Self.decodeEnvelope(bytes, seq: seq))
        }
    }

    /// Calls `body` with the seq and stored envelope bytes (zero-copy) in `range`, until it returns false.
    public func forEachRawEnvelope(
        in range: ClosedRange<UInt64>, _ body: (UInt64, UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try transaction.withCursor(on: databases.events, from: StorageKeys.seq(range.lowerBound)) { cursor in
            while let entry = try cursor.next() {
                let seq = try StorageKeys.readBigEndian(entry.key)
                guard seq <= range.upperBound, try body(seq, entry.value) else { return }
            }
        }
    }

    /// The current version of `stream`: 0 when it has no events.
    public func streamVersion(_ stream: String) throws -> UInt64 {
        // The last key before `stream` 0x01 is its last version's, when it has any.
        let after = StorageKeys.key(stream.utf8.count + 1) { $0.append(stream); $0.append(1) }
        let separator = after.count - 1
        return try transaction.withCursor(on: databases.streams) { cursor in
            guard let entry = try cursor.seek(before: after), entry.key.count == after.count + 8,
                entry.key[separator] == 0, entry.key.starts(with: after[..<separator])
            else { return 0 }
            return try StorageKeys.readBigEndian(entry.key, at: after.count)
        }
    }

    /// The seqs of `stream`'s events in version order, only those at or below `maxSeq`.
    public func seqs(inStream stream: String, upTo maxSeq: UInt64 = .max) throws -> [UInt64] {
        let prefix = Array(stream.utf8) + [0]
        var seqs: [UInt64] = []
        try transaction.withCursor(on: databases.streams, from: prefix) { cursor in
            while let entry = try cursor.next(), entry.key.count == prefix.count + 8, entry.key.starts(with: prefix) {
                let seq = try StorageKeys.readBigEndian(entry.value)
                if seq <= maxSeq { seqs.append(seq) }
            }
        }
        return seqs
    }

    /// The seq of `actor`'s event recorded with idempotency key `key`, or `nil`. Keys belong to their actor: another
    /// actor's key never answers (a key used by two actors is two events). An entry of a store written before keys
    /// were scoped (the bare key) answers only when its event is `actor`'s.
    public func seq(forIdempotencyKey key: String, actor: String) throws -> UInt64? {
        if let seq = try idempotencyEntry(IdempotencyKeys.entry(actor: actor, key: key)) { return seq }
        guard !databases.idempotencyScopedOnly,
            let seq = try idempotencyEntry(IdempotencyKeys.legacyEntry(key: key))
        else { return nil }
        return try envelope(at: seq)?.actor == actor ? seq : nil
    }

    /// The seq an idempotency index entry points to, or `nil`.
    func idempotencyEntry(_ entry: [UInt8]) throws -> UInt64? {
        try transaction.withValue(forKey: entry, in: databases.idempotency) { try StorageKeys.readBigEndian($0) }
    }

    /// The seq of the event with id `id`, or `nil`.
    public func seq(forEventID id: String) throws -> UInt64? {
        guard !id.isEmpty, id.utf8.count <= 64 else { return nil }
        return try transaction.withValue(forKey: Array(id.utf8), in: databases.ids) { try StorageKeys.readBigEndian($0) }
    }

    /// The seqs of events whose effective date lies in `dates`, recorded at or below `maxSeq`, ascending. Entries
    /// of both layouts are read (``StoreLayout``): a store of the first format, or one on its way from it.
    public func seqs(effectiveIn dates: ClosedRange<CalendarDate>, upTo maxSeq: UInt64 = .max) throws -> [UInt64] {
        var seqs: [UInt64] = []
        var sorted = true
        // The year layout: one walk per year, its entries in seq order, each with its month and day.
        for year in dates.lowerBound.year...dates.upperBound.year {
            let prefix = StoreLayout.yearEntry(CalendarDate(year: year, month: 1, day: 1)!, seq: 0).key.prefix(2)
            if !seqs.isEmpty { sorted = false }
            try transaction.withCursor(on: databases.effective, from: Array(prefix)) { cursor in
                while let entry = try cursor.next(), entry.key.count == 10, entry.key.starts(with: prefix) {
                    let seq = try StorageKeys.readBigEndian(entry.key, at: 2)
                    guard seq <= maxSeq else { return }
                    guard entry.value.count == 2,
                        let date = CalendarDate(year: year, month: Int(entry.value[0]), day: Int(entry.value[1]))
                    else { throw StoreError.damaged("an effective-date entry of seq \(seq) is not a date") }
                    if dates.contains(date) { seqs.append(seq) }
                }
            }
        }
        // The day layout (date text, seq), which a store of the first format has.
        let end = Array(dates.upperBound.description.utf8)
        try transaction.withCursor(on: databases.effective, from: Array(dates.lowerBound.description.utf8)) { cursor in
            while let entry = try cursor.next(), entry.key.count == 18,
                !end.lexicographicallyPrecedes(UnsafeRawBufferPointer(rebasing: entry.key[0..<10]))
            {
                let seq = try StorageKeys.readBigEndian(entry.key, at: 10)
                if seq <= maxSeq {
                    seqs.append(seq)
                    sorted = false
                }
            }
        }
        return sorted ? seqs : seqs.sorted()
    }

    /// The highest seq recorded at or before `instant` (0 when none): a binary search, since recorded
    /// time never decreases along the log.
    public func seq(recordedAtOrBefore instant: Instant) throws -> UInt64 {
        var low: UInt64 = 0
        var high = try size
        while low < high {
            let middle = low + (high - low + 1) / 2
            guard let envelope = try envelope(at: middle) else { break }
            if envelope.recordedAt <= instant { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The recorded time of the last event, or `nil` for an empty log.
    public var lastRecordedAt: Instant? {
        get throws {
            if let head = try cachedHead() { return head.lastRecordedAt }
            let size = try self.size
            return size == 0 ? nil : try envelope(at: size)?.recordedAt
        }
    }
}

/// Stored bytes that could not be read back.
public enum LogReadError: Error, Sendable, Equatable, CustomStringConvertible {
    case damagedEnvelope(seq: UInt64, reason: String)
    case damagedPayload(seq: UInt64, reason: String)
    case missingMerkleNode(level: Int, index: UInt64)

    public var description: String {
        switch self {
        case .damagedEnvelope(let seq, let reason):
            "the stored envelope of seq \(seq) is damaged: \(reason)\nRun `ik verify` and restore from a backup."
        case .damagedPayload(let seq, let reason):
            "the stored payload of seq \(seq) is damaged: \(reason)\nRun `ik verify` and restore from a backup."
        case .missingMerkleNode(let level, let index):
            "the Merkle cache lacks the subtree at level \(level), index \(index)\nRun `ik verify`."
        }
    }
}

extension LogView {
    /// The ids of the streams whose id starts with `prefix`, at most `limit` of them, in order.
    public func streamIDs(withPrefix prefix: String, limit: Int = 1000) throws -> [String] {
        var ids: [String] = []
        let start = Array(prefix.utf8)
        try transaction.withCursor(on: databases.streams) { cursor in
            var target = start
            // One seek per stream: each jumps past every version of the stream before.
            while ids.count < limit, let entry = try cursor.seek(atOrAfter: target), entry.key.starts(with: start),
                let zero = entry.key.firstIndex(of: 0)
            {
                let id = Array(entry.key[..<zero])
                ids.append(String(decoding: id, as: UTF8.self))
                target = id + [1]
            }
        }
        return ids
    }
}
