import Foundation
import Testing

/// Every refusal a person can meet in `ik append`: the message names the draft, field, value and rule, the
/// status is 65 (64 for usage), and the store's data file is byte for byte what it was.
@Suite(.serialized) struct BadDraftTests {
    static let now = ["IK_NOW": "2025-03-01T12:00:00Z"]

    /// A store with a plan, a control point, a withdrawn one, a performed control, a closed deviation, a
    /// planned action and a retracted action; returns the workspace and the ids tests refer to.
    static func prepared() throws -> (Workspace, [String: String]) {
        let w = Workspace()
        try w.ik.run(["init", "--test"])
        let setup = """
            {"type":"PlanAdopted","payload":{"planId":"P-1","organisation":"Nämnden","year":2024,"adoptedOn":"2024-01-10"}}
            {"type":"ControlPointAdded","effectiveAt":"2024-01-10","payload":{"controlId":"C-1","planId":"P-1","area":"A","title":"T"}}
            {"type":"ControlPointAdded","effectiveAt":"2024-01-10","payload":{"controlId":"C-OLD","planId":"P-1","area":"A","title":"T"}}
            {"type":"ControlPointWithdrawn","effectiveAt":"2024-03-01","payload":{"controlId":"C-OLD","reason":"Utgår"}}
            {"type":"ControlPerformed","idempotencyKey":"perf-1","payload":{"performanceId":"PERF-1","controlId":"C-1","performedOn":"2024-06-30","examined":10,"deviating":2,"assessment":"partly-satisfactory"}}
            {"type":"DeviationRecorded","payload":{"deviationId":"D-1","controlId":"C-1","observedOn":"2024-06-30","severity":"minor","description":"Saldo"}}
            {"type":"DeviationClosed","payload":{"deviationId":"D-1","closedOn":"2024-07-15"}}
            {"type":"ActionPlanned","payload":{"actionId":"A-1","plannedOn":"2024-07-01","description":"Rutin"}}
            {"type":"ActionTaken","payload":{"actionId":"A-RET","takenOn":"2024-07-01","description":"Fel"}}
            """
        let first = try w.ik.run(["append", "-"], input: setup, environment: now)
        try first.requireSuccess()
        var ids: [String: String] = [:]
        for line in try w.ik.run(["log", "--format", "jsonl"]).stdout.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let envelope = object?["envelope"] as? [String: Any]
            let payload = object?["payload"] as? [String: Any]
            let key = (payload?["performanceId"] ?? payload?["actionId"] ?? payload?["deviationId"]) as? String
            if let key, let id = envelope?["id"] as? String { ids[key] = id }
        }
        let retract = try w.ik.run(["append", "-"], input: """
            {"type":"EventRetracted","payload":{"targetId":"\(ids["A-RET"]!)","reason":"Fel åtgärd"}}
            """, environment: now)
        try retract.requireSuccess()
        return (w, ids)
    }

    static let deviation = #""deviationId":"D-9","controlId":"C-1","observedOn":"2024-10-15","severity":"minor""#

    /// (name, input, expected text in standard error, expected status)
    static let cases: [(String, String, String, Int32)] = [
        ("a count as a word", #"{"type":"ControlPerformed","payload":{"performanceId":"X","controlId":"C-1","performedOn":"2024-10-01","examined":"ten","deviating":0,"assessment":"satisfactory"}}"#,
         #"-:1 (draft 1): payload.examined: "ten" — must be a whole number, not a string"#, 65),
        ("a missing required field", #"{"type":"DeviationRecorded","payload":{\#(deviation)}}"#,
         "payload.description: required", 65),
        ("a missing type", #"{"payload":{}}"#, "type: required", 65),
        ("a missing payload", #"{"type":"DeviationRecorded"}"#, "payload: required", 65),
        ("an unknown draft field", #"{"type":"DeviationRecorded","colour":"red","payload":{\#(deviation),"description":"d"}}"#,
         "colour: unknown field", 65),
        ("an unknown payload field", #"{"type":"DeviationRecorded","payload":{\#(deviation),"description":"d","colour":"red"}}"#,
         "payload.colour: unknown field", 65),
        ("a misspelt field", #"{"type":"DeviationRecorded","payload":{"deviationId":"D-9","controlId":"C-1","observedOn":"2024-10-15","serverity":"minor","description":"d"}}"#,
         "payload.serverity: unknown field", 65),
        ("a date that does not exist", #"{"type":"DeviationRecorded","payload":{"deviationId":"D-9","controlId":"C-1","observedOn":"2024-02-30","severity":"minor","description":"d"}}"#,
         #"payload.observedOn: "2024-02-30" — must be a real date written YYYY-MM-DD"#, 65),
        ("a date in another format", #"{"type":"DeviationRecorded","payload":{"deviationId":"D-9","controlId":"C-1","observedOn":"15/10/2024","severity":"minor","description":"d"}}"#,
         #"payload.observedOn: "15/10/2024" — must be a real date"#, 65),
        ("a future date", #"{"type":"DeviationRecorded","payload":{"deviationId":"D-9","controlId":"C-1","observedOn":"2025-06-01","severity":"minor","description":"d"}}"#,
         "is in the future (today is 2025-03-01)", 65),
        ("a future effective date", #"{"type":"ControlPointAdded","effectiveAt":"2025-04-01","payload":{"controlId":"C-9","planId":"P-1","area":"A","title":"T"}}"#,
         #"effectiveAt: "2025-04-01" — is in the future"#, 65),
        ("an effective date that contradicts the payload", #"{"type":"DeviationRecorded","effectiveAt":"2024-10-01","payload":{\#(deviation),"description":"d"}}"#,
         "must equal payload.observedOn (2024-10-15)", 65),
        ("more deviating than examined", #"{"type":"ControlPerformed","payload":{"performanceId":"X","controlId":"C-1","performedOn":"2024-10-01","examined":3,"deviating":5,"assessment":"satisfactory"}}"#,
         "payload.deviating: 5 — must not exceed examined (3)", 65),
        ("more serious than deviating", #"{"type":"ControlPerformed","payload":{"performanceId":"X","controlId":"C-1","performedOn":"2024-10-01","examined":9,"deviating":2,"serious":3,"assessment":"satisfactory"}}"#,
         "payload.serious: 3 — must not exceed deviating (2)", 65),
        ("a numerator above its denominator", #"{"type":"ControlPerformed","payload":{"performanceId":"X","controlId":"C-1","performedOn":"2024-10-01","examined":9,"deviating":2,"indicators":[{"name":"n","numerator":5,"denominator":4}],"assessment":"satisfactory"}}"#,
         "payload.indicators[0].numerator: 5 — must not exceed the denominator (4)", 65),
        ("a negative count", #"{"type":"ControlPerformed","payload":{"performanceId":"X","controlId":"C-1","performedOn":"2024-10-01","examined":-1,"deviating":0,"assessment":"satisfactory"}}"#,
         "payload.examined: -1 — must be at least 0", 65),
        ("a deviation counted zero times", #"{"type":"DeviationRecorded","payload":{\#(deviation),"count":0,"description":"d"}}"#,
         "payload.count: 0 — must be at least 1", 65),
        ("a fractional count", #"{"type":"DeviationRecorded","payload":{\#(deviation),"count":1.5,"description":"d"}}"#,
         "1.5 is not a whole number", 65),
        ("a risk out of range", #"{"type":"ControlPointAdded","effectiveAt":"2024-01-10","payload":{"controlId":"C-9","planId":"P-1","area":"A","title":"T","risk":{"likelihood":5,"consequence":2}}}"#,
         "payload.risk.likelihood: 5 — must be between 1 and 4", 65),
        ("a severity not in the list", #"{"type":"DeviationRecorded","payload":{"deviationId":"D-9","controlId":"C-1","observedOn":"2024-10-15","severity":"critical","description":"d"}}"#,
         #"payload.severity: "critical" — must be one of minor, serious"#, 65),
        ("an assessment not in the list", #"{"type":"ControlPerformed","payload":{"performanceId":"X","controlId":"C-1","performedOn":"2024-10-01","examined":1,"deviating":0,"assessment":"ok"}}"#,
         "must be one of satisfactory, partly-satisfactory", 65),
        ("an unknown event type", #"{"type":"Deviation","effectiveAt":"2024-10-01","payload":{}}"#,
         #"type: "Deviation" — unknown event type"#, 65),
        ("an unknown control point", #"{"type":"DeviationRecorded","payload":{"deviationId":"D-9","controlId":"C-404","observedOn":"2024-10-15","severity":"minor","description":"d"}}"#,
         #"payload.controlId: "C-404" — no such control point"#, 65),
        ("an unknown plan", #"{"type":"ControlPointAdded","effectiveAt":"2024-01-10","payload":{"controlId":"C-9","planId":"P-404","area":"A","title":"T"}}"#,
         #"payload.planId: "P-404" — no such plan"#, 65),
        ("closing an unknown deviation", #"{"type":"DeviationClosed","payload":{"deviationId":"D-404","closedOn":"2024-10-15"}}"#,
         "no such deviation", 65),
        ("following up an unknown action", #"{"type":"FollowUpRecorded","payload":{"actionId":"A-404","followedUpOn":"2024-10-15","status":"completed"}}"#,
         #"payload.actionId: "A-404" — no such action"#, 65),
        ("an action for an unknown deviation", #"{"type":"ActionTaken","payload":{"actionId":"A-9","takenOn":"2024-10-15","description":"d","deviationIds":["D-1","D-404"]}}"#,
         #"payload.deviationIds[1]: "D-404" — no such deviation"#, 65),
        ("closing a closed deviation", #"{"type":"DeviationClosed","payload":{"deviationId":"D-1","closedOn":"2024-10-15"}}"#,
         "is already closed (seq 7, 2024-07-15)", 65),
        ("closing twice in one batch", #"""
            {"type":"DeviationRecorded","payload":{\#(deviation),"description":"d"}}
            {"type":"DeviationClosed","payload":{"deviationId":"D-9","closedOn":"2024-10-20"}}
            {"type":"DeviationClosed","payload":{"deviationId":"D-9","closedOn":"2024-10-21"}}
            """#, "-:3 (draft 3): payload.deviationId: \"D-9\" — is already closed (an earlier draft of this batch", 65),
        ("a result for a withdrawn control point", #"{"type":"ControlPerformed","payload":{"performanceId":"X","controlId":"C-OLD","performedOn":"2024-10-01","examined":1,"deviating":0,"assessment":"satisfactory"}}"#,
         "the control point was withdrawn (seq 4) and takes nothing new", 65),
        ("a deviation on a withdrawn control point", #"{"type":"DeviationRecorded","payload":{"deviationId":"D-9","controlId":"C-OLD","observedOn":"2024-10-15","severity":"minor","description":"d"}}"#,
         "was withdrawn", 65),
        ("a plan id used twice", #"{"type":"PlanAdopted","payload":{"planId":"P-1","organisation":"N","year":2025,"adoptedOn":"2025-01-10"}}"#,
         "plan P-1 already exists (seq 1, PlanAdopted); ids are unique", 65),
        ("a performance id used twice", #"{"type":"ControlPerformed","payload":{"performanceId":"PERF-1","controlId":"C-1","performedOn":"2024-10-01","examined":1,"deviating":0,"assessment":"satisfactory"}}"#,
         "control C-1 already has a performance with this id", 65),
        ("a correction of another type", #"{"type":"EventCorrected","payload":{"targetId":"{{PERF-1}}","targetType":"DeviationRecorded","reason":"r","payload":{}}}"#,
         "the target is a ControlPerformed; a correction keeps its target's type", 65),
        ("a correction breaking its target's rules", #"{"type":"EventCorrected","payload":{"targetId":"{{PERF-1}}","reason":"r","payload":{"performanceId":"PERF-1","controlId":"C-1","performedOn":"2024-06-30","examined":2,"deviating":3,"assessment":"satisfactory"}}}"#,
         "payload.payload.deviating: 3 — must not exceed examined (2)", 65),
        ("a correction of nothing", #"{"type":"EventCorrected","effectiveAt":"2024-01-01","payload":{"targetId":"00000000-0000-4000-8000-000000000000","reason":"r","payload":{}}}"#,
         "no event with this id", 65),
        ("a retraction of a retracted event", #"{"type":"EventRetracted","payload":{"targetId":"{{A-RET}}","reason":"r"}}"#,
         "is already retracted", 65),
        ("a personnummer with century and dash", #"{"type":"DeviationRecorded","payload":{\#(deviation),"description":"Brukare 19121212-1212 fick fel dos"}}"#,
         "payload.description: 19121212-**** — holds a personal identity number", 65),
        ("a personnummer of ten digits", #"{"type":"DeviationRecorded","payload":{\#(deviation),"description":"Gäller 1212121212."}}"#,
         "payload.description: 121212**** — holds a personal identity number", 65),
        ("a samordningsnummer with plus", #"{"type":"DeviationClosed","payload":{"deviationId":"D-1","closedOn":"2024-10-15","resolution":"Kontakt med 701063+2391"}}"#,
         "payload.resolution: 701063+**** — holds a personal identity number", 65),
        ("empty input", "\n\n", "the input holds no drafts", 65),
        ("a truncated JSON line", #"{"type":"DeviationRecorded","payload":{"deviationId":"D-9""#, "-:1 (draft 1): not valid JSON", 65),
        ("a 5 MB description", #"{"type":"DeviationRecorded","payload":{\#(deviation),"description":"\#(String(repeating: "x", count: 5 << 20))"}}"#,
         "payload.description: 5242880 bytes — at most 10000 characters", 65),
        ("an array of numbers", "[1, 2]", "-:1 (draft 1): 1 — a draft must be a JSON object", 65),
        ("an idempotency key reused", #"{"type":"ControlPerformed","idempotencyKey":"perf-1","payload":{"performanceId":"PERF-2","controlId":"C-1","performedOn":"2024-10-01","examined":1,"deviating":0,"assessment":"satisfactory"}}"#,
         "idempotencyKey: perf-1 — this key was used for a different event (seq 5)", 65),
        ("an expected version that is stale", #"{"type":"DeviationRecorded","expectedVersion":3,"payload":{\#(deviation),"description":"d"}}"#,
         "expectedVersion: 3 — stream deviation-D-9 is at version 0, not 3", 65),
        ("a due date before the plan", #"{"type":"ActionPlanned","payload":{"actionId":"A-9","plannedOn":"2024-10-01","dueOn":"2024-09-01","description":"d"}}"#,
         "payload.dueOn: \"2024-09-01\" — must not be before plannedOn (2024-10-01)", 65),
        ("a period that ends before it starts", #"{"type":"ControlPerformed","payload":{"performanceId":"X","controlId":"C-1","performedOn":"2024-10-01","period":{"from":"2024-09-01","to":"2024-08-01"},"examined":1,"deviating":0,"assessment":"satisfactory"}}"#,
         "payload.period.to: \"2024-08-01\" — must not be before period.from", 65),
        ("an id with a space", #"{"type":"DeviationRecorded","payload":{"deviationId":"D 9","controlId":"C-1","observedOn":"2024-10-15","severity":"minor","description":"d"}}"#,
         "an id is letters, digits and - _ . : /", 65),
        ("an empty description", #"{"type":"DeviationRecorded","payload":{\#(deviation),"description":"   "}}"#,
         "payload.description: \"   \" — must not be empty", 65),
        // The envelope holds only visible text: `ik log` prints it, and it can never be changed.
        ("an actor with a terminal escape", #"{"type":"DeviationRecorded","actor":"mas\u001b[2K\u001b[1A","payload":{\#(deviation),"description":"d"}}"#,
         #"actor: mas\u{1B}[2K\u{1B}[1A — holds an invisible or control character (U+001B at character 4)"#, 65),
        ("an actor with a NUL", #"{"type":"DeviationRecorded","actor":"mas\u0000","payload":{\#(deviation),"description":"d"}}"#,
         #"actor: mas\u{0} — holds an invisible or control character (U+0000 at character 4)"#, 65),
        ("an idempotency key with a line break", #"{"type":"DeviationRecorded","idempotencyKey":"k\n1","payload":{\#(deviation),"description":"d"}}"#,
         #"idempotencyKey: k\u{A}1 — holds an invisible or control character (U+000A at character 2)"#, 65),
        ("an unknown schema version", #"{"type":"DeviationRecorded","schemaVersion":999,"payload":{\#(deviation),"description":"d"}}"#,
         "schemaVersion: 999 — unknown schema version; this ik knows 1", 65),
        ("a count no control reaches", #"{"type":"ControlPerformed","payload":{"performanceId":"X","controlId":"C-1","performedOn":"2024-10-01","examined":9007199254740991,"deviating":9007199254740991,"assessment":"satisfactory"}}"#,
         "payload.examined: 9007199254740991 — must be at most 1000000000; a larger figure is a typing error", 65),
        ("a right-to-left override in a description", #"{"type":"DeviationRecorded","payload":{\#(deviation),"description":"abc\u202efdp.exe"}}"#,
         "payload.description: U+202E at character 4 — holds a control character", 65),
        // Ids a person cannot tell apart are one id.
        ("a plan id that differs only in case", #"{"type":"PlanAdopted","payload":{"planId":"p-1","organisation":"N","year":2025,"adoptedOn":"2025-01-10"}}"#,
         #"payload.planId: "p-1" — looks the same as the existing plan P-1"#, 65),
        ("a plan id in full-width letters", #"{"type":"PlanAdopted","payload":{"planId":"Ｐ-1","organisation":"N","year":2025,"adoptedOn":"2025-01-10"}}"#,
         #"payload.planId: "Ｐ-1" — looks the same as the existing plan P-1"#, 65),
        ("a reference that only looks like an existing id", #"{"type":"ControlPointAdded","effectiveAt":"2024-01-10","payload":{"controlId":"C-9","planId":"p-1","area":"A","title":"T"}}"#,
         #"payload.planId: "p-1" — no such plan; did you mean P-1?"#, 65),
        ("an id mixing Latin and Cyrillic", #"{"type":"PlanAdopted","payload":{"planId":"PLАN-2","organisation":"N","year":2025,"adoptedOn":"2025-01-10"}}"#,
         "mixes Latin and Cyrillic letters", 65),
        // Personal identity numbers however they are written.
        ("a personnummer in full-width digits", #"{"type":"DeviationRecorded","payload":{\#(deviation),"description":"Brukare １９１２１２１２－１２１２"}}"#,
         "payload.description: 19121212-**** — holds a personal identity number", 65),
        ("a personnummer behind a zero-width space", #"{"type":"DeviationRecorded","payload":{\#(deviation),"description":"Brukare 19121212\u200b-1212"}}"#,
         "payload.description: 19121212-**** — holds a personal identity number", 65),
        ("a personnummer split over a line", #"{"type":"DeviationRecorded","payload":{\#(deviation),"description":"Brukare 19121212-\n1212"}}"#,
         "payload.description: 19121212- **** — holds a personal identity number", 65),
        ("a personnummer with spaces around the dash", #"{"type":"DeviationRecorded","payload":{\#(deviation),"description":"Brukare 19121212 - 1212"}}"#,
         "payload.description: 19121212 - **** — holds a personal identity number", 65),
        ("a personnummer with dots in the date", #"{"type":"DeviationRecorded","payload":{\#(deviation),"description":"Brukare 1912.12.12-1212"}}"#,
         "payload.description: 1912.12.12-**** — holds a personal identity number", 65),
        ("a personnummer in a count", #"{"type":"ControlPerformed","payload":{"performanceId":"X","controlId":"C-1","performedOn":"2024-10-01","examined":191212121212,"deviating":0,"assessment":"satisfactory"}}"#,
         "payload.examined: 19121212**** — is a personal identity number", 65),
        ("a personnummer in the actor with an em dash", #"{"type":"DeviationRecorded","actor":"19121212\u20141212","payload":{\#(deviation),"description":"d"}}"#,
         "actor: 19121212-**** — holds a personal identity number", 65),
    ]

    @Test func everyBadDraftIsRefusedWithItsMessageAndLeavesTheStoreUnchanged() throws {
        let (w, ids) = try Self.prepared()
        let before = try w.data("ik-store/data.mdb")
        #expect(Self.cases.count >= 40)
        for (name, template, expected, status) in Self.cases {
            var input = template
            for (key, id) in ids { input = input.replacingOccurrences(of: "{{\(key)}}", with: id) }
            let result = try w.ik.run(["append", "-"], input: input, environment: Self.now)
            #expect(result.status == status, "\(name): status \(result.status)\n\(result.stderr)")
            #expect(result.stderr.contains(expected), "\(name): expected «\(expected)» in\n\(result.stderr.prefix(600))")
            #expect(result.stderr.contains("nothing was appended"), "\(name)")
            #expect(try w.data("ik-store/data.mdb") == before, "\(name) changed the store")
        }
    }

    @Test func invalidUTF8IsRefused() throws {
        let (w, _) = try Self.prepared()
        let before = try w.data("ik-store/data.mdb")
        var bytes = Array(#"{"type":"DeviationRecorded","payload":{"deviationId":"D-9","controlId":"C-1","observedOn":"2024-10-15","severity":"minor","description":""#.utf8)
        bytes += [0xC3, 0x28] + Array(#""}}"#.utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: w.path + "/latin1.json"))
        let result = try w.ik.run(["append", "latin1.json"], environment: Self.now)
        #expect(result.status == 65)
        #expect(result.stderr.contains("latin1.json:1 (draft 1): not valid JSON: invalid UTF-8 in string"))
        #expect(try w.data("ik-store/data.mdb") == before)
    }

    @Test func datesCaseNumbersAndPhoneNumbersAreNotMistakenForPersonnummer() throws {
        let (w, _) = try Self.prepared()
        for text in ["Upptäckt 2024-10-15, åtgärdad 20241020.", "Dnr 1.1–106/2012 och SN 2024/12 § 8.",
                     "Ring 070-123 45 67 eller 0701234567.", "Ärende 2410151234 i Procapita.", "Order 19010112-3456."] {
            let input = #"{"type":"DeviationRecorded","payload":{\#(Self.deviation),"description":"\#(text)"}}"#
            let result = try w.ik.run(["append", "--dry-run", "-"], input: input, environment: Self.now)
            #expect(result.status == 0, "«\(text)» was refused: \(result.stderr)")
        }
    }

    @Test func recordExplainsItsFlagsAndRefusesBadValues() throws {
        let (w, _) = try Self.prepared()
        let help = try w.ik.run(["record", "deviation", "--help"])
        #expect(help.stdout.contains("--control-id (or --control)"))
        #expect(help.stdout.contains("--observed-on"))
        let before = try w.data("ik-store/data.mdb")
        let bad = try w.ik.run(["record", "deviation", "--control", "C-1", "--deviation", "D-9", "--observed-on",
                                "2024-10-15", "--severity", "minor", "--count", "two", "--description", "d"],
                               environment: Self.now)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("--count two: not a whole number"))
        let unknown = try w.ik.run(["record", "deviation", "--colour", "red"], environment: Self.now)
        #expect(unknown.stderr.contains("DeviationRecorded has no field --colour"))
        #expect(try w.data("ik-store/data.mdb") == before)
        let good = try w.ik.run(["record", "deviation", "--control", "C-1", "--deviation", "D-9", "--observed-on",
                                 "2024-10-15", "--unit", "Hemsjukvård", "--severity", "minor", "--count", "2",
                                 "--description", "Saldo i narkotikajournal stämmer inte."], environment: Self.now)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("appended 1 event (seq 11)"))
    }
}
