import EventLog

/// Columns aligned for a terminal: text left, numbers right.
public struct TextTable: Sendable {
    public var headers: [String]
    /// Columns right-aligned (numbers).
    public var rightAligned: Set<Int>
    public var rows: [[String]]

    public init(headers: [String], rightAligned: Set<Int> = [], rows: [[String]] = []) {
        self.headers = headers
        self.rightAligned = rightAligned
        self.rows = rows
    }

    /// The table's lines; cells are escaped (``VisibleText``) so that a value cannot act on the terminal or
    /// break a row.
    public func render() -> String {
        let headers = headers.map { VisibleText.escaped($0) }
        let rows = rows.map { $0.map { VisibleText.escaped($0) } }
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let padding = String(repeating: " ", count: max(0, widths[i] - cell.count))
                if i == cells.count - 1 && !rightAligned.contains(i) { return cell }
                return rightAligned.contains(i) ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }
        var lines = [format(headers), format(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map(format)
        return lines.joined(separator: "\n")
    }
}
