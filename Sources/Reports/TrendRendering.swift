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
        var lines = ["\(l.label("period").capitalized) \(l.periodName(view.period.name)): seq \(view.from.seq) → seq \(view.to.seq)"]
        var events = Tabular(keys: ["seq", "effective", "kind", "type", "target"], language: l, numeric: [0])
        for e in view.events {
            events.rows.append([String(e.seq), e.effectiveAt.description, l.label("change." + e.kind), l.typeName(e.type),
                                e.targetType.map { "\(l.typeName($0)) \(e.targetId ?? "")" } ?? ""])
        }
        lines.append(events.rows.isEmpty ? l.label("noData") : events.text())
        let corrections = view.events.filter { !$0.changes.isEmpty }
        if !corrections.isEmpty {
            var table = Tabular(keys: ["seq", "field", "old", "new"], language: l, numeric: [0])
            for e in corrections {
                for c in e.changes {
                    table.rows.append([String(e.seq), l.fieldName(c.field, of: e.targetType), value(c.old, c.field, l),
                                       value(c.new, c.field, l)])
                }
            }
            lines += ["", table.text()]
        }
        if !view.figures.isEmpty {
            var table = Tabular(keys: ["plan", "control", "figure", "old", "new"], language: l)
            for f in view.figures { table.rows.append(figureRow(f, l)) }
            lines += ["", table.text()]
        }
        return lines.joined(separator: "\n")
    }

    public static func diffTabular(_ view: DiffView, language: Language) -> Tabular {
        let l = language
        var table = Tabular(keys: ["plan", "control", "figure", "old", "new"], language: l)
        for f in view.figures { table.rows.append(figureRow(f, l)) }
        return table
    }

    /// A changed figure in the language: its name, and rates and assessments as the language writes them.
    static func figureRow(_ f: DiffProjection.FigureChange, _ l: Language) -> [String] {
        func shown(_ value: String) -> String {
            switch f.figure {
            case "ratePercent": value.isEmpty ? "–" : l.percent(value)
            case "latestAssessment": value.isEmpty ? "–" : l.label(value)
            default: value
            }
        }
        return [f.planId, f.controlId, l.label("figure." + f.figure), shown(f.old), shown(f.new)]
    }

    /// A payload value in a correction: JSON as stored, a choice word in the language.
    static func value(_ json: String?, _ field: String, _ l: Language) -> String {
        guard let json else { return "–" }
        if json.hasPrefix("\""), json.hasSuffix("\""), json.count > 1 {
            let word = String(json.dropFirst().dropLast())
            return Labels.table[word] != nil ? l.label(word) : json
        }
        return json
    }
}
