import EventLog
import InternalControl
import Projections

/// The committee paper's header and pictures: the plan with its adoption date and diarienummer, every submission of
/// the period (förvaltning → nämnd → kommunstyrelsen), the paper's own summary and proposed decisions, who prepared
/// and approved it; the traffic-light overview and the risk matrix.
extension ReportBuilder {
    struct Header {
        var planLine: String
        var chain: String
        var submissions: [ReportModel.Submission]
        var paperSummary: String?
        var proposedDecisions: [String]
        var preparedBy: String?
        var approvedBy: String?
        var reportDate: String?
    }

    /// The reports submitted for the period (covering it, or submitted in it when they name no period), by date.
    func submissions(_ facts: PlanFacts, period: Period, texts: some FactTexts) -> [(PlanFacts.Report, ReportSubmitted?)] {
        facts.reports.filter {
            $0.values.covers.map { $0.overlaps(period.dates) } ?? period.dates.contains($0.values.submittedOn)
        }.sorted { $0.values.submittedOn < $1.values.submittedOn }.map { ($0, texts.report($0.textSeq)) }
    }

    func header(_ facts: PlanFacts, state: PlanState, period: Period, texts: some FactTexts) -> Header {
        let l = language
        let plan = facts.adopted.flatMap { texts.plan($0.textSeq) }
        var planLine = (l == .sv ? "Internkontrollplan" : "Internal control plan") + (state.year.map { " \($0)" } ?? "")
        if let adopted = state.adoptedOn { planLine += l == .sv ? ", fastställd \(adopted)" : ", adopted on \(adopted)" }
        if let ref = plan?.decisionRef { planLine += " (\(l == .sv ? "beslut" : "decision"): \(ref))" }
        let reports = submissions(facts, period: period, texts: texts)
        let rows = reports.map { report, text in
            ReportModel.Submission(to: text?.to ?? "", date: report.values.submittedOn.description, decisionRef: text?.decisionRef)
        }
        // The chain: the organisation, each body the report went to (date, dnr), then the bodies still to come.
        var steps: [String] = []
        var named: [String] = []
        if let organisation = state.organisation, !state.reportTo.isEmpty || !rows.isEmpty,
            !(rows.first?.to == organisation || (rows.isEmpty && state.reportTo.first == organisation))
        {
            steps.append(organisation)
        }
        for row in rows {
            steps.append("\(row.to) (\(row.date)" + (row.decisionRef.map { ", \($0)" } ?? "") + ")")
            named.append(row.to.lowercased())
        }
        for body in state.reportTo where !named.contains(body.lowercased()) { steps.append(body) }
        let paper = reports.last { $0.1?.summary != nil || $0.1?.proposedDecisions != nil }?.1
        let signed = reports.last { $0.1?.preparedBy != nil || $0.1?.approvedBy != nil }?.1
        return Header(planLine: planLine, chain: steps.joined(separator: " → "), submissions: rows,
                      paperSummary: paper?.summary, proposedDecisions: paper?.proposedDecisions ?? [],
                      preparedBy: signed?.preparedBy, approvedBy: signed?.approvedBy,
                      reportDate: reports.last?.0.values.submittedOn.description)
    }

    /// One row per control point not withdrawn, with its light.
    func overview(_ state: PlanState, riskAreas: [String: String]) -> [ReportModel.OverviewRow] {
        state.controls.enumerated().filter { !$0.element.withdrawn }.map { index, c in
            let light = TrafficLights.light(c.standing)
            return ReportModel.OverviewRow(
                number: index + 1, controlId: c.controlId, title: c.title ?? c.controlId,
                riskArea: c.riskAreaId.map { riskAreas[$0] ?? $0 }, light: light, lightWord: TrafficLights.word(light, language),
                standing: word(c.standing) + (c.partlyPerformed > 0 ? " (\(word("partlyPerformed")))" : ""),
                dot: TrafficLights.dot(c.standing, language: language))
        }
    }

    /// The risk matrix: the plan's risk areas when they have risk assessments, else its control points that have.
    func riskMatrix(_ facts: PlanFacts, state: PlanState, texts: some FactTexts)
        -> (svg: String, legend: [ReportModel.Line], rows: [ReportModel.RiskRow])
    {
        let areas = facts.riskAreas.compactMap { texts.riskArea($0.textSeq) }
        var items: [RiskMatrix.Item] = []
        var legend: [ReportModel.Line] = []
        let assessed = areas.filter { $0.risk != nil }
        if !assessed.isEmpty {
            for (i, area) in areas.enumerated() {
                guard let risk = area.risk else { continue }
                items.append(RiskMatrix.Item(label: "R\(i + 1)", risk: risk))
                legend.append(Line("R\(i + 1)", "\(area.title) (\(risk.likelihood) × \(risk.consequence))"))
            }
        } else {
            for (i, c) in state.controls.enumerated() where !c.withdrawn {
                guard let risk = c.risk else { continue }
                items.append(RiskMatrix.Item(label: "\(i + 1)", risk: risk))
                legend.append(Line("\(i + 1)", "\(c.title ?? c.controlId) (\(risk.likelihood) × \(risk.consequence))"))
            }
        }
        return (RiskMatrix.svg(items, language: language, title: word("riskMatrix")), legend,
                items.isEmpty ? [] : RiskMatrix.rows(items, language: language))
    }
}
