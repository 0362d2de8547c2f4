import InternalControl

/// The risk matrix of a plan as inline SVG: likelihood (sannolikhet) up, consequence (konsekvens) across, 4 × 4,
/// each cell coloured by likelihood × consequence (1–3 low, 4–6 moderate, 8–9 high, 12–16 very high) and holding
/// the numbers of the risk areas (or control points) placed there. Plain SVG 1.1, no script.
enum RiskMatrix {
    /// Something placed in the matrix: its number in the legend and its risk.
    struct Item {
        let label: String
        let risk: Risk
    }

    static let likelihood = ["sv": ["Osannolik", "Mindre sannolik", "Möjlig", "Sannolik"],
                             "en": ["Unlikely", "Less likely", "Possible", "Likely"]]
    static let consequence = ["sv": ["Försumbar", "Lindrig", "Kännbar", "Allvarlig"],
                              "en": ["Negligible", "Minor", "Considerable", "Serious"]]

    /// The fill of a cell of risk value `value` (likelihood × consequence).
    static func fill(_ value: Int) -> String {
        switch value {
        case ...3: "#cfe8cf"
        case 4...6: "#fff1b8"
        case 8...9: "#ffd0a1"
        default: "#f4b0a8"
        }
    }

    /// The matrix as rows of text, likelihood 4 down to 1, each with the labels in its four consequence cells:
    /// what the Markdown report shows where the HTML has the picture.
    static func rows(_ items: [Item], language: Language) -> [ReportModel.RiskRow] {
        let words = language == .sv ? "sv" : "en"
        return (1...4).reversed().map { l in
            ReportModel.RiskRow(likelihood: "\(l) \(likelihood[words]![l - 1])", cells: (1...4).map { c in
                items.filter { $0.risk.likelihood == Int64(l) && $0.risk.consequence == Int64(c) }.map(\.label).joined(separator: ", ")
            })
        }
    }

    /// The consequence columns' titles.
    static func columns(language: Language) -> [String] {
        let words = language == .sv ? "sv" : "en"
        return (1...4).map { "\($0) \(consequence[words]![$0 - 1])" }
    }

    static func svg(_ items: [Item], language: Language, title: String) -> String {
        guard !items.isEmpty else { return "" }
        let cell = 50
        let left = 112
        let top = 12
        let size = cell * 4
        let width = left + size + 8
        let height = top + size + 52
        let words = language == .sv ? "sv" : "en"
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" "
            + "height=\"\(height)\" role=\"img\" aria-label=\"\(TrendChart.escape(title))\">", "<title>\(TrendChart.escape(title))</title>"]
        for l in 1...4 {
            for c in 1...4 {
                let x = left + (c - 1) * cell
                let y = top + (4 - l) * cell
                parts.append("<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" fill=\"\(fill(l * c))\" stroke=\"#fff\" stroke-width=\"2\"/>")
                let here = items.filter { $0.risk.likelihood == Int64(l) && $0.risk.consequence == Int64(c) }.map(\.label)
                // Two labels a line, three lines at most; the rest counted as "+N".
                let shown = here.count > 6 ? Array(here.prefix(5)) + ["+\(here.count - 5)"] : here
                let lines = stride(from: 0, to: shown.count, by: 2).map { shown[$0..<min($0 + 2, shown.count)].joined(separator: ", ") }
                for (i, text) in lines.enumerated() {
                    let ty = y + cell / 2 + 4 + (i * 13) - (lines.count - 1) * 13 / 2
                    parts.append("<text x=\"\(x + cell / 2)\" y=\"\(ty)\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#111\">\(TrendChart.escape(text))</text>")
                }
            }
            let ly = top + (4 - l) * cell + cell / 2 + 4
            parts.append("<text x=\"\(left - 6)\" y=\"\(ly)\" font-size=\"9\" text-anchor=\"end\" fill=\"#222\">\(l) \(likelihood[words]![l - 1])</text>")
        }
        for c in 1...4 {
            let x = left + (c - 1) * cell + cell / 2
            parts.append("<text x=\"\(x)\" y=\"\(top + size + 13)\" font-size=\"9\" text-anchor=\"middle\" fill=\"#222\">\(c) \(consequence[words]![c - 1])</text>")
        }
        let axis = language == .sv ? ("Konsekvens", "Sannolikhet") : ("Consequence", "Likelihood")
        parts.append("<text x=\"\(left + size / 2)\" y=\"\(top + size + 32)\" font-size=\"10\" font-weight=\"bold\" text-anchor=\"middle\">\(axis.0)</text>")
        parts.append("<text x=\"12\" y=\"\(top + size / 2)\" font-size=\"10\" font-weight=\"bold\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(top + size / 2))\">\(axis.1)</text>")
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
