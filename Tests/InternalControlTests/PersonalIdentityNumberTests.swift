import EventLog
import Foundation
import Testing

@testable import InternalControl

@Suite struct PersonalIdentityNumberTests {
    /// Every form a number is written in, and what must not be taken for one: (text, must be refused).
    static let forms: [(text: String, refused: Bool)] = [
        // Plain forms: with or without century, with -, + or nothing before the last four.
        ("19121212-1212", true), ("191212121212", true), ("121212-1212", true), ("1212121212", true),
        ("121212+1212", true), ("701063-2391", true), ("Brukare 811218-9876 fick fel dos", true), ("(19121212-1212)", true),
        // After a label or inside an id.
        ("pnr.19121212-1212", true), ("Pnr-19121212-1212", true), ("ref/19121212-1212", true), ("D-19121212-1212", true),
        ("tel 070 121212 1212", true), ("121212 1212", true), ("19121212 1212", true),
        // Full-width and other scripts' digits.
        ("１９１２１２１２－１２１２", true), ("１９１２１２１２-1212", true), ("١٩١٢١٢١٢-١٢١٢", true),
        // Invisible characters inside: zero-width space, soft hyphen, BOM, joiners, word joiner.
        ("19121212\u{200B}-1212", true), ("1912\u{200B}1212-1212", true), ("19121212\u{00AD}1212", true),
        ("1912\u{00AD}1212-1212", true), ("19121212\u{FEFF}-1212", true), ("191212\u{200D}121212", true),
        ("19121212-\u{2060}1212", true), ("1\u{200C}9\u{200C}1\u{200C}21212-1212", true),
        // Red team 8 (pnr-in-envelope-combining-mark): combining marks over a digit or a dash, a doubled mark,
        // blank Braille around the dash.
        ("811218-\u{301}9876", true), ("8112\u{301}189876", true), ("19811218-\u{301}9876", true),
        ("811218\u{20DD}-9876", true), ("811218--9876", true), ("811218 -- 9876", true),
        ("811218\u{2800}-\u{2800}9876", true),
        // Red team 9 (pnr-two-separators-in-envelope): a dash with another mark, two full stops, the last four as two
        // and two.
        ("811218..9876", true), ("811218.-9876", true), ("811218_-9876", true), ("811218-_9876", true),
        ("811218-98-76", true), ("19811218.98.76", true),
        // Every dash and its look-alikes.
        ("19121212\u{2010}1212", true), ("19121212\u{2011}1212", true), ("19121212\u{2012}1212", true),
        ("19121212\u{2013}1212", true), ("19121212\u{2014}1212", true), ("19121212\u{2015}1212", true),
        ("19121212\u{2212}1212", true), ("19121212\u{2043}1212", true), ("19121212\u{FE63}1212", true),
        ("19121212\u{FF0D}1212", true), ("19121212\u{FE58}1212", true), ("19121212\u{2E3A}1212", true),
        // Spaces around the separator, any kind of space.
        ("19121212 - 1212", true), ("19121212 \u{2013} 1212", true), ("121212 - 1212", true), ("121212 +1212", true),
        ("19121212\u{00A0}1212", true), ("19121212\u{2009}-\u{2009}1212", true), ("121212\u{202F}1212", true),
        ("19121212\u{3000}1212", true),
        // The date written with separators.
        ("1912.12.12-1212", true), ("1912-12-12-1212", true), ("12.12.12-1212", true), ("1912 12 12 - 1212", true),
        ("1912.12.12 - 1212", true),
        // Split over a line.
        ("19121212-\n1212", true), ("19121212\n1212", true), ("19121212\r\n-1212", true), ("Brukare 19121212\n– 1212 fick", true),
        ("19121212 \u{2028} 1212", true),
        // Any one punctuation or symbol character between the date and the last four, with or without spaces
        // around it (found by an attacker: . _ / : , ~ passed).
        ("19811218.9876", true), ("19811218_9876", true), ("19811218/9876", true), ("811218:9876", true),
        ("811218,9876", true), ("811218~9876", true), ("811218*9876", true), ("811218#9876", true), ("811218§9876", true),
        ("811218'9876", true), ("811218(9876)", true), ("811218=9876", true), ("811218|9876", true), ("811218•9876", true),
        ("811218 / 9876", true), ("811218 _ 9876", true), ("811218 : 9876", true), ("811218 ,9876", true),
        ("811218\u{2009}/\u{2009}9876", true), ("Patient 19811218.9876 fick fel dos", true), ("D-811218_9876", true),
        ("1981/12/18-9876", true), ("1981.12.18.9876", true), ("81:12:18:9876", true), ("1981-12-18/9876", true),
        // Digits written one by one.
        ("8 1 1 2 1 8 9 8 7 6", true), ("1 9 8 1 1 2 1 8 9 8 7 6", true), ("Patient 8 1 1 2 1 8 9 8 7 6 fick", true),
        ("8 1 1 2 1 8 - 9 8 7 6", true), ("8 1 1 2 1 8-9876", true), ("8  1 1 2 1 8\n9 8 7 6", true),
        ("8.1.1.2.1.8.9.8.7.6", true), ("8-1-1-2-1-8-9-8-7-6", true), ("８ １ １ ２ １ ８ ９ ８ ７ ６", true),
        // Must pass: the same forms with a wrong date or check digit, a part too short or long, digits one by one
        // that are more than a number, and a clause ending before a number (241218-1006 would be valid).
        ("19811218.9875", false), ("811318:9876", false), ("811218:987", false), ("811218~98765", false),
        ("811218::9876", false), ("8 1 1 2 1 8 9 8 7 5", false), ("1 2 3 4 5 6 7 8 9 0", false),
        ("8 1 1 2 1 8 9 8 7 6 5", false), ("Upptäckt 2024-12-18, 1006 kr", false), ("Beslut 20241218. 1006 ärenden", false),
        ("Beslut 20241218, 1006 ärenden", false), ("Den 2024-12-18: 1006 deltagare", false), ("2024-12-18 1006", false),
        ("SN 2024/118", false), ("KS 2024/00118", false), ("kl. 09:30", false), ("2024-12-18 kl. 10:06", false),
        ("1 234 567,89 kr", false), ("811 218,98 kr", false), ("Tel. 08-811 218 98", false), ("3.1.2 Rutiner", false),
        // Must pass: dates, case numbers, phone numbers, amounts, times, wrong check digits.
        ("2024-12-12", false), ("2024-10-15", false), ("20241015", false), ("2024.12.12", false), ("12.12.12", false),
        ("2024-12-12 1212", false), ("Upptäckt 2024-10-15, åtgärdad 20241020.", false),
        ("SN 2024/121212-12", false), ("Dnr 2024/121212-1212", false), ("Dnr 1.1–106/2012", false),
        ("2024-121212-1212", false), ("1.19121212-1212", false), ("SN-2024-LAK", false), ("Dnr SN 2024/12 § 8", false),
        ("070-123 45 67", false), ("0701234567", false), ("+46 70 123 45 67", false), ("08-121 212 12", false),
        ("070 121 21 21", false), ("1 212 121 212 kr", false), ("12 121 212,12 kr", false), ("1 212 121,21 kr", false),
        ("kl 12.30 121212", false), ("2024 1212 12", false), ("12-1212-1212", false),
        ("121212-1213", false), ("1212121213", false), ("19121212-12120", false), ("1912121212121", false),
        ("991332-1234", false), ("2410151234", false), ("Order 19010112-3456.", false), ("１２１２１２-１２１３", false),
    ]

    @Test(arguments: forms)
    func everyFormIsRefusedOrPassedAsTheTableSays(form: (text: String, refused: Bool)) {
        let found = PersonalIdentityNumber.firstMatch(in: form.text)
        #expect((found != nil) == form.refused, "«\(VisibleText.escaped(form.text))» found: \(found ?? "nothing")")
        if let found { #expect(found.hasSuffix("****")) }
    }

    @Test(arguments: [(Int64(191212121212), true), (1212121212, true), (7010632391, true), (1212121213, false),
                      (2024, false), (1_000_000_000, false), (20241015, false), (-1212121212, false)])
    func integersAreNumbersWhenTheirDigitsAre(value: Int64, refused: Bool) {
        #expect((PersonalIdentityNumber.match(integer: value) != nil) == refused)
    }

    @Test func theMatchIsMaskedForMessages() {
        #expect(PersonalIdentityNumber.firstMatch(in: "pnr 19121212-1212.") == "19121212-****")
        #expect(PersonalIdentityNumber.firstMatch(in: "pnr １９１２１２１２\u{200B}－1212") == "19121212-****")
        #expect(PersonalIdentityNumber.firstMatch(in: "pnr 19811218.9876") == "19811218.****")
        #expect(PersonalIdentityNumber.firstMatch(in: "8 1 1 2 1 8 9 8 7 6") == "8 1 1 2 1 8 ****")
        #expect(PersonalIdentityNumber.match(integer: 191212121212) == "19121212****")
    }

    @Test func anIntegerFieldHoldingANumberIsRefusedMasked() {
        let validator = PayloadValidator(today: CalendarDate("2025-03-01")!)
        let payload: JSONValue = ["performanceId": "P", "controlId": "C", "performedOn": "2024-12-31",
                                  "examined": .integer(191212121212), "deviating": 0, "assessment": "satisfactory"]
        let problems = validator.problems(of: payload, fields: EventType.controlPerformed.fields)
        #expect(problems.map(\.description) == [
            "examined: 19121212**** — is a personal identity number (personnummer or samordningsnummer); never record one",
        ])
    }

    @Test func aMessageAboutAnotherProblemDoesNotRepeatTheNumber() {
        let validator = PayloadValidator(today: CalendarDate("2025-03-01")!)
        let payload: JSONValue = ["performanceId": "P", "controlId": "C", "performedOn": "2024-12-31",
                                  "examined": "19121212-1212", "deviating": 0, "assessment": "satisfactory"]
        let problems = validator.problems(of: payload, fields: EventType.controlPerformed.fields)
        #expect(problems.map(\.description) == ["examined: …19121212-****… — must be a whole number, not a string"])
    }

    static let rules = AppendRules(clock: .pinned(at: Instant(rfc3339: "2025-03-01T12:00:00Z")!))
    static let plan: JSONValue = ["planId": "P-1", "organisation": "Nämnden", "year": 2024, "adoptedOn": "2024-01-10"]

    func check(_ draft: EventDraft) throws -> [DraftProblem] {
        let store = try EventStore.create(at: NSTemporaryDirectory() + "ik-pnr-" + UUID().uuidString, forTests: true)
        defer { try? FileManager.default.removeItem(atPath: store.path) }
        return try store.read { view in try Self.rules.check(draft, index: 0, log: view) }
    }

    @Test(arguments: ["19121212-1212", "１９１２１２１２－１２１２", "19121212\u{200B}-1212", "19121212 — 1212",
                      "1912.12.12-1212", "19121212\n1212", "19811218.9876", "19811218_9876", "19811218/9876",
                      "811218:9876", "8 1 1 2 1 8 9 8 7 6"])
    func theActorAndTheIdempotencyKeyAreCheckedInEveryForm(number: String) throws {
        // They go into the envelope, which is hashed into the tree and can never be redacted.
        let problems = try check(EventDraft(
            type: "PlanAdopted", stream: "plan-P-1", effectiveAt: CalendarDate("2024-01-10")!, actor: "mas " + number,
            idempotencyKey: "k-" + number, payload: Self.plan))
        #expect(problems.map(\.path) == ["actor", "idempotencyKey"])
        #expect(problems.allSatisfy { $0.description.contains("****") && !$0.description.contains(number) })
    }

    @Test func textInACorrectionsReplacementPayloadIsChecked() throws {
        let store = try EventStore.create(at: NSTemporaryDirectory() + "ik-pnr-" + UUID().uuidString, forTests: true)
        defer { try? FileManager.default.removeItem(atPath: store.path) }
        let date = CalendarDate("2024-01-10")!
        let adopted = try store.append([EventDraft(type: "PlanAdopted", stream: "plan-P-1", effectiveAt: date, actor: "mas",
                                                   payload: Self.plan)], check: Self.rules.draftCheck)
        var replacement = Self.plan.objectValue!
        replacement["organisation"] = "Nämnden, handläggare １９１２１２１２\u{00AD}-1212"
        let correction: JSONValue = ["targetId": .string(adopted.events[0].id), "reason": "Rättat namn",
                                     "payload": .object(replacement)]
        let problems = try store.read { view in
            try Self.rules.check(EventDraft(type: "EventCorrected", stream: "plan-P-1", effectiveAt: date, actor: "mas",
                                            payload: correction), index: 0, log: view)
        }
        #expect(problems.map(\.description) == ["payload.payload.organisation: 19121212-**** — holds a personal identity "
            + "number (personnummer or samordningsnummer); never record one here: describe the case without it"])
    }

    /// The ASCII path of the normalising (red team 7: small-refused-batches-hold-everyone) gives what the Unicode
    /// lookups give, for every ASCII scalar, after a space and after a letter; and the pre-count agrees.
    @Test func asciiIsNormalisedAsTheLookupsSay() {
        for value in UInt8(0)..<128 {
            let scalar = Unicode.Scalar(value)
            for before: [Unicode.Scalar] in [[" "], ["a"]] {
                var fast = before, looked = before
                PersonalIdentityNumber.append(ascii: scalar, to: &fast)
                PersonalIdentityNumber.append(lookingUp: scalar, to: &looked)
                #expect(fast == looked, "U+\(String(value, radix: 16))")
            }
            #expect(PersonalIdentityNumber.isDigit(scalar) == (scalar.properties.numericType != nil))
        }
    }
}
