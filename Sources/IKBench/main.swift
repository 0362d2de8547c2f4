import EventLog
import Foundation

// The Swift side of Tools/bench: each case runs IKStore's own log in-process (no CLI start-up) and prints
// one JSON line {"name", "per_s", "count", "seconds"}. Tools/bench runs the C baseline beside it.

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func report(_ name: String, count: Int, seconds: Double) {
    let perSecond = Double(count) / seconds
    let rounded = perSecond >= 100 ? perSecond.rounded() : (perSecond * 100).rounded() / 100
    print("{\"name\":\"\(name)\",\"per_s\":\(rounded),\"count\":\(count),\"seconds\":\(seconds)}")
    fflush(nil)
}

/// ~300 bytes of canonical payload, varying per event like real free text does.
func payload(_ i: Int) -> JSONValue {
    let filler = "Kontroll av saldo i narkotikajournal, enhet \(i % 97), avvikelse utredd och återkopplad till MAS. "
    return [
        "deviationId": .string("D-\(i)"), "controlId": .string("C-\(i % 50)"), "count": .integer(Int64(i % 7)),
        "description": .string(String((filler + filler + filler).prefix(200))), "severity": "minor",
    ]
}

func drafts(_ range: Range<Int>) -> [EventDraft] {
    range.map { i in
        EventDraft(type: "DeviationRecorded", stream: "deviation-D-\(i)",
                   effectiveAt: CalendarDate(daysSinceEpoch: 19_000 + i % 1500), actor: "bench",
                   idempotencyKey: "bench-\(i)", payload: payload(i))
    }
}

func appendBatches(store: EventStore, total: Int, batch: Int) throws -> Double {
    var elapsed = 0.0
    var start = 0
    while start < total {
        let batchDrafts = drafts(start..<min(start + batch, total))
        let t0 = now()
        try store.append(batchDrafts)
        elapsed += now() - t0
        start += batch
    }
    return elapsed
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: ik-bench CASE DIR [N]\n".utf8))
    exit(64)
}
let directory = arguments[2]
let count = arguments.count > 3 ? Int(arguments[3]) ?? 1000 : 1000

do {
    switch arguments[1] {
    case "append-batch":
        let store = try EventStore.create(at: directory)
        report("append-batch-1000", count: count, seconds: try appendBatches(store: store, total: count, batch: 1000))
    case "append-single":
        let store = try EventStore.create(at: directory)
        report("append-single-durable", count: count, seconds: try appendBatches(store: store, total: count, batch: 1))
    case "fill":
        let store = EventStore.exists(at: directory) ? try EventStore(openingAt: directory) : try EventStore.create(at: directory)
        let have = Int(try store.read { try $0.size })
        var start = have
        while start < count {
            try store.append(drafts(start..<min(start + 5000, count)))
            start += 5000
        }
        report("fill", count: count - have, seconds: 1)
    case "scan":
        let store = try EventStore(openingAt: directory, readOnly: true)
        let t0 = now()
        var seen = 0
        var bytes = 0
        try store.read { view in
            try view.forEachEnvelope(in: 1...UInt64.max) { envelope in
                seen += 1
                bytes &+= envelope.stream.utf8.count
                return true
            }
        }
        report("full-scan-decoded", count: seen, seconds: now() - t0)
        let t1 = now()
        seen = 0
        try store.read { view in
            try view.forEachRawEnvelope(in: 1...UInt64.max) { _, raw in
                seen += 1
                bytes &+= raw.count
                return true
            }
        }
        report("full-scan-raw", count: seen, seconds: now() - t1)
    case "root-cold":
        let store = try EventStore(openingAt: directory, readOnly: true)
        let t0 = now()
        let (size, root) = try store.read { view -> (Int, MerkleHash) in
            var frontier = MerkleFrontier()
            try view.forEachRawEnvelope(in: 1...UInt64.max) { _, raw in
                frontier.push(MerkleHash.leaf(raw))
                return true
            }
            return (Int(frontier.size), frontier.root)
        }
        let seconds = now() - t0
        FileHandle.standardError.write(Data("root of \(size) events: \(root.hex)\n".utf8))
        report("merkle-root-cold", count: 1, seconds: seconds)
    case "root-cached":
        let store = try EventStore(openingAt: directory, readOnly: true)
        var generator = SystemRandomNumberGenerator()
        let t0 = now()
        let roots = try store.read { view -> Int in
            let size = try view.size
            for _ in 0..<count { _ = try view.root(size: UInt64.random(in: 1...size, using: &generator)) }
            return count
        }
        report("merkle-root-cached", count: roots, seconds: now() - t0)
    default:
        FileHandle.standardError.write(Data("unknown case \(arguments[1])\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("ik-bench: \(error)\n".utf8))
    exit(1)
}
