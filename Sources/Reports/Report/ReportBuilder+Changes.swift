import EventLog
import InternalControl
import Projections

/// Figures that changed after a submitted report: a report re-derived later shows the figures as now known, and
/// marks each that differs from what the report was built from ("ändrad efter rapporten 2025-02-11: 16 → 17").
extension ReportBuilder {
    /// What a submitted report of the period saw: the facts as known when it was built, and its date.
    public struct AsReported: Sendable {
        public let facts: PlanFacts
        public let submittedOn: CalendarDate
    }

    /// The latest report of `period` among `facts`, and the seq of the knowledge it was built from: the tree head
    /// it names (`basedOn`), else the seq it was recorded at. `nil` when there is none or nothing came after it.
    public static func latestReport(_ facts: PlanFacts, period: Period, knownSeq: UInt64,
                                    texts: some FactTexts) -> (seq: UInt64, submittedOn: CalendarDate)? {
        let reports = facts.reports.filter {
            $0.values.covers.map { $0.overlaps(period.dates) } ?? period.dates.contains($0.values.submittedOn)
        }
        guard let report = reports.max(by: { $0.sources.seq < $1.sources.seq }) else { return nil }
        let basedOn = texts.report(report.textSeq)?.basedOn?.anchor?.treeSize
        let seq = basedOn.map { min($0, report.sources.seq) } ?? report.sources.seq
        return seq < knownSeq ? (seq, report.values.submittedOn) : nil
    }

    /// What changed since the period's latest submitted report: a mark per control point whose figures differ, and
    /// the control points the report showed that are now taken back (they have no row left to carry a mark).
    struct Changes {
        var marks: [String: String] = [:]
        var retracted: String?
        var isEmpty: Bool { marks.isEmpty && retracted == nil }
    }

    /// The changes between what `reported` saw and `state`.
    func changes(_ state: PlanState, reported: AsReported?, period: Period, texts: some FactTexts) -> Changes {
        guard let reported else { return Changes() }
        let before = StateProjection.evaluate(reported.facts, period: period, referenceDate: reported.submittedOn, texts: texts)
        var marks: [String: String] = [:]
        for control in state.controls {
            let old = before.controls.first { $0.controlId == control.controlId }
            var parts: [String] = []
            func compare(_ key: String, _ a: String, _ b: String) {
                if a != b { parts.append("\(word(key).lowercased()) \(a) → \(b)") }
            }
            compare("performed", String(old?.performed ?? 0), String(control.performed))
            compare("examined", language.number(old?.examined ?? 0), language.number(control.examined))
            compare("deviating", language.number(old?.deviating ?? 0), language.number(control.deviating))
            compare("rate", percent(old?.deviating ?? 0, old?.examined ?? 0), percent(control.deviating, control.examined))
            compare("seriousCount", language.number(old?.serious ?? 0), language.number(control.serious))
            compare("deviationCount", language.number(old?.deviationsRecorded ?? 0), language.number(control.deviationsRecorded))
            compare("assessment", word(old?.standing ?? "not-due").lowercased(), word(control.standing).lowercased())
            if !parts.isEmpty {
                marks[control.controlId] = "\(word("changedAfterReport")) \(reported.submittedOn): " + parts.joined(separator: ", ")
            }
        }
        let now = Set(state.controls.map(\.controlId))
        let gone = before.controls.filter { !now.contains($0.controlId) }
            .map { control in control.title.map { "\(control.controlId) (\($0))" } ?? control.controlId }
        return Changes(marks: marks, retracted: gone.isEmpty ? nil
            : "\(word("retractedAfterReport")) \(reported.submittedOn): " + gone.joined(separator: ", ") + ".")
    }
}
