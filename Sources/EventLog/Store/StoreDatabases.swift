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
    /// Derived records (``AppendHook``): seq → opaque bytes. `nil` in a store opened read-only that predates them.
    let recordsDatabase: Database?
    /// Derived key-value pairs (``AppendHook``), such as interned strings.
    let internedDatabase: Database?
    /// How the indexes are laid out (read from `meta` at open).
    var layout = StoreLayout.first
    /// Whether every idempotency entry is scoped to its actor (``IdempotencyKeys/scopedOnlyKey``), read at open.
    var idempotencyScopedOnly = false

    static let names = [
        "events", "payloads", "streams", "effective", "idempotency", "ids", "merkle", "checkpoints", "snapshots", "meta", "redactions",
    ]
    /// Databases added after the first format: a store opened read-only may lack them; a writable open adds them.
    static let laterNames = [StreamKeys.databaseName, "records", "interned"]
    /// The `meta` key of the derived records' version.
    static let recordsVersionKey = "recordsVersion"

    /// Derived records; only the append hook and its readers use it, and only where it exists.
    var records: Database {
        get throws { try recordsDatabase ?? { throw LMDBError(-30798, in: "mdb_dbi_open(records)") }() }
    }
    var interned: Database {
        get throws { try internedDatabase ?? { throw LMDBError(-30798, in: "mdb_dbi_open(interned)") }() }
    }

    /// Whether every database of ``laterNames`` is there.
    var hasEveryLaterDatabase: Bool { streamKeys != nil && recordsDatabase != nil && internedDatabase != nil }

    init(open: (String) throws -> Database, openLater: (String) throws -> Database?) throws {
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
        streamKeys = try openLater(StreamKeys.databaseName)
        recordsDatabase = try openLater("records")
        internedDatabase = try openLater("interned")
    }
}
