import EventLog
import Foundation
import Testing

/// Stores written before counts were bounded hold whatever JSON allowed: no figure a reader computes from them
/// may trap.
@Suite(.serialized) struct ProjectionSafetyTests {
    static let huge = JSONValue.maxSafeInteger

    /// A store whose events went in through the log alone (no rules), as an older release could have written them.
    static func storeWithHugeCounts() throws -> Workspace {
        let w = Workspace()
        try w.ik.run(["init", "--test"]).requireSuccess()
        let store = try EventStore(openingAt: w.path + "/ik-store")
        func draft(_ type: String, _ stream: String, _ date: String, _ payload: JSONValue) -> EventDraft {
            EventDraft(type: type, stream: stream, effectiveAt: CalendarDate(date)!, actor: "äldre-version", payload: payload)
        }
        let performance: (String) -> JSONValue = { id in
            ["performanceId": .string(id), "controlId": "T-LAK", "performedOn": "2024-03-01", "examined": .integer(huge),
             "deviating": .integer(huge), "serious": .integer(huge), "planned": .integer(huge), "assessment": "unsatisfactory",
             "indicators": [["name": "Saldo", "numerator": .integer(huge), "denominator": .integer(huge)]]]
        }
        let deviation: (String) -> JSONValue = { id in
            ["deviationId": .string(id), "controlId": "T-LAK", "observedOn": "2024-03-01", "severity": "serious",
             "count": .integer(huge), "unit": "Hemtjänst", "description": "Saldot stämmer inte."]
        }
        try store.append([
            draft("PlanAdopted", "plan-T-2024", "2024-01-10",
                  ["planId": "T-2024", "organisation": "Testnämnden", "year": 2024, "adoptedOn": "2024-01-10"]),
            draft("ControlPointAdded", "control-T-LAK", "2024-01-10",
                  ["controlId": "T-LAK", "planId": "T-2024", "area": "Läkemedel", "title": "Saldokontroll"]),
            draft("ControlPerformed", "control-T-LAK", "2024-03-01", performance("P1")),
            draft("ControlPerformed", "control-T-LAK", "2024-03-01", performance("P2")),
            draft("DeviationRecorded", "deviation-D1", "2024-03-01", deviation("D1")),
            draft("DeviationRecorded", "deviation-D2", "2024-03-01", deviation("D2")),
        ], clock: .pinned(at: Instant(rfc3339: "2024-04-01T10:00:00Z")!))
        return w
    }

    @Test func countsAtTheLimitOfJSONNeverCrashAReader() throws {
        let w = try Self.storeWithHugeCounts()
        let twice = String(2 * Self.huge)
        for arguments in [
            ["state"], ["state", "--format", "json"], ["state", "--format", "csv", "--lang", "sv"], ["state", "--explain"],
            ["trend"], ["trend", "--format", "json"], ["trend", "--by", "unit"], ["export", "state", "--format", "csv"],
            ["export", "trend", "--format", "jsonl"], ["export", "deviations", "--format", "csv"],
            ["report", "--plan", "T-2024"], ["report", "--plan", "T-2024", "--format", "html", "--decimals", "2"],
            ["report", "--plan", "T-2024", "--format", "json", "--lang", "en", "--decimals", "1"],
            ["diff", "--as-of-seq", "2"],
        ] {
            let result = try w.ik.run(arguments)
            #expect(result.status == 0, "ik \(arguments.joined(separator: " ")): status \(result.status) \(result.stderr)")
        }
        let json = try w.ik.run(["state", "--format", "json"]).stdout
        #expect(json.contains("\"examined\": \(twice)") && json.contains("\"ratePercent\": \"100.0\""))
        #expect(json.contains("\"recorded\": \(twice)"))
    }
}
