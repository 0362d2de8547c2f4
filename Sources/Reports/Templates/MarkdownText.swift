import Mustache

/// How the Markdown report writes a value: recorded text (a title, a result, a reason) must stay text, whatever it
/// holds — a `|` that would end a table cell and forge an overview row, a line break that would start a new row or a
/// heading, `<img onerror>`, `![](remote)`, `[link](…)`, emphasis (red team 5). Every character that marks up inline text is
/// escaped with a backslash (CommonMark shows it as the character itself), line breaks become spaces (one line break
/// is a space in a Markdown paragraph anyway), and a value that would begin a list or a heading is kept from doing so.
struct MarkdownText: MustacheContentType {
    /// The content type's name in the template's `{{% CONTENT_TYPE: … }}` pragma.
    static let name = "MARKDOWN"
    static let escaped = Set("\\`*_[]|~".unicodeScalars)

    func escapeText(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousBreak = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\r" {
                if !previousBreak { out.append(" ") }
                previousBreak = true
                continue
            }
            // `<` `>` `&` as entities: HTML stays text even where a renderer ignores backslashes; `(` after `]` too,
            // so nothing reads as a link target.
            let entity = ["<": "&lt;", ">": "&gt;", "&": "&amp;"][Character(scalar)]
            if let entity {
                out.append(contentsOf: entity.unicodeScalars)
            } else {
                if escaped.contains(scalar) || (scalar == "(" && out.last == "]") { out.append("\\") }
                out.append(scalar)
            }
            previousBreak = false
        }
        var line = String(out)
        // What would begin a block at the start of a line: `# heading`, `- item`, `+ item`, `= underline`, `1. item`.
        if let first = line.unicodeScalars.first, "#-+=".unicodeScalars.contains(first) {
            line = "\\" + line
        } else if let marker = line.firstIndex(where: { !$0.isASCII || !$0.isNumber }), marker != line.startIndex,
                  line[marker] == "." || line[marker] == ")" {
            line.insert("\\", at: marker)
        }
        return line
    }
}
