/// One JSON value read from a draft input, with where it came from, for messages.
public struct LocatedDraft: Sendable, Hashable {
    /// The file name given, or `-` for standard input.
    public let source: String
    /// 1-based line where the draft starts.
    public let line: Int
    /// 1-based position in the input (the n-th draft), for arrays.
    public let position: Int
    /// The parsed value, or the syntax error that kept it from being one.
    public let value: Result<JSONValue, JSONSyntaxError>

    public init(source: String, line: Int, position: Int, value: Result<JSONValue, JSONSyntaxError>) {
        self.source = source
        self.line = line
        self.position = position
        self.value = value
    }

    /// `drafts.jsonl:7` or `-:3`.
    public var location: String { "\(source):\(line)" }
}

/// Splits an `ik append` input into drafts: one JSON object, a JSON array of objects, or JSON Lines.
public enum DraftReader {
    /// Reads every draft of `bytes`. A syntax error becomes a failed ``LocatedDraft`` so that every
    /// problem of an input can be listed together; an empty input yields no drafts.
    public static func read(_ bytes: [UInt8], source: String) -> [LocatedDraft] {
        bytes.withUnsafeBytes { read(buffer: $0, source: source) }
    }

    static func read(buffer: UnsafeRawBufferPointer, source: String) -> [LocatedDraft] {
        var start = 0
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        while start < buffer.count, [0x20, 0x0A, 0x0D, 0x09].contains(buffer[start]) { start += 1 }
        guard start < buffer.count else { return [] }
        if buffer[start] == UInt8(ascii: "[") {
            do {
                return try JSONParser.parseTopLevelArray(buffer).map { offset, value in
                    LocatedDraft(source: source, line: lineNumber(of: offset, in: buffer), position: 0, value: .success(value))
                }.enumerated().map { i, draft in
                    LocatedDraft(source: source, line: draft.line, position: i + 1, value: draft.value)
                }
            } catch {
                return [LocatedDraft(source: source, line: error.line, position: 1, value: .failure(error))]
            }
        }
        do {
            return [LocatedDraft(source: source, line: lineNumber(of: start, in: buffer), position: 1,
                                 value: .success(try JSONParser.parse(buffer)))]
        } catch let whole {
            guard whole.reason.hasSuffix("after the JSON value") else {
                return [LocatedDraft(source: source, line: whole.line, position: 1, value: .failure(whole))]
            }
        }
        return readLines(buffer, source: source)
    }

    /// JSON Lines: every non-blank line is one draft.
    static func readLines(_ buffer: UnsafeRawBufferPointer, source: String) -> [LocatedDraft] {
        var drafts: [LocatedDraft] = []
        var lineStart = 0
        var line = 1
        while lineStart <= buffer.count {
            var end = lineStart
            while end < buffer.count, buffer[end] != 0x0A { end += 1 }
            let slice = UnsafeRawBufferPointer(rebasing: buffer[lineStart..<end])
            if slice.contains(where: { ![0x20, 0x0D, 0x09].contains($0) }) {
                let value: Result<JSONValue, JSONSyntaxError>
                do {
                    value = .success(try JSONParser.parse(slice))
                } catch {
                    value = .failure(JSONSyntaxError(
                        reason: error.reason, offset: lineStart + error.offset, line: line, column: error.column))
                }
                drafts.append(LocatedDraft(source: source, line: line, position: drafts.count + 1, value: value))
            }
            lineStart = end + 1
            line += 1
        }
        return drafts
    }

    static func lineNumber(of offset: Int, in buffer: UnsafeRawBufferPointer) -> Int {
        var line = 1
        for i in 0..<min(offset, buffer.count) where buffer[i] == 0x0A { line += 1 }
        return line
    }
}

extension JSONParser {
    /// Parses a top-level array and returns each element with the byte offset where it starts.
    public static func parseTopLevelArray(_ buffer: UnsafeRawBufferPointer) throws(JSONSyntaxError)
        -> [(offset: Int, value: JSONValue)]
    {
        var reader = Reader(bytes: buffer)
        reader.skipByteOrderMark()
        reader.skipWhitespace()
        guard reader.index < buffer.count, buffer[reader.index] == UInt8(ascii: "[") else {
            throw reader.error("expected '['")
        }
        reader.index += 1
        var elements: [(Int, JSONValue)] = []
        reader.skipWhitespace()
        if reader.index < buffer.count, buffer[reader.index] == UInt8(ascii: "]") {
            reader.index += 1
        } else {
            while true {
                reader.skipWhitespace()
                let offset = reader.index
                elements.append((offset, try reader.parseValue(depth: 1)))
                reader.skipWhitespace()
                guard reader.index < buffer.count else { throw reader.error("unterminated array: expected ',' or ']'") }
                if buffer[reader.index] == UInt8(ascii: ",") {
                    reader.index += 1
                    continue
                }
                guard buffer[reader.index] == UInt8(ascii: "]") else {
                    throw reader.error("unexpected \(reader.describeCurrent()) in array: expected ',' or ']'")
                }
                reader.index += 1
                break
            }
        }
        reader.skipWhitespace()
        guard reader.index == buffer.count else {
            throw reader.error("unexpected \(reader.describeCurrent()) after the JSON value")
        }
        return elements
    }
}
