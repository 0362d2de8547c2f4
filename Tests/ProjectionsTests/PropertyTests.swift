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
        let store = try EventStore.create(at: path, forTests: true)
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

    @Test(arguments: [UInt64(7), 42])
    func thePathOfOnePlanEqualsItsPartOfTheWholeFold(seed: UInt64) throws {
        let (path, store) = try Self.generatedStore(events: 3000, seed: seed)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let query = LedgerQuery(store: store)
        var rng = SplitMix64(seed: seed)
        let size = try store.read { try $0.size }
        for _ in 0..<6 {
            let seq = UInt64(rng.int(1...Int(size)))
            let all = try query.folds(asOf: .seq(seq)).folds
            #expect(!all.isEmpty)
            for fold in all where fold.plan != 0 {
                let id = try store.read { LogTexts(view: $0).thingId(fold.plan) } ?? ""
                let alone = try query.folds(asOf: .seq(seq), plans: [id]).folds[0]
                #expect(Self.content(alone) == Self.content(fold), "plan \(id) alone at seq \(seq)")
            }
        }
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
            #expect(trend.rows.allSatisfy { period.dates.contains($0.bucket.first) && period.dates.contains($0.bucket.last) })
        }
    }
}
