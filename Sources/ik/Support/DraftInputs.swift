import EventLog
import Foundation

/// The inputs of `ik append`, made local before the write lock is taken: standard input and other pipes are read
/// to their end first, into memory, or into a private temporary file when they are large, so a slow producer
/// never holds the store. Files are read where they are.
struct DraftInputs {
    enum Content {
        case bytes([UInt8])
        case file(FileHandle)
    }

    struct Input {
        /// The name in messages: the path, or `-`.
        let name: String
        let content: Content
        let size: Int
    }

    let inputs: [Input]

    var totalBytes: Int { inputs.reduce(0) { $0 + $1.size } }

    /// Inputs up to this size in all are read and checked whole before the write lock, and their outcome lists
    /// every event; larger ones are read as they are appended. `IK_STREAM_THRESHOLD` lowers it for tests.
    static var threshold: Int {
        ProcessInfo.processInfo.environment["IK_STREAM_THRESHOLD"].flatMap(Int.init) ?? 16 << 20
    }

    /// Opens every file and reads standard input and pipes to their end.
    /// - Throws: ``CommandFailure`` for a missing file (66), an input too large to read whole that is not JSON
    ///   Lines (65), or a failed read or temporary file (74).
    static func prepare(_ paths: [String]) throws -> DraftInputs {
        var inputs: [Input] = []
        for path in paths {
            if path == "-" {
                inputs.append(try spool(FileHandle.standardInput, name: "-"))
                continue
            }
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw CommandFailure(.inputMissing, "no such file: \(path)\nCheck the path, or use - for standard input.")
            }
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CommandFailure(.inputMissing, "cannot read \(path)\nCheck that it is a file you may read.")
            }
            if info.st_mode & S_IFMT != S_IFREG {
                // A pipe or a device (`<(…)`, /dev/stdin): read it to the end now, as standard input.
                inputs.append(try spool(handle, name: path))
                continue
            }
            let size = Int(info.st_size)
            if size > DraftReader.wholeInputLimit {
                let head = try read(handle, upTo: LineSplitter.maxLineBytes + 1)
                try handle.seek(toOffset: 0)
                if DraftReader.isJSONLines(head: head, ended: false) != true { throw tooLarge(path) }
            }
            inputs.append(Input(name: path, content: .file(handle), size: size))
        }
        return DraftInputs(inputs: inputs)
    }

    /// Reads `handle` to its end: kept in memory up to ``threshold``; beyond it, JSON Lines go on into an unlinked
    /// temporary file (mode 0600, in the temporary directory, never in the store), anything else up to
    /// ``DraftReader/wholeInputLimit``.
    static func spool(_ handle: FileHandle, name: String) throws -> Input {
        var bytes: [UInt8] = []
        var jsonLines: Bool?
        while true {
            let chunk = try read(handle, upTo: 1 << 20)
            if chunk.isEmpty { return Input(name: name, content: .bytes(bytes), size: bytes.count) }
            bytes += chunk
            if bytes.count > threshold, jsonLines == nil {
                // Decided once, from the first line.
                jsonLines = DraftReader.isJSONLines(head: bytes, ended: false)
                if jsonLines == true { return try spoolToFile(bytes, rest: handle, name: name) }
            }
            if bytes.count > DraftReader.wholeInputLimit { throw tooLarge(name) }
        }
    }

    private static func spoolToFile(_ head: [UInt8], rest handle: FileHandle, name: String) throws -> Input {
        var template = Array((NSTemporaryDirectory() + "/ik-input-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw CommandFailure(.ioError, "cannot create a temporary file for \(describe(name)) in \(NSTemporaryDirectory()): "
                + "\(String(cString: strerror(errno)))\nSet TMPDIR to a directory with space, or give the input as a file.")
        }
        // Unlinked at once: nothing is left behind however ik ends, and no one else can open it.
        unlink(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        let spool = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var size = 0
        var chunk = head
        do {
            while !chunk.isEmpty {
                try spool.write(contentsOf: chunk)
                size += chunk.count
                chunk = try read(handle, upTo: 1 << 20)
            }
            try spool.seek(toOffset: 0)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(.ioError, "cannot write the temporary copy of \(describe(name)): \(error.localizedDescription)\n"
                + "Free space in \(NSTemporaryDirectory()) or set TMPDIR, or give the input as a file.")
        }
        return Input(name: name, content: .file(spool), size: size)
    }

    static func read(_ handle: FileHandle, upTo count: Int) throws -> [UInt8] {
        do {
            return Array(try handle.read(upToCount: count) ?? Data())
        } catch {
            throw CommandFailure(.ioError, "cannot read the input: \(error.localizedDescription)")
        }
    }

    /// A reader for each input, in order.
    func readers() -> [DraftReader] {
        inputs.map { input in
            switch input.content {
            case .bytes(let bytes): DraftReader(source: input.name, bytes: bytes)
            case .file(let handle): DraftReader(source: input.name) { try Self.read(handle, upTo: 1 << 20) }
            }
        }
    }

    static func describe(_ name: String) -> String { name == "-" ? "standard input" : name }

    static func tooLarge(_ name: String) -> CommandFailure {
        CommandFailure(.badInput, "\(describe(name)) is larger than \(DraftReader.wholeInputLimit >> 20) MB and cannot be "
            + "streamed; nothing was appended\nOnly JSON Lines are read as they come, in any amount: write the drafts "
            + "one per line.")
    }
}
