import EventLog
import Projections

/// The trend and diff projections as tables.
public enum TrendRendering {
    public static func tabular(_ view: TrendView, language: Language, explain: Bool = false,
                               rounding: Rounding = .halfUp) -> Tabular {
        let l = language
        var table = Tabular(
            keys: ["group", "title", "bucket", "performed", "examined", "deviating", "rate", "serious", "deviations",
                      "actionsPlanned", "actionsCompleted", "medianDays"] + (explain ? ["sources"] : []), language: l,
            numeric: Set(3...11))
        for r in view.rows {
            var row = [r.group, r.label == r.group ? "" : r.label, r.bucket.name + (r.cumulative ? " (\(l.label("cumulative")))" : ""), String(r.performed), l.number(r.examined),
                       l.number(r.deviating), l.percent(Percent.text(r.deviating, of: r.examined, rounding: rounding)), l.number(r.serious),
                       l.number(r.deviationsRecorded), String(r.actionsPlanned), String(r.actionsCompleted),
                       r.medianDaysToClose.map(String.init) ?? "–"]
            if explain { row.append(StateRendering.seqs(r.sources)) }
            table.rows.append(row)
        }
        return table
    }

    public static func diffText(_ view: DiffView, language: Language) -> String {
        let l = language
        var lines = ["\(l.label("period").capitalized) \(view.period.name): seq \(view.from.seq) → seq \(view.to.seq)"]
        var events = Tabular(keys: ["seq", "effective", "kind", "type", "target"], language: l, numeric: [0])
        for e in view.events {
            events.rows.append([String(e.seq), e.effectiveAt.description, l.label("change." + e.kind), e.type.rawValue,
                                e.targetType.map { "\($0.rawValue) \(e.targetId ?? "")" } ?? ""])
        }
        lines.append(events.rows.isEmpty ? l.label("noData") : events.text())
        let corrections = view.events.filter { !$0.changes.isEmpty }
        if !corrections.isEmpty {
            var table = Tabular(keys: ["seq", "field", "old", "new"], language: l, numeric: [0])
            for e in corrections { for c in e.changes { table.rows.append([String(e.seq), c.field, c.old ?? "–", c.new ?? "–"]) } }
            lines += ["", table.text()]
        }
        if !view.figures.isEmpty {
            var table = Tabular(keys: ["plan", "control", "figure", "old", "new"], language: l)
            for f in view.figures { table.rows.append([f.planId, f.controlId, f.figure, f.old, f.new]) }
            lines += ["", table.text()]
        }
        return lines.joined(separator: "\n")
    }

    public static func diffTabular(_ view: DiffView, language: Language) -> Tabular {
        let l = language
        var table = Tabular(keys: ["plan", "control", "figure", "old", "new"], language: l)
        for f in view.figures { table.rows.append([f.planId, f.controlId, f.figure, f.old, f.new]) }
        return table
    }
}
