import EventLog
import Foundation
import InternalControl
import Testing

@testable import Projections

/// "Due" (DESIGN.md, version 2): a period report counts the control points due in it; those not due are
/// "ej aktuell", never "ej genomförd"; a control performed in part counts once, as performed in part.
@Suite struct DueTests {
    let path = NSTemporaryDirectory() + "ik-due-" + UUID().uuidString
    let rules = AppendRules(clock: .pinned(at: Instant(rfc3339: "2016-01-20T10:00:00Z")!))

    func located(_ lines: [String]) -> [LocatedDraft] {
        lines.enumerated().map { i, json in
            LocatedDraft(source: "test", line: i + 1, position: i + 1,
                         value: Result { try JSONParser.parse(Array(json.utf8)) }.mapError { $0 as! JSONSyntaxError })
        }
    }

    func query(_ batches: [[String]]) throws -> LedgerQuery {
        let store = try EventStore.create(at: path, clock: rules.clock, forTests: true, options: StoreOpening.options(readOnly: false))
        for batch in batches {
            _ = try Recorder(store: store, rules: rules, actor: .commandLine(claimed: "test", systemUser: "test")).append(located(batch), dryRun: false)
        }
        return LedgerQuery(store: store)
    }

    @Test func aHalfYearCountsOnlyTheControlPointsDueInIt() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let query = try query([HalfYearPlan.plan, HalfYearPlan.firstHalf, HalfYearPlan.secondHalf])
        let first = try #require(try query.state(period: Period("2015-H1")!, asOf: .now).plans.first)
        #expect(first.controls.count == 19)
        #expect(first.dueCount == 9)
        #expect(first.assessments == ["unsatisfactory": 5, "satisfactory": 3, "undetermined": 1, "not-due": 10])
        #expect(first.controls.reduce(0) { $0 + $1.performed } == 9)
        #expect(first.controls.reduce(0) { $0 + $1.partlyPerformed } == 1)
        #expect(first.controls.first { $0.controlId == HalfYearPlan.id(12) }?.standing == "not-due")

        let second = try #require(try query.state(period: Period("2015-H2")!, asOf: .now).plans.first)
        #expect(second.dueCount == 12)
        #expect(second.assessments["not-due"] == 7, "the seven done in the first half are not due again")
        #expect(second.assessments["not-performed"] == 1, "C19 is due and has no result")
        #expect(second.controls.first { $0.controlId == HalfYearPlan.id(19) }?.standing == "not-performed")

        // The year: every control point due, C09 performed twice (once in part), C19 never.
        let year = try #require(try query.state(period: Period("2015")!, asOf: .now).plans.first)
        #expect(year.dueCount == 19)
        #expect(year.assessments["not-performed"] == 1)
        #expect(year.controls.reduce(0) { $0 + $1.performed } == 20)
    }

    @Test func aResultAssessedNotPerformedIsNotCountedAsPerformed() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let query = try query([HalfYearPlan.plan, [HalfYearPlan.result(1, half: 1, assessment: "not-performed")]])
        let first = try #require(try query.state(period: Period("2015-H1")!, asOf: .now).plans.first)
        let c01 = try #require(first.controls.first)
        #expect((c01.performed, c01.standing, c01.examined) == (0, "not-performed", 10))
        let trend = try query.trend(dates: Period("2015")!.dates, bucket: .half, grouping: .control, only: HalfYearPlan.id(1),
                                    asOf: .now)
        #expect(trend.rows.map(\.performed) == [0])
    }

    @Test func withoutASchedulePeriodsOfThePlansYearAreDue() {
        let h1 = Period("2015-H1")!.dates
        #expect(ScheduleRules.isDue(schedule: nil, planYear: 2015, in: h1))
        #expect(!ScheduleRules.isDue(schedule: nil, planYear: 2014, in: h1))
        #expect(!ScheduleRules.isDue(schedule: [Period("2015-T3")!], planYear: 2015, in: h1))
        #expect(ScheduleRules.isDue(schedule: [Period("2015-06")!], planYear: 2015, in: h1))
    }
}
