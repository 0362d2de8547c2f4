import EventLog
import Mustache

/// Renders a ``ReportModel`` as HTML or Markdown through Mustache templates, or as JSON.
public struct ReportRenderer {
    public enum Format: String, Sendable, CaseIterable {
        case md, html, json
    }

    let library: MustacheLibrary

    /// - Throws: when a template does not parse (a programming error the tests catch).
    public init() throws {
        MustacheContentTypes.register(MarkdownText(), named: MarkdownText.name)
        var library = MustacheLibrary()
        try library.register(HTMLTemplate.text, named: "html")
        try library.register(MarkdownTemplate.text, named: "md")
        self.library = library
    }

    public func render(_ model: ReportModel, as format: Format) -> String {
        switch format {
        case .json: return Self.json(model).prettyPrinted() + "\n"
        case .html, .md: return library.render(model, withTemplate: format.rawValue) ?? ""
        }
    }

    /// The model as JSON: every field under its name, a field without a value left out; the labels and the
    /// charts, which only the templates use, left out too.
    static func json(_ model: ReportModel) -> JSONValue {
        guard case .object(var members)? = try? JSONValueEncoder().encode(model) else { return .object([:]) }
        members["labels"] = nil
        members["riskMatrix"] = nil
        members["riskColumns"] = nil
        if case .array(let rows)? = members["overview"] {
            members["overview"] = .array(rows.map { row in
                guard case .object(var fields) = row else { return row }
                fields["dot"] = nil
                return .object(fields)
            })
        }
        if case .array(let controls)? = members["controls"] {
            members["controls"] = .array(controls.map { control in
                guard case .object(var fields) = control else { return control }
                fields["chart"] = nil
                return .object(fields)
            })
        }
        return .object(members)
    }
}
