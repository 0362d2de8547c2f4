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
        TextTable(headers: headers, rightAligned: numeric, rows: rows).render()
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

    /// RFC 4180 CSV through the CSV.swift library, UTF-8, a header row first; every text cell made ``inert(_:)``
    /// (numbers in numeric columns stay numbers). With `excel`, as a Swedish Excel
    /// opens it by double-click: a byte-order mark, `;` between cells, CRLF line ends, numbers as numbers with a
    /// decimal comma (thousands separators, `%` and the minus sign's typography taken off; a rate's header says
    /// "(%)"), and empty cells where tables show a dash.
    public func csv(excel: Bool = false) throws -> Data {
        let writer = try CSVWriter(stream: .toMemory(), delimiter: excel ? ";" : ",", newline: excel ? .crlf : .lf)
        let cells = rows.map { row in
            row.enumerated().map { i, cell in
                let number = numeric.contains(i)
                let written = excel ? (number ? excelNumber(cell) : Self.excelText(cell)) : cell
                return number && Self.isNumber(written) ? written : Self.inert(written)
            }
        }
        var header = headers.map(Self.inert)
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

    /// A text cell a spreadsheet shows as text: where a cell could begin — at its start, and after a `,`, `;`, tab or
    /// line break inside it — a `=`, `+`, `-`, `@`, tab or carriage return (after spaces and quotes) gets a `'` before
    /// it. Excel and LibreOffice take such a cell for a formula (`=HYPERLINK(…)` sends the sheet away); the marks inside
    /// matter when the file is split on the other separator (a comma file double-clicked in a Swedish Excel, which
    /// splits on `;`), where quoting does not help: the quote is then in the middle of a cell (red team 5).
    /// THE place CSV cells are neutralised: `--format csv`, `--excel`, the API's and the web pages' downloads.
    static func inert(_ cell: String) -> String {
        let scalars = Array(cell.unicodeScalars)
        var out = String.UnicodeScalarView()
        var cellStart = true
        for (i, scalar) in scalars.enumerated() {
            if cellStart {
                let next = scalars[i...].first { $0 != " " && $0 != "\"" }
                if let next, formulaStarts.contains(next) { out.append("'") }
                cellStart = false
            }
            out.append(scalar)
            if cellBreaks.contains(scalar) { cellStart = true }
        }
        return String(out)
    }

    /// What begins a formula in a spreadsheet cell.
    static let formulaStarts = Set("=+-@\t\r".unicodeScalars)
    /// Where a spreadsheet may begin a new cell inside one of ours, whichever separator it splits on.
    static let cellBreaks = Set(",;\t\n\r".unicodeScalars)

    /// Whether a numeric column's cell is a number as the tables write it (`-3`, `−3`, `1 234`, `58,9 %`, `-2,5`,
    /// `1,234.5`): then it is left a number. Anything else in the column is text and made inert.
    static func isNumber(_ cell: String) -> Bool {
        var rest = Substring(cell)
        if let sign = rest.first, "+-\u{2212}".contains(sign) { rest = rest.dropFirst() }
        guard let first = rest.first, first.isASCII, first.isNumber else { return false }
        return rest.allSatisfy { ($0.isASCII && $0.isNumber) || ",. %\u{00A0}\u{202F}".contains($0) }
    }
}
