import LMDB

/// The named databases of a store, as the storage layout of DESIGN.md lists them.
struct StoreDatabases: Sendable {
    let events: Database
    let payloads: Database
    let streams: Database
    let effective: Database
    let idempotency: Database
    /// Event id → seq: corrections and retractions name their target by id.
    let ids: Database
    let merkle: Database
    let checkpoints: Database
    let snapshots: Database
    let meta: Database
    /// Seq of a redacted event → seq of the event that redacted it.
    let redactions: Database
    /// Look-alike key of a stream → the stream id as first written (``StreamKeys``). `nil` in a store opened
    /// read-only that was written before the index existed.
    let streamKeys: Database?

    static let names = [
        "events", "payloads", "streams", "effective", "idempotency", "ids", "merkle", "checkpoints", "snapshots", "meta", "redactions",
    ]

    init(open: (String) throws -> Database) throws {
        events = try open("events")
        payloads = try open("payloads")
        streams = try open("streams")
        effective = try open("effective")
        idempotency = try open("idempotency")
        ids = try open("ids")
        merkle = try open("merkle")
        checkpoints = try open("checkpoints")
        snapshots = try open("snapshots")
        meta = try open("meta")
        redactions = try open("redactions")
        do {
            streamKeys = try open(StreamKeys.databaseName)
        } catch let error as LMDBError where error.code == .notFound {
            streamKeys = nil
        }
    }
}
