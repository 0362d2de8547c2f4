import EventLog
import InternalControl

/// Checks the projections' caches against the log: every stored fold record and every plan's head is
/// recomputed from the envelopes and payloads and compared, so no answer can come from a cache `verify` has
/// not checked. The log's own verification (``EventStore/verify(anchors:progress:)``) cannot know projections;
/// `ik verify` runs both, and so will the server.
public enum CacheVerification {
    /// The problems found, first seq first (at most `limit`); empty when the caches agree with the log, or when
    /// there are none of this version (then every query folds from the log itself). Snapshots of earlier releases
    /// are not checked: nothing reads them, and the next write removes them.
    public static func problems(in store: EventStore, limit: Int = 50) throws -> [VerificationProblem] {
        try store.read { view in try problems(in: view, limit: limit) }
    }

    static func problems(in view: LogView, limit: Int) throws -> [VerificationProblem] {
        var found: [VerificationProblem] = []
        func problem(_ seq: UInt64?, _ detail: String) {
            if found.count < limit { found.append(VerificationProblem(seq: seq, check: "projection records", detail: detail)) }
        }
        // No records, or records of another version: queries fold from the log itself, so nothing to check.
        guard try view.recordsVersion == FoldRecord.version else { return found }
        let size = try view.size
        let reach = StoredRecords.number(try view.derivedValue(forKey: StoredRecords.lastKey)) ?? 0
        if reach != size {
            problem(nil, "the records say they reach seq \(reach), but the log has \(size) events")
        }
        var records = try LogRecords(view: view)
        var heads: [UInt64: UInt64] = [:]
        var chains: [UInt64: [UInt64]] = [:]
        let texts = LogTexts(view: view)
        if size > 0 {
            try records.forEach(in: 1...size) { seq, expected, _, _ in
                if expected.plan != 0 {
                    heads[expected.plan] = seq
                    if seq <= reach { chains[expected.plan, default: []].append(seq) }
                }
                guard seq <= reach else { return }
                let stored = try view.withRecord(at: seq) { bytes in (Array(bytes), FoldRecord(bytes: bytes)) }
                guard let (bytes, record) = stored else { return problem(seq, "the record is missing") }
                guard bytes != expected.bytes else { return }
                problem(seq, describe(record, expected, texts: texts))
            }
        }
        try view.forEachRecord(in: (size + 1)...UInt64.max) { seq, _ in problem(seq, "a record for an event the log does not have") }
        for (plan, head) in heads.sorted(by: { $0.value < $1.value }) {
            let stored = StoredRecords.number(try view.derivedValue(forKey: StoredRecords.headKey(plan)))
            if stored != head, head <= reach {
                problem(head, "plan \(texts.thingId(plan) ?? String(plan)): its chain of records starts at seq "
                    + "\(stored.map(String.init) ?? "none"), not at its latest record \(head)")
            }
        }
        try segmentProblems(in: view, chains: chains, texts: texts, problem)
        return found.sorted { ($0.seq ?? .max) < ($1.seq ?? .max) }
    }

    /// Checks each plan's segments and tail against its chain of records (`chains`: each plan's seqs in order):
    /// its records cut in runs of ``PlanSegments/size`` from the first, each run the stored records.
    static func segmentProblems(in view: LogView, chains: [UInt64: [UInt64]], texts: LogTexts,
                                _ problem: (UInt64?, String) -> Void) throws {
        func name(_ plan: UInt64) -> String { "plan \(texts.thingId(plan) ?? String(plan))" }
        var seen: [UInt64: Int] = [:]
        try view.forEachDerivedValue(withPrefix: PlanSegments.prefix) { key, value in
            guard let (plan, last) = PlanSegments.place(ofKey: key) else {
                problem(nil, "a segment of records under a key that is not a segment's")
                return true
            }
            let chain = chains[plan] ?? []
            let size = PlanSegments.size
            guard let end = chain.firstIndex(of: last), (end + 1) % size == 0 else {
                problem(last, "\(name(plan)): a segment of records ending at seq \(last), which no run of its chain does")
                return true
            }
            seen[plan, default: 0] += 1
            let run = chain[(end + 1 - size)...end]
            guard let records = PlanSegments.records(value, plan: plan, last: last), records.map(\.seq) == Array(run) else {
                problem(last, "\(name(plan)): the segment of records ending at seq \(last) does not hold its chain's records")
                return true
            }
            for (seq, record) in records where try view.withRecord(at: seq, { FoldRecord(bytes: $0) }) ?? nil != record {
                problem(seq, "\(name(plan)): the segment of records ending at seq \(last) differs from the record of seq \(seq)")
            }
            return true
        }
        for (plan, chain) in chains.sorted(by: { $0.key < $1.key }) {
            let full = chain.count / PlanSegments.size
            let expected = PlanSegments.Tail(end: full == 0 ? 0 : chain[full * PlanSegments.size - 1],
                                             pending: UInt64(chain.count - full * PlanSegments.size))
            if seen[plan, default: 0] != full {
                problem(chain.last, "\(name(plan)): \(seen[plan, default: 0]) segments of records, not \(full)")
            }
            let tail = PlanSegments.Tail(try view.derivedValue(forKey: PlanSegments.tailKey(plan)))
            if tail != expected {
                problem(chain.last, "\(name(plan)): its segments are said to end at seq \(tail.map { String($0.end) } ?? "none"), "
                    + "not at \(expected.end)")
            }
        }
    }

    /// What differs between a stored record and the one the log gives, in words.
    static func describe(_ stored: FoldRecord?, _ expected: FoldRecord, texts: LogTexts) -> String {
        let plan = texts.thingId(expected.plan).map { "plan \($0), " } ?? ""
        let place = "\(plan)\(expected.effective.year)"
        guard let stored else { return "\(place): the stored record cannot be read (damaged or edited)" }
        var differences: [String] = []
        if stored.type != expected.type { differences.append("type \(stored.type?.rawValue ?? "-") instead of \(expected.type?.rawValue ?? "-")") }
        if stored.thing != expected.thing || stored.plan != expected.plan {
            differences.append("it is placed at thing \(stored.thing), plan \(stored.plan) instead of \(expected.thing), \(expected.plan)")
        }
        if stored.previousInPlan != expected.previousInPlan {
            differences.append("its plan's previous record is \(stored.previousInPlan), not \(expected.previousInPlan)")
        }
        if stored.effective != expected.effective { differences.append("effective \(stored.effective), not \(expected.effective)") }
        if stored.target != expected.target { differences.append("target \(stored.target), not \(expected.target)") }
        if stored.values != expected.values {
            differences.append("figures \(describe(stored.values)) instead of \(describe(expected.values))")
        }
        return "\(place): the stored record differs from the log: " + differences.joined(separator: "; ")
    }

    static func describe(_ values: FactValues?) -> String {
        switch values {
        case nil: "none"
        case .performance(let p)?: "examined \(p.examined), deviating \(p.deviating), serious \(p.serious.map(String.init) ?? "-")"
        case .deviation(let d)?: "count \(d.count), severity \(d.severity), observed \(d.observedOn)"
        case let other?: String(describing: other)
        }
    }
}
