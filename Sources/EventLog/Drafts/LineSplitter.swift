/// The non-blank lines of an input read in chunks. Each byte is scanned once, and a line may be at most
/// ``maxLineBytes`` long, so neither time nor memory grows with a line that never ends.
public struct LineSplitter {
    /// A draft's payload is at most 1 MB of canonical JSON; escapes and spacing may make its line longer.
    public static let maxLineBytes = 8 << 20

    /// A line longer than ``LineSplitter/maxLineBytes``.
    public struct LineTooLong: Error, Sendable, Equatable {
        /// Its 1-based number.
        public let line: Int
    }

    private let readChunk: () throws -> [UInt8]
    private var buffer: [UInt8]
    private var start = 0
    /// Where the search for the next newline resumes: bytes before it hold none.
    private var scanned = 0
    private var line: Int
    private var finished = false

    /// - Parameters:
    ///   - prefix: bytes already read from the input.
    ///   - firstLine: the number of the line `prefix` starts on.
    ///   - readChunk: the next bytes of the input; empty at its end.
    public init(prefix: [UInt8] = [], firstLine: Int = 1, readChunk: @escaping () throws -> [UInt8]) {
        self.readChunk = readChunk
        buffer = prefix
        line = firstLine - 1
    }

    /// The next non-blank line and its 1-based number, or `nil` at the end of the input.
    /// - Throws: ``LineTooLong``, or what `readChunk` throws.
    public mutating func next() throws -> (line: Int, bytes: [UInt8])? {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                let slice = Array(buffer[start..<newline])
                start = newline + 1
                scanned = start
                line += 1
                if slice.count > Self.maxLineBytes { throw LineTooLong(line: line) }
                if !Self.isBlank(slice) { return (line, slice) }
                continue
            }
            scanned = buffer.count
            if buffer.count - start > Self.maxLineBytes { throw LineTooLong(line: line + 1) }
            if finished {
                guard start < buffer.count else { return nil }
                let slice = Array(buffer[start...])
                start = buffer.count
                line += 1
                return Self.isBlank(slice) ? nil : (line, slice)
            }
            buffer.removeFirst(start)
            scanned -= start
            start = 0
            let chunk = try readChunk()
            if chunk.isEmpty { finished = true } else { buffer += chunk }
        }
    }

    static func isBlank(_ bytes: some Collection<UInt8>) -> Bool {
        !bytes.contains { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }
    }
}
