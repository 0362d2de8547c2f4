import EventLog
import Testing

@testable import InternalControl

@Suite struct PayloadValidatorTests {
    let validator = PayloadValidator(today: CalendarDate("2025-03-01")!)

    func problems(_ type: EventType, _ json: String) throws -> [String] {
        let payload = try JSONParser.parse(Array(json.utf8))
        var found = validator.problems(of: payload, fields: type.fields).map(\.description)
        if found.isEmpty {
            found = try DomainEvent(type, payload: payload).crossFieldProblems.map(\.description)
        }
        return found
    }

    @Test func aValidControlPerformedHasNoProblems() throws {
        #expect(try problems(.controlPerformed, """
            {"performanceId":"P","controlId":"C","performedOn":"2024-12-31","examined":144,"deviating":23,"serious":6,
             "indicators":[{"name":"Inlämnade","numerator":121,"denominator":144}],"assessment":"partly-satisfactory"}
            """).isEmpty)
    }

    @Test func everyProblemOfAPayloadIsListedWithItsPath() throws {
        let found = try problems(.controlPerformed, """
            {"performanceId":"P","controlId":"C","performedOn":"2025-04-01","examined":"9","extra":true,
             "indicators":[{"name":"n","numerator":1}],"assessment":"fine"}
            """)
        #expect(found.contains { $0.hasPrefix("extra: unknown field") })
        #expect(found.contains { $0.hasPrefix("performedOn: \"2025-04-01\" — is in the future") })
        #expect(found.contains { $0.hasPrefix("examined: \"9\" — must be a whole number") })
        #expect(found.contains { $0.hasPrefix("deviating: required") })
        #expect(found.contains { $0.hasPrefix("indicators[0].denominator: required") })
        #expect(found.contains { $0.hasPrefix("assessment: \"fine\" — must be one of") })
    }

    @Test func crossFieldRulesHold() throws {
        #expect(try problems(.controlPerformed, """
            {"performanceId":"P","controlId":"C","performedOn":"2024-12-31","examined":3,"deviating":4,"serious":5,"assessment":"satisfactory"}
            """) == ["deviating: 4 — must not exceed examined (3)", "serious: 5 — must not exceed deviating (4)"])
        #expect(try problems(.followUpRecorded, """
            {"actionId":"A","followedUpOn":"2024-12-31","status":"in-progress","nextFollowUpOn":"2024-12-01"}
            """) == ["nextFollowUpOn: \"2024-12-01\" — must not be before followedUpOn (2024-12-31)"])
    }

    @Test func plannedDatesMayLieInTheFuture() throws {
        #expect(try problems(.actionPlanned, """
            {"actionId":"A","plannedOn":"2025-02-01","description":"d","dueOn":"2026-06-30"}
            """).isEmpty)
    }

    /// Counts far beyond any control (2^53 − 1 examined) made every read of the plan trap; they are typing errors.
    @Test func countsAreBoundedWhereTheCatalogueSays() throws {
        let found = try problems(.controlPerformed, """
            {"performanceId":"P","controlId":"C","performedOn":"2024-12-31","examined":9007199254740991,
             "deviating":1000000001,"planned":1000000000,
             "indicators":[{"name":"n","numerator":1,"denominator":9007199254740991}],"assessment":"satisfactory"}
            """)
        #expect(found == [
            "examined: 9007199254740991 — must be at most 1000000000; a larger figure is a typing error",
            "deviating: 1000000001 — must be at most 1000000000; a larger figure is a typing error",
            "indicators[0].denominator: 9007199254740991 — must be at most 1000000000; a larger figure is a typing error",
        ])
        #expect(try problems(.deviationRecorded, """
            {"deviationId":"D","controlId":"C","observedOn":"2024-10-15","severity":"minor","count":1000000001,"description":"d"}
            """) == ["count: 1000000001 — must be at most 1000000000; a larger figure is a typing error"])
    }

    @Test(arguments: ["a\\u0000b", "a\\u001b[2Kb", "a\\rb", "a\\u007fb", "a\\u009bb", "a\\u202eb", "a\\u2066b"])
    func textRefusesControlsAndBidirectionalOverrides(escaped: String) throws {
        let found = try problems(.deviationRecorded, """
            {"deviationId":"D","controlId":"C","observedOn":"2024-10-15","severity":"minor","description":"\(escaped)"}
            """)
        #expect(found.count == 1 && found[0].hasPrefix("description: U+"))
        #expect(found.first?.contains("at character 2 — holds a control character; only line breaks and tabs") == true)
    }

    @Test func textKeepsLineBreaksTabsAndInvisibleFormatCharacters() throws {
        #expect(try problems(.deviationRecorded, """
            {"deviationId":"D","controlId":"C","observedOn":"2024-10-15","severity":"minor",
             "description":"Rad 1\\nRad 2\\tLäkemedels\\u00adhantering"}
            """).isEmpty)
    }

    /// A letter that draws nothing (a Hangul filler) can only hide a difference between two texts that print
    /// alike (found by an attacker in ids; text passed it too). Korean text does not need one, and an old-Hangul
    /// syllable written with a filler jamo is a visible character.
    @Test(arguments: [("Kontroll\\u3164", "U+3164 HANGUL FILLER at character 9"),
                      ("\\uffa0", "U+FFA0 HALFWIDTH HANGUL FILLER at character 1"),
                      ("a \\u115f\\u1160 b", "U+115F HANGUL CHOSEONG FILLER at character 3")])
    func textRefusesLettersThatDrawNothing(escaped: String, found: String) throws {
        #expect(try problems(.deviationRecorded, """
            {"deviationId":"D","controlId":"C","observedOn":"2024-10-15","severity":"minor","description":"\(escaped)"}
            """) == ["description: \(found) — holds a letter that is drawn as nothing; it can only hide a difference "
                + "between texts that print alike: remove it"])
    }

    @Test func koreanTextPasses() throws {
        #expect(try problems(.deviationRecorded, """
            {"deviationId":"D","controlId":"C","observedOn":"2024-10-15","severity":"minor",
             "description":"약품 관리 점검 (한국어) \\u1100\\u1160 \\u115f\\u1161"}
            """).isEmpty)
    }

    @Test func everyTypeHasFieldsAStreamRuleAndRecordName() {
        for type in EventType.allCases {
            #expect(!type.fields.isEmpty)
            #expect(EventType(named: type.recordName) == type)
            #expect(type.fields.contains { $0.required })
        }
    }
}
