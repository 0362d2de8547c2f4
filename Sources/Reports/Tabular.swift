import CSV
import EventLog
import Foundation

/// Rows with headers: what tables for people, CSV for spreadsheets and JSON Lines are made from.
public struct Tabular: Sendable {
    /// Column names for programs (JSON Lines keys), in English.
    public var keys: [String]
    /// Column titles for people, in the chosen language.
    public var headers: [String]
    /// Columns right-aligned in a text table (numbers).
    public var numeric: Set<Int>
    public var rows: [[String]]
    /// The language the cells are written in.
    public let language: Language

    public init(keys: [String], language: Language, numeric: Set<Int> = [], rows: [[String]] = []) {
        self.language = language
        self.keys = keys
        headers = keys.map(language.label)
        self.numeric = numeric
        self.rows = rows
    }

    /// Aligned columns for a terminal; cells are escaped (``VisibleText``) so that a value cannot act on the
    /// terminal or break a row.
    public func text() -> String {
        let headers = headers.map { VisibleText.escaped($0) }
        let rows = rows.map { $0.map { VisibleText.escaped($0) } }
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let padding = String(repeating: " ", count: max(0, widths[i] - cell.count))
                if i == cells.count - 1 && !numeric.contains(i) { return cell }
                return numeric.contains(i) ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }
        return ([format(headers), format(widths.map { String(repeating: "-", count: $0) })] + rows.map(format))
            .joined(separator: "\n")
    }

    /// One JSON object per row, keyed by ``keys``.
    public func jsonLines() -> [UInt8] {
        var out: [UInt8] = []
        for row in rows {
            var object: [String: JSONValue] = [:]
            for (key, value) in zip(keys, row) { object[key] = .string(value) }
            out += CanonicalJSON.encode(.object(object)) + [0x0A]
        }
        return out
    }

    /// RFC 4180 CSV through the CSV.swift library, UTF-8, a header row first. With `excel`, as a Swedish Excel
    /// opens it by double-click: a byte-order mark, `;` between cells, CRLF line ends, numbers as numbers with a
    /// decimal comma (thousands separators, `%` and the minus sign's typography taken off; a rate's header says
    /// "(%)"), and empty cells where tables show a dash.
    public func csv(excel: Bool = false) throws -> Data {
        let writer = try CSVWriter(stream: .toMemory(), delimiter: excel ? ";" : ",", newline: excel ? .crlf : .lf)
        let cells = excel ? rows.map { $0.enumerated().map { numeric.contains($0.offset) ? excelNumber($0.element) : Self.excelText($0.element) } } : rows
        var header = headers
        if excel {
            for (i, title) in header.enumerated() where rows.contains(where: { i < $0.count && $0[i].hasSuffix("\u{00A0}%") }) {
                header[i] = title + " (%)"
            }
        }
        try writer.write(row: header)
        for row in cells { try writer.write(row: row) }
        writer.stream.close()
        let body = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return excel ? Data([0xEF, 0xBB, 0xBF]) + body + Data("\r\n".utf8) : body + Data("\n".utf8)
    }

    /// A number cell for Excel: `1 234` → `1234`, `58,9 %` → `58,9`, `−3` → `-3`, `–` → empty; English cells
    /// (`1,234`, `58.9 %`) likewise, their decimal point made a comma.
    func excelNumber(_ cell: String) -> String {
        if cell == "–" { return "" }
        var text = cell.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "−", with: "-")
            .filter { $0 != "\u{00A0}" && $0 != " " }
        if language == .en { text = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: ".", with: ",") }
        return text
    }

    /// A text cell for Excel: a dash standing for nothing becomes empty.
    static func excelText(_ cell: String) -> String { cell == "–" ? "" : cell }
}
