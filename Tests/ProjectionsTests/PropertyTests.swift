import EventLog
import Foundation
import InternalControl
import Synthetic
import Testing

@testable import Projections

/// Properties that must hold for any history: checked over generated histories with corrections,
/// retractions and closings, at random knowledge points and periods.
@Suite(.serialized) struct PropertyTests {
    static func generatedStore(events: Int, seed: UInt64) throws -> (String, EventStore) {
        let path = NSTemporaryDirectory() + "ik-prop-" + UUID().uuidString
        let store = try EventStore.create(at: path, forTests: true, options: StoreOpening.options(readOnly: false))
        let history = SyntheticHistory(seed: seed, committees: 3, firstYear: 2020, years: 3, controlsPerCommittee: 4)
        try SyntheticLoader.load(history, into: store, limit: events, batchSize: 150)
        return (path, store)
    }

    /// A fold's content, to compare two folds.
    static func content(_ fold: PlanFold) -> [String] {
        fold.facts.map { fact in
            "\(fact.seq) \(fact.type) \(fact.thing) \(fact.effective) retracted \(fact.retractedAt.map(String.init) ?? "-") "
                + fact.versions.map { "\($0.seq):\(String(describing: $0.values))" }.joined(separator: ",")
        }
    }

    /// Everything a state and a trend show, to compare two ways of answering.
    static func answers(_ query: LedgerQuery, at seq: UInt64, period: Period, plans: [String]?) throws -> String {
        let state = try query.state(period: period, asOf: .seq(seq), plans: plans)
        let trend = try query.trend(dates: period.dates, bucket: .quarter, grouping: .control, only: nil, asOf: .seq(seq), plans: plans)
        // Dictionaries print in no fixed order: the assessment counts are listed sorted.
        let plans = state.plans.map { plan in
            "\(plan.assessments.sorted { $0.key < $1.key })" + String(describing: plan.controls) + String(describing: plan.otherActions)
                + String(describing: plan.reports) + "\(plan.planId) \(plan.redactedSeqs) \(plan.sources)"
        }
        return plans.joined(separator: "\n") + String(describing: trend.rows)
    }

    @Test(arguments: [UInt64(7), 42])
    func theStoredRecordsAnswerAsTheFoldFromTheFirstEventDoes(seed: UInt64) throws {
        let (path, store) = try Self.generatedStore(events: 3000, seed: seed)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try CacheVerification.problems(in: store).isEmpty)
        let stored = LedgerQuery(store: store)
        let log = LedgerQuery(store: store, fromLog: true)
        var rng = SplitMix64(seed: seed)
        let size = try store.read { try $0.size }
        for _ in 0..<8 {
            let seq = UInt64(rng.int(1...Int(size)))
            let period = rng.pick([Period("2020")!, Period("2021-H2")!, Period("2022-Q1")!])
            let all = try stored.folds(asOf: .seq(seq)).folds
            #expect(all.map(Self.content) == (try log.folds(asOf: .seq(seq)).folds.map(Self.content)), "all plans at seq \(seq)")
            #expect(try Self.answers(stored, at: seq, period: period, plans: nil) == Self.answers(log, at: seq, period: period, plans: nil))
            for fold in all where fold.plan != 0 {
                let id = try store.read { LogTexts(view: $0).thingId(fold.plan) } ?? ""
                let alone = try stored.folds(asOf: .seq(seq), plans: [id]).folds[0]
                #expect(Self.content(alone) == Self.content(fold), "plan \(id) alone at seq \(seq)")
                #expect(try Self.answers(stored, at: seq, period: period, plans: [id]) == Self.answers(log, at: seq, period: period, plans: [id]))
            }
        }
    }

    /// The stored records, then every plan's segments and tail, as bytes.
    static func storedRecords(_ store: EventStore) throws -> (records: [[UInt8]], segments: [[UInt8]]) {
        try store.read { view in
            var records: [[UInt8]] = []
            try view.forEachRecord(in: 1...UInt64.max) { _, bytes in records.append(Array(bytes)) }
            var segments: [[UInt8]] = []
            for prefix in [PlanSegments.prefix, PlanSegments.tailPrefix] {
                try view.forEachDerivedValue(withPrefix: prefix) { key, value in
                    segments.append(Array(key) + [0] + Array(value))
                    return true
                }
            }
            return (records, segments)
        }
    }

    @Test func recordsBuiltAfterTheFactEqualThoseWrittenWithTheEvents() throws {
        let (path, store) = try Self.generatedStore(events: 2000, seed: 11)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let written = try Self.storedRecords(store)
        #expect(written.records.count == 2000)
        #expect(written.segments.count > 20, "the plans' records are kept in segments too")
        // In steps of 300 events (several transactions), from the first event.
        #expect(try StoredRecords.update(store, rebuild: true, step: 300) == 2000)
        let rebuilt = try Self.storedRecords(store)
        #expect(rebuilt.records == written.records)
        #expect(rebuilt.segments == written.segments)
        #expect(try CacheVerification.problems(in: store).isEmpty)
    }

    @Test func aPlansSegmentTakenOutOrEditedIsNamedByVerifyAndATakenOutOneIsNoAnswer() throws {
        let (path, store) = try Self.generatedStore(events: 2000, seed: 5)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let size = try store.read { try $0.size }
        let log = LedgerQuery(store: store, fromLog: true)
        // The plan with the most segments; its second segment.
        let keys = try store.read { view in
            var keys: [[UInt8]] = []
            try view.forEachDerivedValue(withPrefix: PlanSegments.prefix) { key, _ in
                keys.append(Array(key))
                return true
            }
            return keys
        }
        let plans = Dictionary(grouping: keys) { Array($0[0..<PlanSegments.prefix.count + 8]) }
        let (_, planKeys) = try #require(plans.max { $0.value.count < $1.value.count })
        #expect(planKeys.count >= 3)
        let key = planKeys[1]
        let place = try #require(key.withUnsafeBytes { PlanSegments.place(ofKey: $0) })
        let id = try #require(try store.read { LogTexts(view: $0).thingId(place.plan) })
        let year = try #require(Period(String(id.suffix(4))))
        let points = [place.last, size]
        let expected = try points.map { try Self.answers(log, at: $0, period: year, plans: [id]) }
        let value = try #require(try store.read { try $0.derivedValue(forKey: key) })
        // Taken out: the plan's segments no longer link, so its queries fold from the log.
        _ = try store.updateDerived { try $0.removeValue(forKey: key) }
        #expect(try points.map { try Self.answers(LedgerQuery(store: store), at: $0, period: year, plans: [id]) } == expected)
        let missing = try CacheVerification.problems(in: store)
        #expect(missing.contains { $0.detail.contains("segments of records, not") }, "\(missing)")
        // Edited (a record's figures changed): verify names the segment.
        var edited = value
        edited[edited.count - 1] ^= 1
        try store.updateDerived { try $0.put(edited, forKey: key) }
        let problems = try CacheVerification.problems(in: store)
        #expect(problems.contains { $0.detail.contains("the segment of records ending at seq \(place.last)") }, "\(problems)")
        // Rebuilt, the records answer as the log does and verify passes.
        try StoredRecords.update(store, rebuild: true)
        #expect(try CacheVerification.problems(in: store).isEmpty)
        #expect(try points.map { try Self.answers(LedgerQuery(store: store), at: $0, period: year, plans: [id]) } == expected)
    }

    @Test func theStateAsOfSeqNIgnoresEverythingAfterN() throws {
        let (path, store) = try Self.generatedStore(events: 2500, seed: 3)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let query = LedgerQuery(store: store)
        var rng = SplitMix64(seed: 3)
        let size = try store.read { try $0.size }
        for _ in 0..<8 {
            let seq = UInt64(rng.int(1...Int(size)))
            let view = try query.state(period: Period("2021")!, asOf: .seq(seq))
            var sources: [UInt64] = []
            for plan in view.plans {
                sources += plan.sources
                for c in plan.controls {
                    sources += c.performanceSources
                    sources += c.sources
                    sources += c.deviations.flatMap(\.sources)
                    sources += c.actions.flatMap(\.sources)
                }
            }
            #expect(sources.allSatisfy { $0 <= seq }, "a figure at seq \(seq) used a later event")
            #expect(view.knowledge.seq == seq)
        }
    }

    @Test func thePeriodFilterNeverCountsAnEventOutsideThePeriod() throws {
        let (path, store) = try Self.generatedStore(events: 2500, seed: 5)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let query = LedgerQuery(store: store)
        let effective: [UInt64: CalendarDate] = try store.read { view in
            var dates: [UInt64: CalendarDate] = [:]
            try view.forEachEvent(in: 1...(try view.size)) { event in
                guard let type = EventType(rawValue: event.envelope.type), let payload = event.payload else { return true }
                switch try? DomainEvent(type, payload: payload) {
                case .controlPerformed(let p)?: dates[event.envelope.seq] = p.performedOn
                case .deviationRecorded(let d)?: dates[event.envelope.seq] = d.observedOn
                default: break
                }
                return true
            }
            return dates
        }
        for name in ["2020-Q2", "2021-T3", "2021-05", "2020-H2", "2021"] {
            let period = Period(name)!
            let view = try query.state(period: period, asOf: .now)
            for control in view.plans.flatMap(\.controls) {
                let counted = control.performanceSources.compactMap { effective[$0] }
                    + control.deviations.flatMap(\.sources).compactMap { effective[$0] }
                #expect(counted.allSatisfy(period.dates.contains), "\(control.controlId) in \(name)")
            }
            let trend = try query.trend(dates: period.dates, bucket: .month, grouping: .control, only: nil, asOf: .now)
            // A bucket lies in the period; a cumulative row is named by what its results cover, which may reach outside
            // it, but every result it counts was performed in the period.
            #expect(trend.rows.allSatisfy { $0.cumulative || period.dates.contains($0.bucket.first) && period.dates.contains($0.bucket.last) })
            #expect(trend.rows.flatMap(\.sources).compactMap { effective[$0] }.allSatisfy(period.dates.contains), "\(name)")
        }
    }
}
