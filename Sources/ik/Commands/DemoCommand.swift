import ArgumentParser
import EventLog
import Foundation
import InternalControl
import Projections
import Reports

struct DemoCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a store from the three seed reports and tour it: state, trend, as-of, diff, verify, report.",
        discussion: "A fresh temporary store unless --store names a new or empty one. Writes the HTML report and says where.")

    /// `--store PATH` builds the demo store there (new or empty) instead of in a temporary directory.
    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "Language of the tour's tables and the report: sv (default) or en.")
    var lang: Language = .sv

    func execute() throws {
        let directory: String
        let path: String
        if let store = storeOptions.store {
            path = store
            directory = (URL(fileURLWithPath: store).standardizedFileURL.deletingLastPathComponent().path)
        } else {
            directory = NSTemporaryDirectory() + "ik-demo-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            path = directory + "/store"
        }
        let options = storeOptions.options(readOnly: false)
        let eventStore = EventStore.exists(at: path) ? try EventStore(openingAt: path, options: options)
            : try EventStore.create(at: path, forTests: true, options: options)
        guard eventStore.isTestStore else { throw SeedCommand.needsTestStore(path) }
        guard try eventStore.read({ try $0.size }) == 0 else {
            throw CommandFailure(.badInput, "the store \(path) is not empty\nGive --store a new or empty directory, or leave it out.")
        }
        let scenarios = try SeedDirectory.scenarios(named: [])
        let written = try SeedScenario.replay(scenarios, into: eventStore)
        let query = LedgerQuery(store: eventStore)
        try FoldUpkeep.update(eventStore)
        let sv = lang == .sv
        func heading(_ number: Int, _ sv: String, _ en: String) {
            print("\n\(number). \(lang == .sv ? sv : en)")
        }
        print(sv ? "IKStore-demo: tre verkliga uppföljningsrapporter som en händelselogg — en socialförvaltnings rapport "
                    + "för helåret 2024, en socialnämnds uppföljning 2022 och en stadsdels uppföljning 2014"
                 : "IKStore demo: three real follow-up reports as an event log — a social services administration's 2024 "
                    + "report, a committee's 2022 follow-up and a district's 2014 follow-up")
        print((sv ? "Lagring: " : "Store: ") + path)
        print(sv ? "\(written) händelser tillagda i den ordning de blev kända (2013–2025)."
                 : "\(written) events appended in the order they became known (2013–2025).")

        let yearEnd = KnowledgePoint.endOfDay(CalendarDate("2025-02-11")!)
        let state = try query.state(period: Period("2024")!, asOf: yearEnd, plans: ["SN-2024"])
        heading(1, "Läget för 2024 i Socialförvaltningen (SN-2024), så som det var känt den 11 februari 2025:",
                "The 2024 state of the social services administration (SN-2024), as known on 11 February 2025:")
        print(indent(StateRendering.text(state, language: lang, explain: false)))
        print("   ik state --period 2024 --plan SN-2024 --as-of 2025-02-11" + (sv ? " --lang sv" : ""))

        let trend = try query.trend(dates: Period("2024")!.dates, bucket: .tertial, grouping: .control, only: "SN-2024-SEK",
                                    asOf: .now, plans: ["SN-2024"])
        heading(2, "Trenden för ett kontrollmoment, mobiltelefoner och sekretess, per tertial:",
                "The trend of one control point, phones and confidentiality, by tertial:")
        print(indent(TrendRendering.tabular(trend, language: lang).text()))
        print("   ik trend --plan SN-2024 --control SN-2024-SEK --bucket tertial --period 2024")

        heading(3, "Vad man visste vid delårsrapporten (1 oktober 2024) jämfört med vid årsskiftet (11 februari 2025):",
                "What was known at the interim report (1 October 2024) against the year end (11 February 2025):")
        let interim = try query.state(period: Period("2024")!, asOf: .endOfDay(CalendarDate("2024-10-01")!), plans: ["SN-2024"])
        var table = Tabular(keys: ["control", "examined", "deviating", "rate"], language: lang, numeric: [1, 2, 3, 4, 5, 6])
        table.headers = [lang.label("control"), "\(lang.label("examined")) 2024-10-01", "\(lang.label("deviating")) 2024-10-01",
                         "\(lang.label("examined")) 2025-02-11", "\(lang.label("deviating")) 2025-02-11"]
        for control in state.plans.flatMap(\.controls) where control.examined > 0 {
            let before = interim.plans.flatMap(\.controls).first { $0.controlId == control.controlId }
            table.rows.append([control.controlId, lang.number(before?.examined ?? 0), lang.number(before?.deviating ?? 0),
                               lang.number(control.examined), lang.number(control.deviating)])
        }
        print(indent(table.text()))

        heading(4, "Vad som ändrades mellan 6 och 11 februari 2025 (en rättelse av höstens telefonsiffror):",
                "What changed between 6 and 11 February 2025 (a correction of the autumn phone figures):")
        let diff = try query.diff(period: Period("2024")!, old: .endOfDay(CalendarDate("2025-02-06")!), new: yearEnd, plans: ["SN-2024"])
        print(indent(TrendRendering.diffText(diff, language: lang)))
        print("   ik diff --period 2024 --plan SN-2024 --as-of 2025-02-06 --against 2025-02-11")

        heading(5, "Verifiering: hela Merkle-trädet och varje index räknas om från de lagrade byten:",
                "Verification: the whole Merkle tree and every index recomputed from the stored bytes:")
        let report = try eventStore.verify()
        print("   " + (report.isIntact ? "ok" : "FAILED") + ": \(report.treeSize) " + (sv ? "händelser, rot " : "events, root ")
            + report.root.hex)
        let checkpoint = try eventStore.checkpoint()
        heading(6, "Loggens kontrollsumma att skriva in i protokollet när rapporten antas:",
                "A checkpoint to print into the minutes when the report is adopted:")
        print("   ik verify --anchor \(checkpoint.treeSize):\(checkpoint.root.hex)")

        let html = directory + "/rapport-SN-2024.html"
        let markdown = directory + "/rapport-SN-2024.md"
        for (file, format) in [(html, ReportRenderer.Format.html), (markdown, .md)] {
            let options = try QueryOptions.parse(["--as-of", "2025-02-11"])
            let text = try ReportCommand.render(store: eventStore, plan: "SN-2024", query: options, language: lang,
                                                format: format, decimals: 0)
            let output = try Output(file: file)
            try output.write(text)
            try output.finish()
        }
        heading(7, "Rapporten till förvaltningschefen, ur loggen:", "The report to the director, from the log:")
        print("   \(html)\n   \(markdown)")
        print(sv ? "\nFortsätt själv: Tools/ik --store \(path) state --period 2022 --plan SOC-2022 --lang sv"
                 : "\nGo on yourself: Tools/ik --store \(path) state --period 2022 --plan SOC-2022")
    }

    func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "   " + $0 }.joined(separator: "\n")
    }
}
