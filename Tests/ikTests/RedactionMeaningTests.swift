import Foundation
import Testing

/// A redaction removes text, not meaning (red team 6): what the folds count stays, at every knowledge point, and
/// reports name the redacted facts.
@Suite(.serialized) struct RedactionMeaningTests {
    static let plan = """
        {"type":"PlanAdopted","payload":{"planId":"SN-2024","organisation":"Socialförvaltningen","year":2024,"adoptedOn":"2024-01-24"}}
        {"type":"ControlPointAdded","effectiveAt":"2024-01-24","payload":{"controlId":"SN-2024-LAK","planId":"SN-2024","area":"Läkemedelshantering","title":"Narkotikaklassade läkemedel"}}

        """

    static func store() throws -> Workspace {
        let w = Workspace()
        try w.ik.run(["init"]).requireSuccess()
        try w.ik.run(["append", "-"], input: plan).requireSuccess()
        return w
    }

    /// What the figures say as known at `seq`: the state as CSV and the report's lines without its texts' basis.
    static func figures(_ w: Workspace, asOf seq: Int) throws -> (state: String, report: String) {
        let state = try w.ik.run(["state", "--period", "2024", "--as-of-seq", String(seq), "--format", "csv"])
        try state.requireSuccess()
        let report = try w.ik.run(["report", "--plan", "SN-2024", "--format", "md", "--lang", "en", "--as-of", "seq:\(seq)"])
        try report.requireSuccess()
        return (state.stdout, report.stdout)
    }

    static func countLines(_ report: String) -> [Substring] {
        report.split(separator: "\n").filter { $0.contains(" of ") && $0.hasPrefix("|") }
    }

    /// redaction-rewrites-past-figures: redacting a retraction brought the retracted result back into every figure,
    /// redacting a correction the old figure, also as known before the redactions, under the same anchor, with no
    /// word of a redaction (the old code: 50 of 150 where 20 of 100 had been reported). A corrected text whose
    /// correction is redacted does not bring the text before the correction back either.
    @Test func redactingARetractionOrACorrectionChangesNoFigureAtAnyKnowledgePoint() throws {
        let w = try Self.store()
        for line in [
            ["control-performed", "--performance", "P1", "--control", "SN-2024-LAK", "--performed-on", "2024-06-01", "--examined", "100",
             "--deviating", "10", "--assessment", "satisfactory", "--result", "Första texten om Anna"],
            ["control-performed", "--performance", "P2", "--control", "SN-2024-LAK", "--performed-on", "2024-07-01", "--examined", "50",
             "--deviating", "40", "--assessment", "unsatisfactory"],
            ["retraction", "--target", "P2", "--reason", "registrerad i fel plan"],
            ["correction", "--target", "P1", "--reason", "rättelse", "--set", "deviating=20", "--set", "result=Rättad text om Anna"],
        ] {
            try w.ik.run(["record"] + line).requireSuccess()
        }
        let before = try Self.figures(w, asOf: 6)
        #expect(Self.countLines(before.report).contains { $0.contains("20 of 100") })
        let now = try w.ik.run(["state", "--period", "2024", "--format", "csv"]).stdout
        for seq in ["5", "6"] {
            try w.ik.run(["redact", "--target", "seq:" + seq, "--reason", "gallring"]).requireSuccess()
        }
        let after = try Self.figures(w, asOf: 6)
        #expect(after.state == before.state)
        #expect(Self.countLines(after.report) == Self.countLines(before.report))
        #expect(try w.ik.run(["state", "--period", "2024", "--format", "csv"]).stdout == now)
        // The fact whose current text is gone is named; neither its text nor the one before the correction is shown.
        #expect(after.report.contains("Redacted facts (seq): 3"), "\(after.report)")
        #expect(!after.report.contains("Anna"))
        #expect(try w.ik.run(["verify"]).status == 0)
    }

    /// Redacting a deviation's closing reopened it in every figure while the rules still called it closed.
    @Test func redactingAClosingLeavesTheDeviationClosed() throws {
        let w = try Self.store()
        try w.ik.run(["record", "deviation", "--deviation", "D-1", "--control", "SN-2024-LAK", "--observed-on", "2024-03-01",
                      "--severity", "minor", "--description", "Fel dos"]).requireSuccess()
        try w.ik.run(["record", "deviation-closed", "--deviation", "D-1", "--closed-on", "2024-03-05",
                      "--resolution", "Sköterskan Eva fick ny genomgång"]).requireSuccess()
        let before = try Self.figures(w, asOf: 4)
        try w.ik.run(["redact", "--target", "seq:4", "--reason", "gallring"]).requireSuccess()
        let after = try Self.figures(w, asOf: 4)
        #expect(after.state == before.state)
        #expect(!after.report.contains("Eva") && after.report.contains("Redacted facts (seq): 4"))
    }

    /// report-fails-after-plan-redaction: once the PlanAdopted was redacted, `ik report --plan` exited 65 "no plan
    /// SN-2024 … The plans: SN-2024". Its id, year and date stay; its texts are shown as redacted.
    @Test func aPlanWhoseAdoptionIsRedactedStillHasItsReport() throws {
        let w = try Self.store()
        try w.ik.run(["record", "control-performed", "--performance", "P1", "--control", "SN-2024-LAK", "--performed-on",
                      "2024-06-01", "--examined", "100", "--deviating", "10", "--assessment", "satisfactory"]).requireSuccess()
        let before = try Self.figures(w, asOf: 3)
        try w.ik.run(["redact", "--target", "seq:1", "--reason", "gallring", "--legal-basis", "arkivlagen"]).requireSuccess()
        let after = try Self.figures(w, asOf: 3)
        #expect(after.state == before.state)
        #expect(Self.countLines(after.report) == Self.countLines(before.report))
        #expect(after.report.contains("Redacted facts (seq): 1") && !after.report.contains("Socialförvaltningen"))
        #expect(try w.ik.run(["state", "--plan", "SN-2024", "--period", "2024"]).status == 0)
    }
}
