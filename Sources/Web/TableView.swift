import Reports

/// A ``Tabular`` (the tables the CLI prints) as template data: the same rows, the same words; a `sources` column
/// becomes links to the events behind each figure (the CLI's `--explain`).
enum TableView {
    static func data(_ table: Tabular, caption: String, words: [String: String] = [:],
                     logLink: (UInt64) -> String = { "/log?event=\($0)&after=\($0 - 1)" }) -> [String: Any] {
        let sources = table.keys.firstIndex(of: "sources")
        let headers: [[String: Any]] = table.headers.enumerated().map { i, text in
            ["text": text, "numeric": table.numeric.contains(i)]
        }
        let rows: [[String: Any]] = table.rows.map { row in
            ["cells": row.enumerated().map { i, text -> [String: Any] in
                var cell: [String: Any] = ["text": text, "numeric": table.numeric.contains(i)]
                if i == sources {
                    let seqs = text.split(separator: " ").compactMap { UInt64($0) }
                    cell["links"] = seqs.map { seq -> [String: Any] in ["href": logLink(seq), "text": String(seq)] }
                    cell["linkCount"] = seqs.isEmpty ? false : seqs.count
                    cell["linkNoun"] = words[seqs.count == 1 ? "eventOne" : "events"] ?? ""
                } else {
                    cell["linkCount"] = false
                }
                return cell
            }]
        }
        return ["caption": caption, "headers": headers, "rows": rows, "empty": table.rows.isEmpty]
    }

    /// The table as HTML with the page's words (the sources' "händelser", an empty table's "Inga rader"): the
    /// table template is rendered apart from the page, so it gets them here, in one place.
    static func html(_ table: Tabular, caption: String, web: WebRequest, pages: Pages) -> String {
        var values = data(table, caption: caption, words: web.text)
        values["t"] = web.text
        return pages.library.render(values, withTemplate: "table") ?? ""
    }
}
