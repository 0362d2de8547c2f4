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

    public init(keys: [String], language: Language, numeric: Set<Int> = [], rows: [[String]] = []) {
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

    /// RFC 4180 CSV through the CSV.swift library, UTF-8, a header row first.
    public func csv() throws -> Data {
        let writer = try CSVWriter(stream: .toMemory())
        try writer.write(row: headers)
        for row in rows { try writer.write(row: row) }
        writer.stream.close()
        return (writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()) + Data("\n".utf8)
    }
}
