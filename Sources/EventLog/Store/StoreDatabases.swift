import LMDB

/// The named databases of a store, as the storage layout of DESIGN.md lists them.
struct StoreDatabases: Sendable {
    let events: Database
    let payloads: Database
    let streams: Database
    let effective: Database
    let idempotency: Database
    let merkle: Database
    let checkpoints: Database
    let snapshots: Database
    let meta: Database

    static let names = [
        "events", "payloads", "streams", "effective", "idempotency", "merkle", "checkpoints", "snapshots", "meta",
    ]

    init(open: (String) throws -> Database) throws {
        events = try open("events")
        payloads = try open("payloads")
        streams = try open("streams")
        effective = try open("effective")
        idempotency = try open("idempotency")
        merkle = try open("merkle")
        checkpoints = try open("checkpoints")
        snapshots = try open("snapshots")
        meta = try open("meta")
    }
}
