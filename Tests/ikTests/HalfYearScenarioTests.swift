import Foundation
import Testing

/// Issue 12's half-year plan, entered as an administrator would, through the built ik: a social committee's plan for
/// 2015 with 19 risk areas and one control point each, reported by half-year. First half: 9 due, 5 med anmärkning,
/// 3 utan anmärkning, 1 performed only in part; the 10 due in the second half are "ej aktuell", not "ej genomförd".
@Suite(.serialized) struct HalfYearScenarioTests {
    static let nbsp = "\u{00A0}"

    static func id(_ n: Int) -> String { "SCN15-C" + (n < 10 ? "0" : "") + "\(n)" }

    /// C01–C07 due in the first half, C08–C09 in both, C10–C19 in the second.
    static func schedule(_ n: Int) -> String {
        switch n {
        case 1...7: "2015-H1"
        case 8...9: "2015-H1,2015-H2"
        default: "2015-H2"
        }
    }

    /// The plan as the administrator keeps it in Excel, saved as CSV: one row per control point with its risk area.
    static var planCSV: String {
        var lines = ["Kontrollmoment-id;Riskområde-id;Riskområde;Sannolikhet;Konsekvens;Kontrollområde;Kontrollmoment;Frekvens;När kontrollen ska göras"]
        for n in 1...19 {
            lines.append("\(id(n));SCN15-R\(n);Riskområde \(n);\(1 + n % 4);\(1 + (n / 4) % 4);Område \(n);Kontroll \(n);halvår;\(schedule(n))")
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `ik record ControlPerformed` for control `n` in half `half`.
    static func result(_ n: Int, half: Int, assessment: String, partial: Bool = false) -> [String] {
        ["record", "ControlPerformed", "--performance-id", "\(id(n))-H\(half)", "--control", id(n),
         "--performed-on", half == 1 ? "2015-06-20" : "2015-12-10",
         "--period-from", half == 1 ? "2015-01-01" : "2015-07-01", "--period-to", half == 1 ? "2015-06-30" : "2015-12-31",
         "--examined", "10", "--deviating", assessment == "med anmärkning" ? "3" : "0", "--assessment", assessment]
            + (partial ? ["--coverage", "delvis"] : [])
    }

    static func entered() throws -> Workspace {
        let w = Workspace()
        try w.ik.run(["init", "--test"]).requireSuccess()
        let january = ["IK_NOW": "2015-01-22T09:00:00Z"]
        try w.write("plan.csv", planCSV)
        try w.ik.run(["import", "plan", "plan.csv", "--plan", "SCN15", "--organisation", "Socialnämnden", "--year", "2015",
                      "--adopted-on", "2015-01-21", "--decision-ref", "SN 2015/12", "--report-to", "Socialnämnden",
                      "--report-to", "Kommunstyrelsen"], environment: january).requireSuccess()
        let august = ["IK_NOW": "2015-08-10T09:00:00Z"]
        for n in 1...5 { try w.ik.run(result(n, half: 1, assessment: "med anmärkning"), environment: august).requireSuccess() }
        for n in 6...8 { try w.ik.run(result(n, half: 1, assessment: "utan anmärkning"), environment: august).requireSuccess() }
        try w.ik.run(result(9, half: 1, assessment: "ej bedömd", partial: true), environment: august).requireSuccess()
        try w.ik.run(["record", "ReportSubmitted", "--report-id", "SCN15-H1-SN", "--plan", "SCN15", "--submitted-on", "2015-08-20",
                      "--to", "Socialnämnden", "--period-from", "2015-01-01", "--period-to", "2015-06-30",
                      "--decision-ref", "SN 2015/88", "--summary", "Nio av nitton kontrollmoment var aktuella under första halvåret.",
                      "--proposed-decision", "Socialnämnden föreslås besluta att godkänna uppföljningen av internkontrollplanen för första halvåret 2015",
                      "--proposed-decision", "och överlämna den till kommunstyrelsen.",
                      "--prepared-by", "Kvalitetsutvecklare", "--approved-by", "Socialchef"],
                     environment: ["IK_NOW": "2015-08-20T09:00:00Z"]).requireSuccess()
        try w.ik.run(["record", "ReportSubmitted", "--report-id", "SCN15-H1-KS", "--plan", "SCN15", "--submitted-on", "2015-09-10",
                      "--to", "Kommunstyrelsen", "--period-from", "2015-01-01", "--period-to", "2015-06-30", "--decision-ref", "KS 2015/301"],
                     environment: ["IK_NOW": "2015-09-10T09:00:00Z"]).requireSuccess()
        let december = ["IK_NOW": "2016-01-15T09:00:00Z"]
        for n in 8...18 {
            try w.ik.run(result(n, half: 2, assessment: n % 3 == 0 ? "mindre anmärkning" : "utan anmärkning"),
                         environment: december).requireSuccess()
        }
        return w
    }

    @Test func theFirstHalfReportCountsTheNineDueAndTheSecondHalfTheTwelve() throws {
        let w = try Self.entered()
        let h1 = try w.ik.run(["report", "--plan", "SCN15", "--period", "2015-H1", "--as-of", "2015-09-30"])
        #expect(h1.status == 0, "\(h1.stderr)")
        for text in ["totalt 19 kontrollmoment, varav 9 aktuella under perioden",
                     "Under perioden har 9 kontroller genomförts, varav 1 delvis",
                     "| Aktuella under perioden | 9 |", "| Ej aktuell | 10 |", "| Ej genomförd | 0 |", "| Med anmärkning | 5 |",
                     "| Utan anmärkning | 3 |", "| Ej bedömd | 1 |", "Ej bedömd (delvis genomförd)"] {
            #expect(h1.stdout.contains(text), "first half lacks «\(text)»")
        }
        #expect(!h1.stdout.contains("| Ej genomförd | 10 |") && !h1.stdout.contains("| Ej genomförd | 11 |"))
        // The Markdown has the risk matrix as a table where the HTML has the picture.
        #expect(h1.stdout.contains("| 4 Sannolik | R3, R19 | R7 | R11 | R15 |"), "\(h1.stdout)")
        let h2 = try w.ik.run(["report", "--plan", "SCN15", "--period", "2015-H2"])
        for text in ["varav 12 aktuella under perioden", "| Ej aktuell | 7 |", "| Ej genomförd | 1 |",
                     "Under perioden har 11 kontroller genomförts."] {
            #expect(h2.stdout.contains(text), "second half lacks «\(text)»")
        }
        let state = try w.ik.run(["state", "--plan", "SCN15", "--period", "2015-H1", "--lang", "sv"])
        #expect(state.stdout.contains("ej aktuell 10") && state.stdout.contains("ej genomförd 0"), "\(state.stdout)")
    }

    @Test func theHeaderCarriesThePlanTheChainAndThePapersOwnWords() throws {
        let w = try Self.entered()
        let h1 = try w.ik.run(["report", "--plan", "SCN15", "--period", "2015-H1", "--format", "html"]).stdout
        for text in ["<dd>Första halvåret 2015</dd>", "Internkontrollplan 2015, fastställd 2015-01-21 (beslut: SN 2015/12)",
                     "Socialnämnden (2015-08-20, SN 2015/88) → Kommunstyrelsen (2015-09-10, KS 2015/301)",
                     "Nio av nitton kontrollmoment", "<h2>Förslag till beslut</h2>",
                     "<li>Socialnämnden föreslås besluta att godkänna", "Kvalitetsutvecklare", "Socialchef",
                     "<h2>Översikt</h2>", "aria-label=\"röd\"", "aria-label=\"grön\"", "aria-label=\"grå\"", "Riskområde 19",
                     "<strong>Riskmatris</strong>", "Sannolikhet", "Konsekvens"] {
            #expect(h1.contains(text), "the HTML lacks «\(text)»")
        }
        // Before the report to the committee of the second half, the plan's own recipients show what is to come.
        let early = try w.ik.run(["report", "--plan", "SCN15", "--period", "2015-H1", "--as-of", "2015-08-15"]).stdout
        #expect(early.contains("| Rapportering till | Socialnämnden → Kommunstyrelsen |"), "\(early)")
    }

    @Test func aCorrectionByBusinessIdAfterTheReportIsMarkedWithOldAndNew() throws {
        let w = try Self.entered()
        let september = ["IK_NOW": "2016-01-20T09:00:00Z"]
        // By business id, with the flag's dashed name; the log records the event id.
        let corrected = try w.ik.run(["record", "correction", "--target", "SCN15-C01-H1", "--reason", "Fel antal",
                                      "--set", "deviating=4", "--set", "performed-by=Kvalitetsutvecklare"], environment: september)
        #expect(corrected.status == 0, "\(corrected.stderr)")
        let log = try w.ik.run(["log", "--type", "EventCorrected", "--format", "json"]).stdout
        #expect(!log.contains("SCN15-C01-H1\"") || log.contains("\"performanceId\": \"SCN15-C01-H1\""))
        #expect(log.range(of: #""targetId": "[0-9a-f-]{36}""#, options: .regularExpression) != nil, "\(log)")
        let h1 = try w.ik.run(["report", "--plan", "SCN15", "--period", "2015-H1"]).stdout
        #expect(h1.contains("Ändrad efter rapporten 2015-09-10: med avvikelse 3 → 4, andel 30\(Self.nbsp)% → 40\(Self.nbsp)%"), "\(h1)")
        #expect(h1.contains("Uppgifter har ändrats efter att rapporten lämnades"))
        #expect(h1.components(separatedBy: "Ändrad efter rapporten").count == 2, "only the corrected control point is marked")
        // As known when the report was submitted, nothing is marked.
        let then = try w.ik.run(["report", "--plan", "SCN15", "--period", "2015-H1", "--as-of", "2015-09-10"]).stdout
        #expect(!then.contains("Ändrad efter rapporten"))
    }

    @Test func aRetractionAfterTheReportIsMarkedToo() throws {
        let w = try Self.entered()
        let later = ["IK_NOW": "2016-01-20T09:00:00Z"]
        // A result taken back, and a whole control point taken back, after the report was submitted.
        try w.ik.run(["record", "retraction", "--target", "SCN15-C06-H1", "--reason", "Registrerad på fel kontroll"],
                     environment: later).requireSuccess()
        let log = try w.ik.run(["log", "--stream", "control-SCN15-C07", "--format", "json"]).stdout
        let json = try JSONSerialization.jsonObject(with: Data(log.utf8)) as? [[String: Any]]
        let added = try #require(json?.compactMap { $0["envelope"] as? [String: Any] }
            .first { $0["type"] as? String == "ControlPointAdded" }?["seq"] as? Int)
        let gone = try w.ik.run(["record", "retraction", "--target", "seq:\(added)", "--reason", "Dubblett"], environment: later)
        let h1 = try w.ik.run(["report", "--plan", "SCN15", "--period", "2015-H1"]).stdout
        #expect(h1.contains("Ändrad efter rapporten 2015-09-10: kontroller 1 → 0"), "\(h1)")
        #expect(gone.status == 0, "\(gone.stderr)")
        #expect(h1.contains("Makulerade efter rapporten 2015-09-10: SCN15-C07 (Kontroll 7)."), "\(h1)")
        #expect(!h1.contains("| SCN15-C07"), "the taken-back control point has no row")
        #expect(h1.contains("Uppgifter har ändrats efter att rapporten lämnades"))
    }

    @Test func aTargetBySeqAndUnknownTargetsAndFieldsAreClearErrors() throws {
        let w = try Self.entered()
        let september = ["IK_NOW": "2016-01-20T09:00:00Z"]
        let log = try w.ik.run(["log", "--stream", "control-SCN15-C02", "--format", "json"]).stdout
        let json = try JSONSerialization.jsonObject(with: Data(log.utf8)) as? [[String: Any]]
        let seq = try #require(json?.compactMap { ($0["envelope"] as? [String: Any]) }
            .first { $0["type"] as? String == "ControlPerformed" }?["seq"] as? Int)
        for target in ["seq:\(seq)", "\(seq)"] {
            let dry = try w.ik.run(["record", "correction", "--target", target, "--reason", "Datum", "--set",
                                    "performed-on=2015-06-21", "--dry-run"], environment: september)
            #expect(dry.status == 0, "\(target): \(dry.stderr)")
        }
        let unknown = try w.ik.run(["record", "correction", "--target", "SCN15-C99-H1", "--reason", "x", "--set", "deviating=1"],
                                   environment: september)
        #expect(unknown.status == 65 && unknown.stderr.contains("no event has this id, seq or business id"), "\(unknown.stderr)")
        let field = try w.ik.run(["record", "correction", "--target", "SCN15-C02-H1", "--reason", "x", "--set", "colour=red"],
                                 environment: september)
        #expect(field.status == 64 && field.stderr.contains("performed-on"), "\(field.stderr)")
        // A redaction names its target the same ways; the log records the event id.
        let redacted = try w.ik.run(["redact", "--target", "SCN15-C03-H1", "--reason", "Sekretess"], environment: september)
        #expect(redacted.status == 0, "\(redacted.stderr)")
        let redaction = try w.ik.run(["log", "--type", "PayloadRedacted", "--format", "json"]).stdout
        #expect(redaction.range(of: #""targetId": "[0-9a-f-]{36}""#, options: .regularExpression) != nil, "\(redaction)")
        // A deviating count that disagrees with the deviations recorded is a note, not a refusal.
        try w.ik.run(["record", "deviation", "--deviation", "SCN15-D1", "--control", "SCN15-C02", "--observed-on", "2015-05-02",
                      "--severity", "minor", "--count", "2", "--description", "Saknad plan"], environment: september).requireSuccess()
        let noted = try w.ik.run(["record", "correction", "--target", "SCN15-C02-H1", "--reason", "Omräknat", "--set", "examined=12"],
                                 environment: september)
        #expect(noted.status == 0 && noted.stderr.contains("the results count 3 deviating, the deviations recorded there 2"),
                "\(noted.stderr)")
    }

    @Test func importingAPlanNamesEveryBadCellByRowAndColumnAndAppendsNothing() throws {
        let w = Workspace()
        try w.ik.run(["init", "--test"]).requireSuccess()
        let january = ["IK_NOW": "2015-01-22T09:00:00Z"]
        let adopt = ["--plan", "SCN15", "--organisation", "Socialnämnden", "--year", "2015", "--adopted-on", "2015-01-21"]
        try w.write("bad.csv", "Kontrollområde;Kontrollmoment;Frekvens;När kontrollen ska göras;Sannolikhet;Konsekvens\n"
            + "A;Kontroll 1;halvår;2015-H1;3;2\nA;Kontroll 2;varannan vecka;2015-H7;9;1\n")
        let bad = try w.ik.run(["import", "plan", "bad.csv"] + adopt, environment: january)
        #expect(bad.status == 65, "\(bad.stderr)")
        for text in ["bad.csv row 3, column Sannolikhet: 9: must be between 1 and 4", "bad.csv row 3, column Frekvens: \"varannan vecka\"",
                     "bad.csv row 3, column När kontrollen ska göras: \"2015-H7\"", "nothing was imported"] {
            #expect(bad.stderr.contains(text), "lacks «\(text)»: \(bad.stderr)")
        }
        #expect(try w.ik.run(["log"]).stdout.contains("0 events"), "nothing was appended")
        try w.write("unknown.csv", "Kontrollområde,Kontrollmoment,Färg\nA,B,röd\n")
        let unknown = try w.ik.run(["import", "plan", "unknown.csv"] + adopt, environment: january)
        #expect(unknown.status == 65 && unknown.stderr.contains("row 1, column Färg: unknown column"), "\(unknown.stderr)")
        // Comma-separated, English titles, no byte-order mark: read the same way.
        try w.write("plan.csv", "Control area,Control point,Frequency,When the control is due,Likelihood,Consequence\n"
            + "Läkemedel,Saldokontroll,monthly,\"2015-H1,2015-H2\",2,4\n")
        let good = try w.ik.run(["import", "plan", "plan.csv"] + adopt, environment: january)
        #expect(good.status == 0, "\(good.stderr)")
        let state = try w.ik.run(["state", "--plan", "SCN15", "--format", "json"]).stdout
        #expect(state.contains("\"controlId\": \"SCN15-K01\"") && state.contains("\"2015-H2\""), "\(state)")
        // Into an existing plan, without adopting it again.
        try w.write("more.csv", "Kontrollområde;Kontrollmoment\nEkonomi;Attest\n")
        let more = try w.ik.run(["import", "plan", "more.csv", "--plan", "SCN15"], environment: january)
        #expect(more.status == 65 && more.stderr.contains("already exists"), "the same generated id: \(more.stderr)")
    }
}
