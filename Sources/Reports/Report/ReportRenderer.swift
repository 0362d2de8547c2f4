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

    /// The model as JSON, by reflection: every field under its name.
    static func json(_ value: Any) -> JSONValue {
        switch value {
        case let text as String: return .string(text)
        case let number as Int: return .integer(Int64(number))
        case let flag as Bool: return .bool(flag)
        case let dictionary as [String: String]: return .object(dictionary.mapValues(JSONValue.string))
        case let array as [Any]: return .array(array.map(json))
        default:
            var members: [String: JSONValue] = [:]
            for child in Mirror(reflecting: value).children {
                if let label = child.label, label != "labels", label != "chart" { members[label] = json(child.value) }
            }
            return .object(members)
        }
    }
}
