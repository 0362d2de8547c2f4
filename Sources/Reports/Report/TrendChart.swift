import Projections

/// An inline SVG bar chart of a control point's trend: examined and deviating per period as bars, the
/// deviation rate as a line on its own 0–100 % scale. Plain SVG 1.1, no script, so it prints and pastes.
public enum TrendChart {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Four gridlines at round numbers: the top is four ticks of 1, 2 or 5 times a power of ten.
    static func niceCeiling(_ value: Int64) -> Int64 {
        var scale: Int64 = 1
        while true {
            for step: Int64 in [1, 2, 5] where 4 * step * scale >= value { return 4 * step * scale }
            scale *= 10
        }
    }

    public static func svg(_ rows: [TrendProjection.Row], labels: [String], language: Language, title: String) -> String {
        guard rows.count > 1 else { return "" }
        let width = 300
        let height = 200
        let left = 40
        let right = 40
        let top = 16
        let bottom = 36
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let maxValue = niceCeiling(max(1, rows.map(\.examined).max() ?? 1))
        let slot = plotWidth / rows.count
        let bar = max(4, slot / 3)
        func y(_ value: Int64) -> Int { top + plotHeight - Int(value * Int64(plotHeight) / maxValue) }
        func yRate(_ r: TrendProjection.Row) -> Int {
            r.examined == 0 ? top + plotHeight : top + plotHeight - Int(r.deviating * Int64(plotHeight) / r.examined)
        }
        var parts: [String] = []
        parts.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"t\">")
        parts.append("<title>\(escape(title))</title>")
        parts.append("<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(width - right)\" y2=\"\(top + plotHeight)\" stroke=\"#444\" stroke-width=\"1\"/>")
        for step in 0...4 {
            let yy = top + plotHeight - step * plotHeight / 4
            parts.append("<line x1=\"\(left)\" y1=\"\(yy)\" x2=\"\(width - right)\" y2=\"\(yy)\" stroke=\"#ddd\" stroke-width=\"0.5\"/>")
            parts.append("<text x=\"\(left - 4)\" y=\"\(yy + 3)\" font-size=\"9\" text-anchor=\"end\" fill=\"#555\">\(maxValue * Int64(step) / 4)</text>")
            parts.append("<text x=\"\(width - right + 4)\" y=\"\(yy + 3)\" font-size=\"9\" fill=\"#8a1c1c\">\(step * 25) %</text>")
        }
        var points: [String] = []
        for (i, r) in rows.enumerated() {
            let x = left + i * slot + (slot - 2 * bar) / 2
            parts.append("<rect x=\"\(x)\" y=\"\(y(r.examined))\" width=\"\(bar)\" height=\"\(top + plotHeight - y(r.examined))\" fill=\"#9db7d5\"/>")
            parts.append("<rect x=\"\(x + bar)\" y=\"\(y(r.deviating))\" width=\"\(bar)\" height=\"\(top + plotHeight - y(r.deviating))\" fill=\"#2f5f98\"/>")
            parts.append("<text x=\"\(x + bar)\" y=\"\(top + plotHeight + 14)\" font-size=\"9\" text-anchor=\"middle\" fill=\"#222\">\(escape(i < labels.count ? labels[i] : r.bucket.name))</text>")
            points.append("\(x + bar),\(yRate(r))")
        }
        parts.append("<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#8a1c1c\" stroke-width=\"2\"/>")
        for point in points {
            let xy = point.split(separator: ",")
            parts.append("<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"#8a1c1c\"/>")
        }
        let legend = language == .sv ? ["granskade", "med avvikelse", "andel (höger skala)"] : ["examined", "deviating", "rate (right scale)"]
        let ly = height - 8
        parts.append("<rect x=\"\(left)\" y=\"\(ly - 8)\" width=\"9\" height=\"9\" fill=\"#9db7d5\"/><text x=\"\(left + 12)\" y=\"\(ly)\" font-size=\"9\">\(legend[0])</text>")
        parts.append("<rect x=\"\(left + 58)\" y=\"\(ly - 8)\" width=\"9\" height=\"9\" fill=\"#2f5f98\"/><text x=\"\(left + 70)\" y=\"\(ly)\" font-size=\"9\">\(legend[1])</text>")
        parts.append("<line x1=\"\(left + 132)\" y1=\"\(ly - 4)\" x2=\"\(left + 144)\" y2=\"\(ly - 4)\" stroke=\"#8a1c1c\" stroke-width=\"2\"/><text x=\"\(left + 148)\" y=\"\(ly)\" font-size=\"9\">\(legend[2])</text>")
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
