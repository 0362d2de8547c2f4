import ArgumentParser
import EventLog
import Foundation
import InternalControl
import Projections
import Reports

struct ImportCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a plan from a spreadsheet saved as CSV: its risk areas and control points, all or nothing.",
        discussion: """
            ik import plan plan.csv --plan SCN15 --organisation Socialnämnden --year 2015 --adopted-on 2015-01-21
            One row per control point; the first row names the columns, in Swedish or English: Kontrollmoment-id, \
            Kontrollområde (required), Kontrollmoment (required), Rutin/system, Metod, Frekvens, Ansvarig, \
            Rapporteras till, När kontrollen ska göras (2015-H1, 2015-H2), Riskområde, Riskområde-id, Sannolikhet, \
            Konsekvens. Cells separated by ';' or ',' (as Excel saves them), with or without a byte-order mark. \
            With --organisation, --year and --adopted-on the plan is adopted too; without them it must exist. \
            Every problem is named by row and column, and nothing is appended while any remains.
            """)

    enum What: String, ExpressibleByArgument, CaseIterable { case plan }

    @Argument(help: "What to import: plan.")
    var what: What

    @Argument(help: ArgumentHelp("The CSV file.", valueName: "file"))
    var file: String

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("plan"), help: ArgumentHelp("The plan's id.", valueName: "id"))
    var planId: String

    @Option(help: "The organisation (nämnd, förvaltning), to adopt the plan.")
    var organisation: String?

    @Option(help: "The plan's year, to adopt the plan.")
    var year: Int64?

    @Option(name: .customLong("adopted-on"), help: ArgumentHelp("When the plan was adopted, to adopt it.", valueName: "date"))
    var adoptedOn: CalendarDate?

    @Option(name: .customLong("decision-ref"), help: "The decision (diarienummer, paragraf).")
    var decisionRef: String?

    @Option(name: .customLong("report-to"), help: "Who the plan reports to (repeatable, in order).")
    var reportTo: [String] = []

    @Option(name: .customLong("effective-at"), help: ArgumentHelp("Effective date of the control points (default: --adopted-on, else today).",
                                                                 valueName: "date"))
    var effectiveAt: CalendarDate?

    @Flag(help: "Check everything against the store and write nothing.")
    var dryRun = false

    func validate() throws {
        let given = [organisation != nil, year != nil, adoptedOn != nil]
        if given.contains(true) && given.contains(false) {
            throw ValidationError("To adopt the plan give --organisation, --year and --adopted-on together.")
        }
    }

    func execute() throws {
        // A plan is a few hundred rows: read whole, at most 16 MB.
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw CommandFailure(.inputMissing, "cannot read \(file)\nName a CSV file saved from the spreadsheet.")
        }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: 16 << 20 + 1) ?? Data()
        guard data.count <= 16 << 20 else {
            throw CommandFailure(.badInput, "\(file) is larger than 16 MB; nothing was imported\nA plan is one row per control point.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure(.badInput, "\(file) is not UTF-8; nothing was imported\n"
                + "Save it from the spreadsheet as \"CSV UTF-8\".")
        }
        let plan = PlanImport.Plan(planId: planId, organisation: organisation, year: year, adoptedOn: adoptedOn,
                                   decisionRef: decisionRef, reportTo: reportTo)
        let drafts: PlanImport.Drafts
        switch PlanImport.drafts(from: text, source: file, plan: plan, effectiveAt: effectiveAt) {
        case .success(let read): drafts = read
        case .failure(let failure): throw Self.failure(failure.problems, file: file)
        }
        let store = try storeOptions.openForWriting()
        let rules = AppendRules(clock: try Clock.fromEnvironment())
        do {
            let outcome = try Recorder(store: store, rules: rules, actor: Actor.commandLine)
                .append(drafts.drafts, dryRun: dryRun)
            try AppendReport.print(outcome, format: .text, dryRun: dryRun)
            if !dryRun { SnapshotUpkeep.afterAppend(store) }
        } catch RecordingFailure.refused(let problems, _) {
            throw Self.failure(problems.map { problem in
                let (row, column) = drafts.place(of: problem.draftIndex, path: problem.path)
                return PlanImport.Problem(row: row, column: column, value: problem.value, rule: problem.rule)
            }, file: file)
        } catch let failure as RecordingFailure {
            throw DraftSubmission.failure(failure)
        }
    }

    static func failure(_ problems: [PlanImport.Problem], file: String) -> CommandFailure {
        var text = "\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(file); nothing was imported"
        for problem in problems { text += "\n\(file) \(problem)" }
        return CommandFailure(.badInput, text + "\nFix the spreadsheet and import it again; the store is unchanged.")
    }
}
