import EventLog
import Foundation

/// Buffered writes to standard output (or a file), and messages to standard error.
final class Output {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let file: OutputFile?

    /// Standard output.
    init() {
        fd = 1
        file = nil
    }

    /// A new file, written whole or not at all by ``finish()`` (see ``OutputFile``: never inside a store, never
    /// through a link, an existing file replaced only when `replacing`). Exports hold personal data: `mode` is
    /// 0600 unless the content is public.
    init(file path: String, mode: mode_t = 0o600, replacing: Bool = false) throws {
        let file = try OutputFile(path: path, mode: mode, replacing: replacing)
        self.file = file
        fd = file.fd
    }

    /// Standard output, or `file` when given (`--force` passes `replacing`).
    static func to(_ file: String?, replacing: Bool = false) throws -> Output {
        if let file, file != "-" { return try Output(file: file, replacing: replacing) }
        return Output()
    }

    /// Text for standard output is escaped (``VisibleText``): nothing ik prints can act on a terminal. Tables
    /// escape their cells themselves; what is left is escaped in JSON's notation, which keeps JSON output valid.
    func write(_ text: String) throws {
        let shown = file == nil ? VisibleText.escaped(text, keepingLineBreaks: true, notation: .json) : text
        buffer.append(contentsOf: shown.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Bytes (JSON Lines, CSV) are written as they are, unless standard output is a terminal.
    func write(bytes: [UInt8]) throws {
        if file == nil, Output.standardOutputIsTerminal {
            return try write(String(decoding: bytes, as: UTF8.self))
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func line(_ text: String = "") throws { try write(text + "\n") }

    func flush() throws {
        defer { buffer.removeAll(keepingCapacity: true) }
        if let file { return try file.write(buffer) }
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                throw CommandFailure(.ioError, "cannot write standard output: " + String(cString: strerror(errno)))
            }
            offset += written
        }
    }

    /// Flushes, and for a file makes it durable and moves it into place.
    func finish() throws {
        try flush()
        try file?.commit()
    }

    /// Writes `text` to standard error, escaped (``VisibleText``) like everything ik prints; only the progress
    /// line, which draws with its own constant controls, passes `escaping: false`.
    static func standardError(_ text: String, escaping: Bool = true) {
        FileHandle.standardError.write(Data((escaping ? VisibleText.escaped(text, keepingLineBreaks: true) : text).utf8))
    }

    static let standardOutputIsTerminal = isatty(1) == 1

    /// Whether standard error is a terminal (progress lines are only drawn there).
    static var standardErrorIsTerminal: Bool { isatty(2) == 1 }
}
