import EventLog
import Foundation
import InternalControl
import Projections
import Synthetic

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

/// Appends `total` more events to `store`, `batch` per append (one durable commit each), numbered after those it has.
func appendBatches(store: EventStore, total: Int, batch: Int) throws -> Double {
    var elapsed = 0.0
    let have = Int(try store.read { try $0.size })
    var start = have
    while start < have + total {
        let batchDrafts = drafts(start..<min(start + batch, have + total))
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
        // A store of an earlier round goes on (Tools/bench interleaves rounds of ik and raw LMDB on the same stores).
        let store = EventStore.exists(at: directory) ? try EventStore(openingAt: directory) : try EventStore.create(at: directory)
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
    case "fill-domain":
        // The synthetic history has recorded times of its own: a test store; the fold records are written with the events.
        let store = try EventStore.create(at: directory, forTests: true, options: StoreOpening.options(readOnly: false))
        let history = SyntheticHistory(seed: 1, committees: SyntheticHistory.committees(forEvents: count), firstYear: 2015, years: 10)
        let t0 = now()
        let written = try SyntheticLoader.load(history, into: store, limit: count)
        report("fill-domain", count: written, seconds: now() - t0)
    case "rebuild":
        // The full rebuild: fold every event into the facts of all plans, then evaluate state and trend (the figures;
        // texts are read from the payloads only when a view is rendered).
        let store = try EventStore(openingAt: directory, readOnly: true)
        let t0 = now()
        let (folds, knowledge) = try LedgerQuery(store: store).folds(asOf: .now)
        let facts = folds.map(PlanFacts.init)
        var rows = 0
        let all = Period(first: CalendarDate("2000-01-01")!, last: CalendarDate("2030-12-31")!)
        for plan in facts {
            rows += StateProjection.evaluate(plan, period: all, referenceDate: CalendarDate("2025-06-30")!, texts: NoTexts()).controls.count
        }
        rows += TrendProjection.evaluate(facts, dates: all.dates, bucket: .year, grouping: .control,
                                         referenceDate: CalendarDate("2025-06-30")!, texts: NoTexts()).count
        FileHandle.standardError.write(Data("rebuild: \(rows) state and trend rows\n".utf8))
        report("rebuild-state-trend", count: Int(knowledge.seq), seconds: now() - t0)
    case "asof":
        // State of one plan for its year, as known at a random seq after its adoption.
        let store = try EventStore(openingAt: directory, readOnly: true)
        let query = LedgerQuery(store: store)
        let plans = try store.read { try $0.streamIDs(withPrefix: "plan-", limit: .max) }.map { String($0.dropFirst(5)) }
        let size = try store.read { try $0.size }
        var rng = SplitMix64(seed: 9)
        var times: [Double] = []
        var points: [(ms: Double, plan: String, seq: UInt64, adopted: UInt64)] = []
        for _ in 0..<count {
            let plan = rng.pick(plans)
            let year = Int(plan.split(separator: "-").last ?? "") ?? 2020
            // A point at or after the plan's adoption (a query of a plan not yet known is refused).
            let adopted = try store.read { try $0.firstSeq(ofStream: "plan-" + plan) } ?? 1
            let seq = UInt64(rng.int(Int(adopted)...Int(size)))
            let t0 = now()
            _ = try query.state(period: Period.year(year)!, asOf: .seq(seq), plans: [plan])
            times.append(now() - t0)
            points.append(((now() - t0) * 1000, plan, seq, adopted))
        }
        // The slowest points, to say which queries cost the most (a plan's history, its size, the point).
        for p in points.sorted(by: { $0.ms > $1.ms }).prefix(5) {
            FileHandle.standardError.write(Data(String(format: "  slow: %.1f ms plan %@ (adopted seq %llu) as of seq %llu\n",
                p.ms, p.plan, p.adopted, p.seq).utf8))
        }
        times.sort()
        let median = times[times.count / 2]
        let worst = times.last ?? 0
        FileHandle.standardError.write(Data(String(format: "as-of state of one plan: median %.1f ms, p95 %.1f ms, max %.1f ms over %d random points\n",
            median * 1000, times[times.count * 95 / 100] * 1000, worst * 1000, times.count).utf8))
        report("asof-state-query", count: times.count, seconds: times.reduce(0, +))
        print("{\"name\":\"asof-state-query-max-ms\",\"per_s\":\((worst * 1000 * 10).rounded() / 10),\"count\":1,\"seconds\":\(worst)}")
    case "asof-point":
        // One as-of query repeated (for a profile of a slow point): ik-bench asof-point DIR N PLAN SEQ.
        let store = try EventStore(openingAt: directory, readOnly: true)
        let plan = arguments[4]
        let seq = UInt64(arguments[5]) ?? 1
        let year = Int(plan.split(separator: "-").last ?? "") ?? 2020
        let t0 = now()
        for _ in 0..<count { _ = try LedgerQuery(store: store).state(period: Period.year(year)!, asOf: .seq(seq), plans: [plan]) }
        report("asof-point", count: count, seconds: now() - t0)
    case "bytes-domain":
        // The whole store, every database and LMDB's own overhead included: the data file's size per event.
        let store = try EventStore(openingAt: directory, readOnly: true)
        let size = try store.read { try $0.size }
        let bytes = (try FileManager.default.attributesOfItem(atPath: directory + "/data.mdb")[.size] as? Int) ?? 0
        let perEvent = Double(bytes) / Double(max(size, 1))
        FileHandle.standardError.write(Data("store: \(bytes) bytes for \(size) events\n".utf8))
        print("{\"name\":\"bytes-per-event-domain\",\"per_s\":\((perEvent * 10).rounded() / 10),\"count\":\(size),\"seconds\":0}")
    case "one-stream":
        // N results of one control point in one append, against N results spread over N/10 control points: the rules
        // read what they need of a stream once per append, so both take about the same time.
        func seconds(streams: Int) throws -> Double {
            let path = directory + "/one-stream-\(streams)"
            let store = try EventStore.create(at: path, options: EventStore.Options(appendHook: StoredRecords.hook))
            let rules = AppendRules(clock: .system)
            let setup = [EventDraft(type: "PlanAdopted", stream: "plan-B-2024", effectiveAt: CalendarDate("2024-01-10")!, actor: "bench",
                                    payload: ["planId": "B-2024", "organisation": "Nämnden", "year": 2024, "adoptedOn": "2024-01-10"])]
                + (0..<streams).map { c in
                    EventDraft(type: "ControlPointAdded", stream: "control-B-\(c)", effectiveAt: CalendarDate("2024-01-10")!,
                               actor: "bench", payload: ["controlId": .string("B-\(c)"), "planId": "B-2024", "area": "Bench",
                                                         "title": .string("Kontrollmoment \(c)")])
                }
            try store.append(setup, check: rules.draftCheck)
            let drafts = (0..<count).map { i in
                let date = CalendarDate(daysSinceEpoch: CalendarDate("2024-01-11")!.daysSinceEpoch + i % 300)
                return EventDraft(type: "ControlPerformed", stream: "control-B-\(i % streams)", effectiveAt: date, actor: "bench",
                                  payload: ["performanceId": .string("P-\(i)"), "controlId": .string("B-\(i % streams)"),
                                            "performedOn": .string(date.description), "examined": 20, "deviating": 3,
                                            "assessment": "partly-satisfactory"])
            }
            let t0 = now()
            try store.append(drafts, check: rules.draftCheck)
            return now() - t0
        }
        let one = try seconds(streams: 1)
        let spread = try seconds(streams: max(1, count / 10))
        report("append-one-stream", count: count, seconds: one)
        report("append-spread-streams", count: count, seconds: spread)
        print("{\"name\":\"append-one-stream-vs-spread\",\"per_s\":\((one / spread * 100).rounded() / 100),\"count\":\(count),\"seconds\":\(one)}")
    case "dump":
        // The events of a store as JSON Lines {"kind", "stream", "payload"} on standard output, in seq order: what the
        // peer (Tools/bench-peer.py) loads to replay the same events.
        let store = try EventStore(openingAt: directory, readOnly: true)
        let out = FileHandle.standardOutput
        var buffer: [UInt8] = []
        try store.read { view in
            let size = try view.size
            guard size > 0 else { return }
            try view.forEachRawEnvelope(in: 1...size) { seq, bytes in
                let envelope = try Envelope(bytes: bytes)
                buffer += Array("{\"kind\":\"\(envelope.type)\",\"stream\":\"\(envelope.stream)\",\"payload\":".utf8)
                buffer += try view.withPayloadBytes(at: seq) { Array($0) } ?? Array("null".utf8)
                buffer += Array("}\n".utf8)
                if buffer.count > 1 << 20 {
                    out.write(Data(buffer))
                    buffer.removeAll(keepingCapacity: true)
                }
                return true
            }
        }
        out.write(Data(buffer))
    case "trend10":
        // Ten years of one long-lived control point, by year.
        let store = try EventStore(openingAt: directory, readOnly: true)
        let query = LedgerQuery(store: store)
        let t0 = now()
        var rows = 0
        for _ in 0..<count {
            rows = try query.trend(dates: nil, bucket: .year, grouping: .control, only: "K1-LÄK-1", asOf: .now, plans: ["K1-2015"]).rows.count
        }
        FileHandle.standardError.write(Data("trend of one control point: \(rows) yearly rows\n".utf8))
        report("trend-one-control-10y", count: count, seconds: now() - t0)
    default:
        FileHandle.standardError.write(Data("unknown case \(arguments[1])\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("ik-bench: \(error)\n".utf8))
    exit(1)
}
