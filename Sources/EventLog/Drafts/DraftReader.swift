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

/// The drafts of one `ik append` input, read one at a time: one JSON object, a JSON array of objects, or JSON
/// Lines. JSON Lines are read as they come, a chunk at a time, in any amount; an object or an array is read
/// whole, up to ``wholeInputLimit``. A syntax error becomes a failed ``LocatedDraft``, so every problem of an
/// input can be listed together.
public struct DraftReader {
    /// An object or an array is read whole, up to this size.
    public static let wholeInputLimit = 256 << 20

    /// An input that is not JSON Lines and larger than ``DraftReader/wholeInputLimit``.
    public struct InputTooLarge: Error, Sendable, Equatable {
        public let source: String
    }

    private enum State {
        case undecided
        case lines(LineSplitter)
        case values([LocatedDraft], next: Int)
    }

    /// The name of the input in messages.
    public let source: String
    private let readChunk: () throws -> [UInt8]
    private var state = State.undecided
    private var count = 0

    /// Reads the input that `readChunk` yields a chunk at a time (empty at its end).
    public init(source: String, readChunk: @escaping () throws -> [UInt8]) {
        self.source = source
        self.readChunk = readChunk
    }

    /// Reads `bytes`.
    public init(source: String, bytes: [UInt8]) {
        var remaining: [UInt8]? = bytes
        self.init(source: source) {
            defer { remaining = nil }
            return remaining ?? []
        }
    }

    /// Every draft of `bytes` (an empty input yields none).
    public static func read(_ bytes: [UInt8], source: String) -> [LocatedDraft] {
        var reader = DraftReader(source: source, bytes: bytes)
        var drafts: [LocatedDraft] = []
        while let draft = try? reader.next() { drafts.append(draft) }
        return drafts
    }

    /// The next draft, or `nil` at the end of the input.
    /// - Throws: ``LineSplitter/LineTooLong``, ``InputTooLarge``, or what reading the input throws.
    public mutating func next() throws -> LocatedDraft? {
        switch state {
        case .undecided:
            state = try decide()
            return try next()
        case .values(let values, let index):
            guard index < values.count else { return nil }
            state = .values(values, next: index + 1)
            return values[index]
        case .lines(var lines):
            let read = try lines.next()
            state = .lines(lines)
            guard let (line, bytes) = read else { return nil }
            count += 1
            do {
                return LocatedDraft(source: source, line: line, position: count, value: .success(try JSONParser.parse(bytes)))
            } catch {
                let located = JSONSyntaxError(reason: error.reason, offset: error.offset, line: line, column: error.column)
                return LocatedDraft(source: source, line: line, position: count, value: .failure(located))
            }
        }
    }

    /// Reads up to the end of the first non-blank line: JSON Lines when that line is a JSON value by itself (and
    /// the input is not an array), else the input is read whole.
    private func decide() throws -> State {
        var head: [UInt8] = []
        var ended = false
        while true {
            if let lines = Self.isJSONLines(head: head, ended: ended) {
                if lines { return .lines(LineSplitter(prefix: head, readChunk: readChunk)) }
                break
            }
            if ended { break }
            let chunk = try readChunk()
            if chunk.isEmpty { ended = true } else { head += chunk }
        }
        var whole = head
        while !ended {
            if whole.count > Self.wholeInputLimit { throw InputTooLarge(source: source) }
            let chunk = try readChunk()
            if chunk.isEmpty { ended = true } else { whole += chunk }
        }
        if whole.count > Self.wholeInputLimit { throw InputTooLarge(source: source) }
        return try whole.withUnsafeBytes { try values(of: $0, bytes: whole) }
    }

    /// The drafts of a whole input.
    private func values(of buffer: UnsafeRawBufferPointer, bytes: [UInt8]) throws -> State {
        guard let start = Self.firstContent(of: buffer) else { return .values([], next: 0) }
        if buffer[start] == UInt8(ascii: "[") {
            do {
                let values = try JSONParser.parseTopLevelArray(buffer).enumerated().map { i, element in
                    LocatedDraft(source: source, line: Self.lineNumber(of: element.offset, in: buffer), position: i + 1,
                                 value: .success(element.value))
                }
                return .values(values, next: 0)
            } catch {
                return .values([LocatedDraft(source: source, line: error.line, position: 1, value: .failure(error))], next: 0)
            }
        }
        do {
            let value = try JSONParser.parse(buffer)
            return .values([LocatedDraft(source: source, line: Self.lineNumber(of: start, in: buffer), position: 1,
                                         value: .success(value))], next: 0)
        } catch let whole {
            guard whole.reason.hasSuffix("after the JSON value") else {
                return .values([LocatedDraft(source: source, line: whole.line, position: 1, value: .failure(whole))], next: 0)
            }
        }
        // Several values: JSON Lines, each line read by itself so that every bad line is named.
        return .lines(LineSplitter(prefix: bytes) { [] })
    }

    /// Whether an input that starts with `head` is JSON Lines: its first non-blank line is a JSON value by itself
    /// and it is not an array. `nil` while `head` is too short to tell (`ended`: `head` is the whole input).
    public static func isJSONLines(head: [UInt8], ended: Bool) -> Bool? {
        guard let first = firstContent(of: head) else { return ended ? false : nil }
        if head[first] == UInt8(ascii: "[") { return false }
        // Only the first line matters: the search stops past the longest a line may be.
        let window = head[first..<min(head.count, first + LineSplitter.maxLineBytes + 1)]
        guard let newline = window.firstIndex(of: 0x0A) ?? (ended ? head.endIndex : nil) else {
            // An object on a first line longer than any draft's: read as a line, then refused for its length.
            guard head.count - first > LineSplitter.maxLineBytes else { return nil }
            return head[first] == UInt8(ascii: "{")
        }
        return (try? JSONParser.parse(head[first..<newline])) != nil
    }

    /// The index of the first byte that is not a byte order mark or whitespace.
    static func firstContent(of bytes: some RandomAccessCollection<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        if count >= 3, Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF] { index = 3 }
        while index < count {
            let byte = bytes[bytes.index(bytes.startIndex, offsetBy: index)]
            if byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 { return index }
            index += 1
        }
        return nil
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
