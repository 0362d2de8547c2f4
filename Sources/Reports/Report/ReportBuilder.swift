import EventLog
import InternalControl
import Projections

/// Builds the committee report of one plan for a period as known at a point.
public struct ReportBuilder {
    public let language: Language
    /// Decimals of percentages (the seeds write 84 % and 58,9 %).
    public let decimals: Int
    /// Half up by default; cut as some committees write them with ``Rounding/truncate``.
    public let rounding: Rounding
    /// The trend's bucket within a year; `nil`: the plan's reporting rhythm (``trendBucket(_:facts:)``).
    public let bucket: Bucket?

    public init(language: Language, decimals: Int = 0, rounding: Rounding = .halfUp, bucket: Bucket? = nil) {
        self.language = language
        self.decimals = decimals
        self.rounding = rounding
        self.bucket = bucket
    }

    func word(_ key: String) -> String { ReportLabels.text(key, language) }

    func percent(_ part: Int64, _ whole: Int64) -> String {
        language.percent(Percent.text(part, of: whole, decimals: decimals, rounding: rounding))
    }

    /// "121 av 144 (84 %)".
    func ratio(_ part: Int64, _ whole: Int64) -> String {
        ratio(part, whole, percent: percent(part, whole))
    }

    func ratio(_ part: Int64, _ whole: Int64, percent: String) -> String {
        "\(language.number(part)) \(word("of")) \(language.number(whole)) (\(percent))"
    }

    /// "3 av 40 (8 %)" and "37 av 40 (92 %)": a part and the rest of the same whole, whose rates add up to 100 %.
    func complementaryRatios(_ part: Int64, _ whole: Int64) -> (part: String, rest: String) {
        let rates = Percent.complementary(part, of: whole, decimals: decimals, rounding: rounding)
        return (ratio(part, whole, percent: language.percent(rates?.part)),
                ratio(whole.addingSaturating(part == .min ? .max : -part), whole, percent: language.percent(rates?.rest)))
    }

    /// A period as a committee paper names it: "Helår 2024", "Första halvåret 2015", "Andra tertialet 2024",
    /// "Tredje kvartalet 2024", "Maj 2024"; other spans as their dates.
    func periodText(_ dates: ClosedRange<CalendarDate>) -> String {
        let a = dates.lowerBound
        let name = Period.named(covering: dates).name
        guard Period(name) != nil else { return "\(a) – \(dates.upperBound)" }
        let part = name.split(separator: "-").dropFirst().first.map(String.init) ?? ""
        if name == String(a.year) { return "\(word("fullYear")) \(a.year)" }
        if part.count == 2, let month = Int(part), (1...12).contains(month) {
            return "\(monthName(month)) \(a.year)"
        }
        let kinds: [Character: String] = ["H": "half", "T": "tertial", "Q": "quarter"]
        guard let letter = part.first, let kind = kinds[letter], let ordinal = Int(part.dropFirst()), (1...4).contains(ordinal)
        else { return "\(a) – \(dates.upperBound)" }
        return language == .sv ? "\(Self.ordinals.sv[ordinal - 1]) \(word("period." + kind)) \(a.year)"
            : "\(Self.ordinals.en[ordinal - 1]) \(word("period." + kind)) of \(a.year)"
    }

    static let ordinals = (sv: ["Första", "Andra", "Tredje", "Fjärde"], en: ["First", "Second", "Third", "Fourth"])
    /// The name of `month` (1…12) in the report's language: "Maj", "May".
    func monthName(_ month: Int) -> String {
        let sv = ["Januari", "Februari", "Mars", "April", "Maj", "Juni", "Juli", "Augusti", "September", "Oktober",
                  "November", "December"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December"]
        return (language == .sv ? sv : en)[(month - 1 + 12) % 12]
    }

    /// The period a report covers by default: the latest report submitted for the plan, else the plan's year.
    public static func defaultPeriod(_ facts: PlanFacts) -> Period? {
        if let covers = facts.reports.compactMap(\.values.covers).last { return Period(first: covers.lowerBound, last: covers.upperBound) }
        return facts.adopted.flatMap { Period.year(Int(clamping: $0.year)) }
    }

    /// The report of `facts` for `period`, from a plan folded straight from the log (``CheckedPlan``): the footer
    /// says that `payloadsChecked` payloads were checked and the root recomputed.
    /// `reported`: what the period's latest submitted report saw, when facts came after it; figures that differ are
    /// marked.
    public func build(facts: PlanFacts, period: Period, knowledge: KnowledgeInfo, texts: some FactTexts,
                      payloadsChecked: Int, reported: AsReported? = nil, pinnedClockEvents: Int = 0,
                      witnessed: Witnessed? = nil) -> ReportModel {
        let state = StateProjection.evaluate(facts, period: period, referenceDate: knowledge.referenceDate, texts: texts)
        let changes = changes(state, reported: reported, period: period, texts: texts)
        let header = header(facts, state: state, period: period, texts: texts)
        let riskAreas = Dictionary(facts.riskAreas.compactMap { texts.riskArea($0.textSeq) }.map { ($0.riskAreaId, $0.title) },
                                   uniquingKeysWith: { first, _ in first })
        let overview = overview(state, riskAreas: riskAreas)
        let matrix = riskMatrix(facts, state: state, texts: texts)
        let active = state.activeControls
        let performed = active.reduce(0) { $0 + $1.performed }
        let partly = active.reduce(0) { $0 + $1.partlyPerformed }
        let due = state.dueCount
        let standings = ["satisfactory", "partly-satisfactory", "unsatisfactory", "undetermined", "not-performed"]
            + (due < active.count ? ["not-due"] : [])
        let counts = standings.map { (word($0), state.assessments[$0] ?? 0) }
        let l = language
        let summaryText = l == .sv
            ? "Internkontrollplanen innehåller totalt \(l.count(active.count, "controlPoint"))"
                + (due < active.count ? ", varav \(l.count(due, "dueControlPoint")) under perioden" : "")
                + ". Under perioden har \(l.count(performed, "control")) genomförts"
                + (partly > 0 ? ", varav \(l.number(Int64(partly))) delvis" : "") + ". Bedömning per kontrollmoment: "
                + counts.map { "\($0.0.lowercased()) \($0.1)" }.joined(separator: ", ") + "."
            : "The internal control plan has \(l.count(active.count, "controlPoint")) in all"
                + (due < active.count ? ", \(l.number(Int64(due))) of them due in the period" : "")
                + ". \(l.count(performed, "control")) \(performed == 1 ? "was" : "were") performed in the period"
                + (partly > 0 ? ", \(l.number(Int64(partly))) of them in part" : "") + ". Assessment per control point: "
                + counts.map { "\($0.0.lowercased()) \($0.1)" }.joined(separator: ", ") + "."
        let summaryLines = [Line(word("controlPoints"), String(active.count))]
            + (due < active.count ? [Line(word("dueControlPoints"), String(due))] : [])
            + [Line(word("controlsPerformed"), String(performed))]
            + (partly > 0 ? [Line(word("partlyPerformedControls"), String(partly))] : [])
        let controls = state.controls.enumerated().map { index, control in
            controlSection(index + 1, control, facts: facts, period: period, knowledge: knowledge, texts: texts,
                           changed: changes.marks[control.controlId])
        }
        let anchor = "\(knowledge.treeSize):\(knowledge.root.hex)"
        let recorded = knowledge.recordedAt?.description ?? "–"
        // The footer claims what this run checked, and nothing more.
        let footer = language == .sv
            ? "Rapporten är framställd direkt ur IKStore-loggen så som den var känd vid seq \(knowledge.seq) (registrerad "
                + "\(recorded)), utan mellanlager: alla \(knowledge.treeSize) händelser lästes och Merkle-roten räknades om ur "
                + "just de lästa byten, och varje läst innehåll (\(payloadsChecked)) kontrollerades mot sin kontrollsumma. "
                + "Trädstorlek \(knowledge.treeSize), Merkle-rot \(knowledge.root.hex). Samma logg, plan och kunskapsläge ger "
                + "samma rapport byte för byte; kontrollera att loggen fortfarande innehåller just denna historik med "
                + "ik verify --anchor \(anchor)."
                + (pinnedClockEvents == 0 ? "" : " OBS: \(pinnedClockEvents) av händelserna registrerades med vald tid "
                    + "(teststore, IK_NOW); deras registreringstid säger inget om när något var känt.")
            : "Built directly from the IKStore log as known at seq \(knowledge.seq) (recorded \(recorded)), with no cache: all "
                + "\(knowledge.treeSize) events were read and the Merkle root recomputed from those very bytes, and every payload "
                + "read (\(payloadsChecked)) was checked against its digest. Tree size \(knowledge.treeSize), Merkle root "
                + "\(knowledge.root.hex). The same log, plan and knowledge point give this report byte for byte; check that the "
                + "log still holds exactly this history with ik verify --anchor \(anchor)."
                + (pinnedClockEvents == 0 ? "" : " Note: \(pinnedClockEvents) of the events were recorded with a chosen time "
                    + "(a test store, IK_NOW); their recorded times say nothing about when anything was known.")
        let witnessSentence = witnessed.map(witnessSentence) ?? ""
        let other = state.otherActions.map(actionLine)
        return ReportModel(
            language: language.rawValue, labels: ReportLabels.all(language), title: word("title"),
            organisation: state.organisation ?? state.planId,
            planId: state.planId,
            controlArea: language == .sv ? "Internkontrollplan \(state.year.map { String($0) } ?? "")"
                : "Internal control plan \(state.year.map { String($0) } ?? "")",
            plan: header.planLine, reportedTo: header.chain, submissions: header.submissions,
            period: periodText(period.dates),
            reportDate: header.reportDate ?? knowledge.referenceDate.description,
            preparedBy: header.preparedBy, approvedBy: header.approvedBy, paperSummary: header.paperSummary,
            proposedDecisions: header.proposedDecisions, hasProposedDecisions: !header.proposedDecisions.isEmpty,
            summary: summaryLines + counts.map { Line($0.0, String($0.1)) },
            summaryText: summaryText, changedNote: changes.isEmpty ? nil : ([word("changedNote")] + [changes.retracted].compactMap { $0 }).joined(separator: " "), overview: overview, hasRiskAreas: overview.contains { $0.riskArea != nil },
            riskMatrix: matrix.svg, riskLegend: matrix.legend, hasRiskMatrix: !matrix.svg.isEmpty,
            riskRows: matrix.rows, riskColumns: RiskMatrix.columns(language: language), controls: controls, otherActions: other, hasOtherActions: !other.isEmpty,
            footer: footer + witnessSentence, anchor: anchor, treeSize: String(knowledge.treeSize), root: knowledge.root.hex,
            knownAt: "seq \(knowledge.seq), \(recorded)",
            redacted: facts.redacted.isEmpty ? nil : facts.redacted.map(String.init).joined(separator: ", "),
            witnessedNote: witnessed.flatMap { $0.matches && $0.isVerified ? $0.head.note : nil })
    }

    func controlSection(_ number: Int, _ c: ControlState, facts: PlanFacts, period: Period, knowledge: KnowledgeInfo,
                        texts: some FactTexts, changed: String? = nil) -> ReportModel.Control
    {
        var figures: [ReportModel.Line] = []
        if let planned = c.planned, planned > 0 { figures.append(Line(word("examinedOfPlanned"), ratio(c.examined, planned))) }
        if c.examined > 0 {
            let pair = complementaryRatios(c.deviating, c.examined)
            var text = pair.part
            if c.serious > 0 { text += ", \(word("ofWhichSerious")) \(language.number(c.serious))" }
            figures.append(Line(word("deviatingOfExamined"), text))
            figures.append(Line(word("compliantOfExamined"), pair.rest))
        }
        for indicator in c.indicators { figures.append(Line(indicator.name, ratio(indicator.numerator, indicator.denominator))) }
        let index = facts.control(c.thing)
        let counted = (index.map { facts.countedPerformances(of: $0, in: period.dates) } ?? [])
            .sorted { $0.values.performedOn < $1.values.performedOn }
        let performances = counted.count < 2 ? [] : counted.map { p -> ReportModel.Line in
            var text = "\(ratio(p.values.deviating, p.values.examined)) \(word("deviating").lowercased())"
            if let serious = p.values.serious, serious > 0 { text += ", \(word("ofWhichSerious")) \(language.number(serious))" }
            return Line(periodText(p.values.covers), text)
        }
        let deviations = c.deviations.map { d in
            ReportModel.DeviationRow(unit: d.unit ?? "–", severity: word(d.severity), recorded: language.number(d.recorded),
                                     open: language.number(d.open))
        }
        let actions = c.actions.sorted { ($0.date, $0.actionId) < ($1.date, $1.actionId) }
        let trend = trendSection(c, index: index, facts: facts, period: period, knowledge: knowledge, texts: texts)
        let assessment = c.standing
        let css = ["satisfactory": "ok", "partly-satisfactory": "partly", "unsatisfactory": "bad"][assessment] ?? "none"
        return ReportModel.Control(
            number: number, controlId: c.controlId, title: c.title ?? c.controlId, area: c.area ?? "", method: c.method,
            responsible: c.responsible, withdrawn: c.withdrawn ? word("withdrawn") : nil, changed: changed,
            assessment: word(assessment) + (c.partlyPerformed > 0 ? " (\(word("partlyPerformed")))" : ""),
            assessmentClass: css, figures: figures, performances: performances, results: c.results, deviations: deviations,
            deviationTotal: c.deviationsRecorded == 0 ? nil : "\(word("total")): \(language.number(c.deviationsRecorded)), "
                + "\(word("open").lowercased()) \(language.number(c.deviationsOpen))",
            actionsTaken: actions.filter { !$0.planned }.map(actionLine),
            actionsProposed: actions.filter(\.planned).map(actionLine),
            trend: trend.rows, trendTitle: trend.title, chart: trend.chart,
            hasFigures: !figures.isEmpty, hasDeviations: !deviations.isEmpty, hasActionsTaken: actions.contains { !$0.planned },
            hasActionsProposed: actions.contains(where: \.planned), hasTrend: trend.rows.count > 1,
            hasResults: !c.results.isEmpty, hasPerformances: !performances.isEmpty)
    }

    func actionLine(_ a: ActionState) -> ReportModel.ActionLine {
        var status = a.status.map(word) ?? ""
        if let on = a.lastFollowUpOn { status += " (\(on))" }
        if a.overdue { status += status.isEmpty ? word("overdue") : ", \(word("overdue"))" }
        return ReportModel.ActionLine(actionId: a.actionId, date: a.date.description, description: a.description,
                                      owner: a.owner, dueOn: a.dueOn?.description, status: status.isEmpty ? nil : status,
                                      finding: a.finding, overdue: a.overdue)
    }
}

extension ReportModel.Line {
    init(_ label: String, _ text: String) { self.init(label: label, text: text) }
}

typealias Line = ReportModel.Line
