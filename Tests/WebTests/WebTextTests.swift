import Foundation
import Testing

@testable import Web

/// The pages' words: every key a template or a page uses has its Swedish and its English, and the log's checksum
/// and checkpoints are never called control points (the domain's kontrollpunkter).
@Suite struct WebTextTests {
    /// The Web module's sources: its templates and its Swift files.
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Web")

    static func files(_ suffix: String) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: sources.path)
        var texts: [String] = []
        while let name = enumerator?.nextObject() as? String {
            guard name.hasSuffix(suffix) else { continue }
            texts.append(try String(contentsOf: sources.appendingPathComponent(name), encoding: .utf8))
        }
        return texts
    }

    static func keys(in texts: [String], pattern: String) throws -> Set<String> {
        let regex = try NSRegularExpression(pattern: pattern)
        var keys: Set<String> = []
        for text in texts {
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { keys.insert(String(text[range])) }
            }
        }
        return keys
    }

    @Test func everyWordThePagesUseIsThereInBothLanguages() throws {
        let templates = try Self.files(".mustache")
        let swift = try Self.files(".swift")
        #expect(templates.count > 10 && swift.count > 10, "the sources are found at \(Self.sources.path)")
        let used = try Self.keys(in: templates, pattern: #"\{\{\s*t\.([A-Za-z.]+)\s*\}\}"#)
            .union(try Self.keys(in: swift, pattern: #"\bt\("([A-Za-z.]+)"\)"#))
        #expect(used.count > 100)
        for key in used.sorted() where !key.hasSuffix(".") {
            #expect(WebText.words[key] != nil, "the pages use \(key), which has no words")
        }
        for (key, words) in WebText.words {
            #expect(!words.sv.isEmpty && !words.en.isEmpty, "\(key)")
            #expect(!words.en.contains { "åäöÅÄÖ".contains($0) } || key.hasSuffix("Format"), "\(key) in English: \(words.en)")
        }
        #expect(WebText.table(.sv).count == WebText.words.count && WebText.table(.en)["signIn"] == "Sign in")
    }

    @Test func theLogsChecksumIsNeverAControlPoint() {
        for (key, words) in WebText.words {
            #expect(!words.sv.lowercased().contains("kontrollpunkt"), "\(key): \(words.sv)")
            #expect(!words.en.lowercased().contains("control point") || !key.lowercased().contains("anchor"), "\(key): \(words.en)")
        }
        #expect(WebText.words["anchorFromMinutes"]?.sv == "Loggens kontrollsumma")
        #expect(WebText.words["signedNote"]?.sv == "Signerat loggläge")
    }
}
