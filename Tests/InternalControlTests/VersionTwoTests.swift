import EventLog
import Foundation
import Testing

@testable import InternalControl

/// Version 2 of the catalogue (DESIGN.md): risk areas, schedules, partly performed controls, the report's own
/// words. Every version-1 draft stays valid and is recorded exactly as before.
@Suite struct VersionTwoTests {
    let rules = AppendRules(clock: .pinned(at: Instant(rfc3339: "2025-03-01T12:00:00Z")!))

    func store() throws -> (String, EventStore) {
        let path = NSTemporaryDirectory() + "ik-v2-" + UUID().uuidString
        return (path, try EventStore.create(at: path, forTests: true))
    }

    func decode(_ line: String, in store: EventStore?) throws -> EventDraft {
        switch rules.decoder(defaultActor: "test", store: store).decode(try JSONParser.parse(Array(line.utf8)), index: 0) {
        case .success(let draft): return draft
        case .failure(let failure): throw StoreError.rejected(failure.problems)
        }
    }

    /// The problems of appending `lines` (empty when they were appended); a refusal writes nothing.
    func append(_ lines: [String], to store: EventStore) throws -> [String] {
        let before = try store.read { try $0.size }
        do {
            _ = try store.append(try lines.map { try decode($0, in: store) }, clock: rules.clock, check: rules.draftCheck)
            return []
        } catch StoreError.rejected(let problems) {
            #expect(try store.read { try $0.size } == before, "a refused batch wrote nothing")
            return problems.map { "\($0.path): \($0.rule)" }
        }
    }

    static let plan = #"{"type":"PlanAdopted","payload":{"planId":"P","organisation":"Nämnden","year":2015,"adoptedOn":"2015-01-10"}}"#
    static let other = #"{"type":"PlanAdopted","payload":{"planId":"Q","organisation":"Nämnden","year":2015,"adoptedOn":"2015-01-10"}}"#
    static let area = #"{"type":"RiskAreaAdded","effectiveAt":"2015-01-10","payload":{"riskAreaId":"R1","planId":"P","title":"Dokumentation","risk":{"likelihood":3,"consequence":4}}}"#
    static func control(_ extra: String, id: String = "C", plan: String = "P") -> String {
        #"{"type":"ControlPointAdded","effectiveAt":"2015-01-10","payload":{"controlId":"\#(id)","planId":"\#(plan)","area":"A","title":"T"\#(extra)}}"#
    }
    static func performance(_ extra: String, version: String = "") -> String {
        #"{"type":"ControlPerformed"\#(version),"payload":{"performanceId":"X","controlId":"C","performedOn":"2015-03-01","examined":10,"deviating":1,"assessment":"unsatisfactory"\#(extra)}}"#
    }

    @Test func everyVersionOneExampleIsRecordedAsVersionOneWithItsPayloadUnchanged() throws {
        let examples = repositoryRoot + "/Schemas/examples"
        let names = try FileManager.default.contentsOfDirectory(atPath: examples).filter { $0.hasSuffix(".json") }.sorted()
        #expect(names.count == 18)
        for name in names {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: examples + "/" + name)), as: UTF8.self)
            guard let draft = try? decode(text, in: nil) else { continue }  // corrections need their target in a store
            let version1 = name < "15"
            #expect(draft.schemaVersion == (version1 ? 1 : 2), "\(name)")
            #expect(draft.payload == (try JSONParser.parse(Array(text.utf8)))["payload"], "\(name)")
            if version1 {
                let type = try #require(EventType(rawValue: draft.type))
                #expect(EventCatalogue.version(needed: type, payload: draft.payload.objectValue ?? [:]).version == 1, "\(name)")
            }
        }
    }

    @Test func aDraftWithoutSchemaVersionGetsTheVersionItsPayloadNeedsAndOneNamingOneIsRefused() throws {
        let (path, store) = try store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try append([Self.plan, Self.control("")], to: store) == [])
        #expect(try decode(Self.performance(""), in: store).schemaVersion == 1)
        #expect(try decode(Self.performance(#","coverage":"partial""#), in: store).schemaVersion == 2)
        #expect(try decode(Self.area, in: store).schemaVersion == 2)
        #expect(try append([Self.performance(#","unit":"Hemtjänst""#, version: #","schemaVersion":1"#)], to: store) == [
            "schemaVersion: payload.unit is a field of version 2 needs schema version 2; write 2, or leave schemaVersion out",
        ])
        #expect(try append([Self.area.replacingOccurrences(of: #""type":"RiskAreaAdded""#,
                                                             with: #""type":"RiskAreaAdded","schemaVersion":1"#)], to: store) == [
            "schemaVersion: RiskAreaAdded is a type of version 2 needs schema version 2; write 2, or leave schemaVersion out",
        ])
        #expect(try append([Self.performance("", version: #","schemaVersion":2"#)], to: store) == [])
        #expect(try append([Self.performance("", version: #","schemaVersion":3"#).replacingOccurrences(of: "\"X\"", with: "\"Y\"")],
                           to: store) == ["schemaVersion: unknown schema version; this ik knows 1, 2 (leave it out for 1)"])
        let versions = try store.read { view in try (1...view.size).compactMap { try view.envelope(at: $0)?.schemaVersion } }
        #expect(versions == [1, 1, 2])
    }

    @Test func aControlPointNamesARiskAreaOfItsOwnPlan() throws {
        let (path, store) = try store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try append([Self.area], to: store) == ["payload.planId: no such plan; adopt it first (PlanAdopted)"])
        #expect(try append([Self.plan, Self.other, Self.area], to: store) == [])
        #expect(try append([Self.control(#","riskAreaId":"R2""#)], to: store)
            == ["payload.riskAreaId: no such risk area; add it first (RiskAreaAdded)"])
        #expect(try append([Self.control(#","riskAreaId":"R1""#, plan: "Q")], to: store)
            == ["payload.riskAreaId: the risk area belongs to plan P, not Q"])
        #expect(try append([Self.control(#","riskAreaId":"r1""#)], to: store)
            == ["payload.riskAreaId: no such risk area; did you mean R1?"])
        #expect(try append([Self.control(#","riskAreaId":"R1","schedule":["2015-H1"]"#)], to: store) == [])
        let revision = #"{"type":"ControlPointRevised","effectiveAt":"2015-02-01","payload":{"controlId":"C","reason":"r","riskAreaId":"R9"}}"#
        #expect(try append([revision], to: store) == ["payload.riskAreaId: no such risk area; add it first (RiskAreaAdded)"])
        #expect(try append([Self.area], to: store) == ["payload.riskAreaId: riskarea R1 already exists (seq 3, RiskAreaAdded); ids are unique"])
    }

    @Test func aScheduleNamesPeriodsAndAPartlyPerformedControlHasAnAssessment() throws {
        let (path, store) = try store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try append([Self.plan, Self.control(#","schedule":["2015-H3","2015-05-17",7]"#)], to: store) == [
            "payload.schedule[0]: must name a period: 2015, 2015-H1, 2015-T2, 2015-Q3 or 2015-05",
            "payload.schedule[1]: must name a period: 2015, 2015-H1, 2015-T2, 2015-Q3 or 2015-05",
            "payload.schedule[2]: must be a string, not an integer",
        ])
        #expect(try append([Self.plan, Self.control(#","schedule":[]"#)], to: store)
            == ["payload.schedule: name at least one period, or leave the field out"])
        #expect(try append([Self.plan, Self.control(#","schedule":["2015-H1","2015-T3","2015-Q2","2015-05","2016"]"#)], to: store) == [])
        #expect(try append([Self.performance(#","coverage":"partial""#).replacingOccurrences(of: "unsatisfactory", with: "not-performed")],
                           to: store) == [
            "payload.coverage: a control performed in part was performed: give the assessment of what was done "
                + "(undetermined when none can be made); not-performed is for a control not done at all",
        ])
        #expect(try append([Self.performance(#","coverage":"partial""#)], to: store) == [])
    }

    @Test func aControlIsDueWhenItsScheduleOverlapsThePeriodElseInThePlansYear() throws {
        let h1 = try #require(Period("2015-H1")), h2 = try #require(Period("2015-H2")), year = try #require(Period("2015"))
        let firstHalf = [try #require(ScheduleRules.period("2015-H1"))]
        #expect(ScheduleRules.isDue(schedule: firstHalf, planYear: 2015, in: h1.dates))
        #expect(!ScheduleRules.isDue(schedule: firstHalf, planYear: 2015, in: h2.dates))
        #expect(ScheduleRules.isDue(schedule: firstHalf, planYear: 2015, in: year.dates))
        #expect(ScheduleRules.isDue(schedule: [try #require(ScheduleRules.period("2015-05"))], planYear: 2015,
                                    in: try #require(Period("2015-T2")).dates))
        #expect(ScheduleRules.isDue(schedule: nil, planYear: 2015, in: h2.dates))
        #expect(!ScheduleRules.isDue(schedule: nil, planYear: 2014, in: h2.dates))
        #expect(ScheduleRules.period("2015-05-17") == nil && ScheduleRules.period("2015-h2")?.name == "2015-H2")
    }

    @Test func peopleMayWriteChoicesAndListsAsTheySpeak() throws {
        #expect(try FieldKind.choice(EventCatalogue.frequencies).value(fromText: "Halvår").get() == "semiannual")
        #expect(try FieldKind.choice(EventCatalogue.coverages).value(fromText: "delvis").get() == "partial")
        #expect(try FieldKind.choice(EventCatalogue.assessments).value(fromText: "med anmärkning").get() == "unsatisfactory")
        #expect(try FieldKind.periodList.value(fromText: "2015-h1, 2015-H2").get() == ["2015-H1", "2015-H2"])
        #expect(throws: FieldTextProblem.self) { try FieldKind.count(minimum: 0).value(fromText: "två").get() }
    }
}
