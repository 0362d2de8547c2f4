import EventLog
import Foundation
import Synthetic
import Testing

@testable import Projections

/// Properties that must hold for any history: checked over generated histories with corrections,
/// retractions and closings, at random knowledge points and periods.
@Suite(.serialized) struct PropertyTests {
    static func generatedStore(events: Int, seed: UInt64, interval: UInt64) throws -> (String, EventStore) {
        let path = NSTemporaryDirectory() + "ik-prop-" + UUID().uuidString
        let store = try EventStore.create(at: path)
        let history = SyntheticHistory(seed: seed, committees: 3, firstYear: 2020, years: 3, controlsPerCommittee: 4)
        try SyntheticLoader.load(history, into: store, limit: events, batchSize: 150, snapshotInterval: interval)
        return (path, store)
    }

    /// A ledger's content without the seq it was evaluated at.
    static func content(_ ledger: PlanLedger) -> JSONValue {
        var json = ledger.json.objectValue ?? [:]
        json["seq"] = nil
        return .object(json)
    }

    @Test(arguments: [UInt64(7), 42])
    func theLedgerFromTheNearestSnapshotEqualsTheFoldFromTheFirstEvent(seed: UInt64) throws {
        let (path, store) = try Self.generatedStore(events: 3000, seed: seed, interval: 250)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let query = LedgerQuery(store: store)
        var rng = SplitMix64(seed: seed)
        let size = try store.read { try $0.size }
        #expect(try store.read { try $0.snapshotNames(withPrefix: LedgerQuery.partitionPrefix) }.count >= 3)
        for _ in 0..<12 {
            let seq = UInt64(rng.int(1...Int(size)))
            let fromSnapshots = try query.ledgers(asOf: .seq(seq)).ledgers
            let folded = try store.read { try Ledger.fold($0, upTo: seq) }.plans.values.sorted { $0.planId < $1.planId }
            #expect(fromSnapshots.map(\.planId) == folded.map(\.planId), "plans at seq \(seq)")
            for (a, b) in zip(fromSnapshots, folded) {
                #expect(Self.content(a) == Self.content(b), "plan \(a.planId) at seq \(seq)")
            }
            // One plan alone, through the single-plan path, equals its part of the whole fold.
            if let plan = folded.randomElement(using: &rng), !plan.planId.isEmpty {
                let alone = try query.ledgers(asOf: .seq(seq), plans: [plan.planId]).ledgers[0]
                #expect(Self.content(alone) == Self.content(plan), "plan \(plan.planId) alone at seq \(seq)")
            }
        }
    }

    /// Catching up after a long stretch (a streamed append of millions of events) goes in steps that each hold
    /// a bounded number of records; the boundaries of the steps answer queries exactly as the fold does.
    @Test func catchingUpInBoundedStepsGivesTheSameLedgers() throws {
        let (path, store) = try Self.generatedStore(events: 2000, seed: 11, interval: 1_000_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let size = try store.read { try $0.size }
        let query = LedgerQuery(store: store, interval: 100, heldRecordLimit: 300)
        #expect(try query.catchUp(force: true) == size)
        let boundaries = try store.read { view in
            var found: [UInt64] = []
            var below = size
            while below > 0, case let b = try LedgerQuery.boundary(in: view, atOrBelow: below), b > 0 {
                found.append(b)
                below = b - 1
            }
            return found
        }
        #expect(boundaries.count >= 4, "boundaries \(boundaries)")
        #expect(boundaries.first == size)
        var rng = SplitMix64(seed: 11)
        for seq in boundaries.prefix(3) + (0..<6).map({ _ in UInt64(rng.int(1...Int(size))) }) {
            let fromSnapshots = try query.ledgers(asOf: .seq(seq)).ledgers
            let folded = try store.read { try Ledger.fold($0, upTo: seq) }.plans.values.sorted { $0.planId < $1.planId }
            #expect(fromSnapshots.map(Self.content) == folded.map(Self.content), "ledgers at seq \(seq)")
        }
    }

    @Test func theStateAsOfSeqNIgnoresEverythingAfterN() throws {
        let (path, store) = try Self.generatedStore(events: 2500, seed: 3, interval: 400)
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
        let (path, store) = try Self.generatedStore(events: 2500, seed: 5, interval: 1000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let query = LedgerQuery(store: store)
        let effective: [UInt64: CalendarDate] = try store.read { view in
            var dates: [UInt64: CalendarDate] = [:]
            try view.forEachLedgerEvent(in: 1...(try view.size)) { event in
                switch event.values {
                case .performance(let p)?: dates[event.seq] = p.performedOn
                case .deviation(let d)?: dates[event.seq] = d.observedOn
                default: break
                }
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
