import EventLog
import Foundation
import Testing

@testable import InternalControl

/// One payload model: the catalogue's fields and the typed structs are the same shape, so a field added to one
/// and not the other fails here.
@Suite struct PayloadModelTests {
    /// A value of `kind` that the validator accepts.
    static func sample(_ kind: FieldKind, _ name: String) -> JSONValue {
        switch kind {
        case .id: .string("ID-\(name)")
        case .text: .string("Text of \(name)")
        case .pastDate, .plannedDate: "2024-05-06"
        case .count(let minimum, _): .integer(max(minimum, 3))
        case .range(let range): .integer(range.lowerBound)
        case .choice(let words): .string(words.last ?? "")
        case .idList: ["ID-a", "ID-b"]
        case .textList: ["a", "b"]
        case .periodList: ["2024-H1", "2024-10"]
        case .object(let fields): .object(object(fields, required: false))
        case .objectList(let fields): [.object(object(fields, required: false))]
        case .hex64: .string(String(repeating: "ab", count: 32))
        case .eventID: "0d278a6e-0000-4000-8000-000000000001"
        case .anyObject: ["anything": "goes", "n": 1]
        }
    }

    /// Every field of `fields`, or only the required ones.
    static func object(_ fields: [FieldSpec], required: Bool) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        for field in fields where field.required || !required { members[field.name] = sample(field.kind, field.name) }
        return members
    }

    @Test(arguments: EventType.allCases)
    func everyFieldOfTheCatalogueRoundTripsThroughTheTypedPayload(type: EventType) throws {
        for requiredOnly in [false, true] {
            let payload = JSONValue.object(Self.object(type.fields, required: requiredOnly))
            #expect(PayloadValidator(today: CalendarDate("2025-01-01")!).problems(of: payload, fields: type.fields).isEmpty)
            let event = try DomainEvent(type, payload: payload)
            #expect(event.type == type)
            #expect(event.json == payload, "\(type.rawValue) \(requiredOnly ? "required fields" : "all fields")")
        }
    }

    @Test func aPayloadOfTheWrongShapeIsNotDecoded() {
        #expect(throws: DecodingError.self) { try DomainEvent(.controlPerformed, payload: ["controlId": "C"]) }
        #expect(throws: DecodingError.self) {
            try DomainEvent(.deviationRecorded, payload: ["deviationId": "D", "controlId": "C", "observedOn": "2024-13-01",
                                                         "severity": "minor", "description": "x"])
        }
    }

    @Test func aRevisionReplacesOnlyTheFieldsItSets() throws {
        let added = try JSONValueDecoder().decode(ControlPointAdded.self, from: [
            "controlId": "C", "planId": "P", "area": "Ekonomi", "title": "Attest", "frequency": "monthly",
            "risk": ["likelihood": 2, "consequence": 3],
        ])
        let revision = try JSONValueDecoder().decode(ControlPointRevised.self, from: [
            "controlId": "C", "reason": "Ny rutin", "title": "Attest och representation", "risk": ["likelihood": 4, "consequence": 4],
        ])
        let revised = added.details.revised(by: revision.changes)
        #expect(revised.area == "Ekonomi" && revised.title == "Attest och representation" && revised.frequency == "monthly")
        #expect(revised.risk == Risk(likelihood: 4, consequence: 4))
    }
}

/// The append rules keep what they learn about a stream for the rest of the batch: the batch's own earlier
/// drafts count, and corrections and retractions in the log are applied.
@Suite struct BatchRulesTests {
    let rules = AppendRules(clock: .pinned(at: Instant(rfc3339: "2025-03-01T12:00:00Z")!))

    func store() throws -> (String, EventStore) {
        let path = NSTemporaryDirectory() + "ik-rules-" + UUID().uuidString
        return (path, try EventStore.create(at: path, forTests: true))
    }

    func drafts(_ lines: [String], in store: EventStore) throws -> [EventDraft] {
        let decoder = rules.decoder(defaultActor: "test", store: store)
        return try lines.enumerated().map { index, line in
            switch decoder.decode(try JSONParser.parse(Array(line.utf8)), index: index) {
            case .success(let draft): return draft
            case .failure(let failure): throw StoreError.rejected(failure.problems)
            }
        }
    }

    func append(_ lines: [String], to store: EventStore) throws -> AppendOutcome {
        try store.append(try drafts(lines, in: store), clock: rules.clock, check: rules.draftCheck)
    }

    func refusal(_ lines: [String], in store: EventStore) throws -> [String] {
        let before = try store.read { try $0.size }
        do {
            _ = try append(lines, to: store)
            return []
        } catch StoreError.rejected(let problems) {
            #expect(try store.read { try $0.size } == before, "a refused batch wrote nothing")
            return problems.map { "\($0.draftIndex) \($0.path): \($0.rule)" }
        }
    }

    static let plan = #"{"type":"PlanAdopted","payload":{"planId":"P","organisation":"Nämnden","year":2024,"adoptedOn":"2024-01-10"}}"#
    static let control = #"{"type":"ControlPointAdded","effectiveAt":"2024-01-10","payload":{"controlId":"C","planId":"P","area":"A","title":"T"}}"#
    static func performance(_ id: String) -> String {
        #"{"type":"ControlPerformed","payload":{"performanceId":"\#(id)","controlId":"C","performedOn":"2024-03-01","examined":10,"deviating":1,"assessment":"satisfactory"}}"#
    }
    static func deviation(_ id: String) -> String {
        #"{"type":"DeviationRecorded","payload":{"deviationId":"\#(id)","controlId":"C","observedOn":"2024-03-01","severity":"minor","description":"x"}}"#
    }
    static func closing(_ id: String, _ on: String = "2024-03-05") -> String {
        #"{"type":"DeviationClosed","payload":{"deviationId":"\#(id)","closedOn":"\#(on)"}}"#
    }

    @Test func anEarlierDraftOfTheSameBatchCountsForEveryRule() throws {
        let (path, store) = try store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let found = try refusal([Self.plan, Self.control, Self.performance("X"), Self.performance("Y"), Self.performance("X"),
                                 Self.deviation("D"), Self.closing("D"), Self.closing("D"), Self.control], in: store)
        #expect(found == [
            "4 payload.performanceId: control C already has a performance with this id",
            "7 payload.deviationId: is already closed (an earlier draft of this batch, 2024-03-05); retract that closing first if it was wrong",
            "8 payload.controlId: control C already exists (an earlier draft of this batch, ControlPointAdded); ids are unique",
        ])
    }

    @Test func aRefusedDraftDoesNotCountForTheDraftsAfterIt() throws {
        let (path, store) = try store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The control point names a plan that does not exist: it is refused, so the performance after it has no control.
        let found = try refusal([Self.control, Self.performance("X")], in: store)
        #expect(found == [
            "0 payload.planId: no such plan; adopt it first (PlanAdopted)",
            "1 payload.controlId: no such control point; add it first (ControlPointAdded)",
        ])
    }

    @Test func retractionsAndCorrectionsInTheLogAreApplied() throws {
        let (path, store) = try store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try append([Self.plan, Self.control, Self.performance("X"), Self.deviation("D"), Self.closing("D")], to: store)
        let performance = first.events[2].id
        let closing = first.events[4].id
        // A correction renames the performance, so its old id is free; the closing is retracted, so D may close again.
        let correction = #"{"type":"EventCorrected","payload":{"targetId":"\#(performance)","reason":"fel id","payload":{"performanceId":"X2","controlId":"C","performedOn":"2024-03-01","examined":10,"deviating":1,"assessment":"satisfactory"}}}"#
        let retraction = #"{"type":"EventRetracted","payload":{"targetId":"\#(closing)","reason":"för tidigt"}}"#
        _ = try append([correction, retraction], to: store)
        let again = try append([Self.performance("X"), Self.closing("D", "2024-04-01")], to: store)
        #expect(again.writtenCount == 2)
        #expect(try refusal([Self.performance("X2"), Self.closing("D")], in: store) == [
            "0 payload.performanceId: control C already has a performance with this id",
            "1 payload.deviationId: is already closed (seq 9, 2024-04-01); retract that closing first if it was wrong",
        ])
        #expect(try refusal([retraction], in: store) == ["0 payload.targetId: is already retracted"])
    }

    @Test func onlyTheRedactionEngineRedactsAndNeverTwiceTheSameEvent() throws {
        let (path, store) = try store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let target = try append([Self.plan, Self.control, Self.deviation("D")], to: store).events[2].id
        let kept = #"{"controlId":"C","deviationId":"D","observedOn":"2024-03-01","severity":"minor"}"#
        let redaction = #"{"type":"PayloadRedacted","payload":{"targetId":"\#(target)","reason":"sekretess","kept":\#(kept)}}"#
        #expect(try refusal([redaction], in: store)
            == ["0 type: is written only by `ik redact`, which removes the payload in the same transaction"])
        var engine = rules
        engine.allowsRedaction = true
        let drafts = try drafts([redaction, redaction], in: store)
        #expect(throws: StoreError.self) { try store.append(drafts, clock: engine.clock, check: engine.draftCheck) }
        _ = try store.append([drafts[0]], clock: engine.clock, check: engine.draftCheck)
        do {
            _ = try store.append([drafts[1]], clock: engine.clock, check: engine.draftCheck)
            Issue.record("a second redaction of one event was appended")
        } catch StoreError.rejected(let problems) {
            #expect(problems.map(\.rule) == ["its payload is already redacted"])
        }
    }

    /// Red team 6 (redaction-rewrites-past-figures): a redaction removes text, not meaning. Its `kept` holds the
    /// target's fields that are not free text, verbatim (a correction's: its target and its replacement's), checked
    /// against the payload at append, each difference named by its path; nothing is written when one differs.
    @Test func aRedactionKeepsEveryFieldThatIsNotFreeTextVerbatimOrIsRefused() throws {
        let (path, store) = try store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try append([Self.plan, Self.control, Self.performance("X")], to: store)
        let performance = first.events[2].id
        let correction = #"{"type":"EventCorrected","payload":{"targetId":"\#(performance)","reason":"fel antal","payload":{"performanceId":"X","controlId":"C","performedOn":"2024-03-01","examined":10,"deviating":4,"assessment":"satisfactory","result":"Anna S. glömde signera"}}}"#
        let corrected = try append([correction], to: store).events[0]
        let payload = try #require(try store.read { try $0.payload(at: corrected.seq) })
        let expected: JSONValue = ["targetId": .string(performance), "payload": [
            "performanceId": "X", "controlId": "C", "performedOn": "2024-03-01", "examined": 10, "deviating": 4,
            "assessment": "satisfactory",
        ]]
        #expect(RedactionRule.kept(of: .eventCorrected, payload: payload, correcting: .controlPerformed) == expected)
        #expect(RedactionRule.remains(of: .eventCorrected, kept: expected, correcting: .controlPerformed) != nil)
        var engine = rules
        engine.allowsRedaction = true
        func refused(_ kept: String?) throws -> [String] {
            let line = #"{"type":"PayloadRedacted","payload":{"targetId":"\#(corrected.id)","reason":"gallring""#
                + (kept.map { #","kept":"# + $0 } ?? "") + "}}"
            let before = try store.read { try $0.size }
            do {
                _ = try store.append(try drafts([line], in: store), clock: engine.clock, check: engine.draftCheck)
                return []
            } catch StoreError.rejected(let problems) {
                #expect(try store.read { try $0.size } == before, "a refused redaction wrote nothing")
                return problems.map { "\($0.path): \($0.rule)" }
            }
        }
        #expect(try refused(nil) == ["payload.kept: must hold the fields of the EventCorrected that are not free text "
            + "(payload, targetId) verbatim, so what the log counts stays; ik redact writes it"])
        let other = #"{"targetId":"\#(performance)","payload":{"performanceId":"X","controlId":"C","performedOn":"2024-03-01","examined":10,"deviating":1,"assessment":"satisfactory","result":"Anna S. glömde signera"}}"#
        #expect(try refused(other) == [
            "payload.kept.payload.deviating: differs from the target's deviating (4); kept holds it verbatim",
            "payload.kept.payload.result: is not a field of the target that a redaction keeps (free text goes); "
                + "kept holds the target's own fields",
        ])
        let keptText = String(decoding: CanonicalJSON.encode(expected), as: UTF8.self)
        #expect(try refused(keptText) == [])
    }

    @Test func aLongBatchForOneStreamStillSeesEveryEarlierDraft() throws {
        let (path, store) = try store()
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try append([Self.plan, Self.control], to: store)
        let many = (0..<2000).map { Self.performance("P\($0)") }
        #expect(try append(many, to: store).writtenCount == 2000)
        let found = try refusal((2000..<2100).map { Self.performance("P\($0)") } + [Self.performance("P1999")], in: store)
        #expect(found == ["100 payload.performanceId: control C already has a performance with this id"])
    }
}
