import EventLog
import Foundation
import InternalControl

/// Large JSON Lines files are read a megabyte at a time and appended as they are read, in one transaction,
/// so `ik append` of gigabytes keeps a flat memory footprint.
enum StreamingInput {
    /// Files above this size are streamed (when they are JSON Lines); `IK_STREAM_THRESHOLD` lowers it for tests.
    static var threshold: Int {
        ProcessInfo.processInfo.environment["IK_STREAM_THRESHOLD"].flatMap(Int.init) ?? 16 << 20
    }

    /// Inputs that are not streamed are read whole, up to this size.
    static let wholeInputLimit = 256 << 20

    /// Standard input: read whole when it ends within ``threshold``, else streamed when it is JSON Lines.
    enum StandardInput {
        case whole([UInt8])
        case stream(prefix: [UInt8])
    }

    static func readStandardInput() throws -> StandardInput {
        var bytes: [UInt8] = []
        var decided = false
        while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
            bytes += chunk
            if bytes.count > threshold && !decided {
                // JSON Lines when the first non-blank line is a whole JSON object; decided once.
                decided = true
                let first = bytes.split(separator: 0x0A).first { $0.contains { ![0x20, 0x0D, 0x09].contains($0) } }
                if let first, (try? JSONParser.parse(Array(first)))?.objectValue != nil { return .stream(prefix: bytes) }
            }
            if bytes.count > wholeInputLimit { throw tooLarge("standard input") }
        }
        return .whole(bytes)
    }

    static func tooLarge(_ name: String) -> CommandFailure {
        CommandFailure(.badInput, "\(name) is larger than \(wholeInputLimit >> 20) MB and cannot be streamed; nothing was appended\n"
            + "Only JSON Lines given alone (one file, or standard input) are read as they come, in any amount: "
            + "write the drafts one per line and append that input by itself.")
    }

    static func shouldStream(_ path: String) -> Bool {
        guard path != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int, size > threshold, let handle = FileHandle(forReadingAtPath: path)
        else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        return head.first { ![0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains($0) } == UInt8(ascii: "{")
    }

    /// Appends every line of `path` (`-`: standard input, after the `prefix` already read from it). Problems
    /// name the file and line.
    static func append(_ path: String, prefix: [UInt8] = [], to store: EventStore, rules: AppendRules, dryRun: Bool) throws
        -> StreamedAppend
    {
        guard let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path) else {
            throw CommandFailure(.inputMissing, "cannot read \(path)\nCheck that it is a file you may read.")
        }
        defer { if path != "-" { try? handle.close() } }
        let decoder = rules.decoder(defaultActor: Actor.default, store: store)
        var lines = LineSplitter(handle: handle, prefix: prefix)
        var lineOfIndex: [Int: Int] = [:]
        var lastLine = 0
        // Reports name the head of the log as it was before this input (read before the write transaction).
        let (headSize, headRoot) = try store.read { view in (try view.size, try view.root) }
        do {
            // Standard input has no size known beforehand.
            let size = path == "-" ? nil : ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
            return try store.appendStream(clock: rules.clock, dryRun: dryRun, check: rules.draftCheck,
                                          expectedBytes: size) { index in
                guard let (line, bytes) = try lines.next() else { return nil }
                // Remember the line only where it is not index + 1 (after blank lines): the map stays tiny.
                if line != lastLine + 1 || line != index + 1 { lineOfIndex[index] = line }
                lastLine = line
                let value: JSONValue
                do throws(JSONSyntaxError) {
                    value = try JSONParser.parse(bytes)
                } catch {
                    return .problems([DraftProblem(draftIndex: index, path: "", rule: "not valid JSON: \(error.description)")])
                }
                switch decoder.decode(value, index: index) {
                case .success(let draft): return .draft(AppendRules.recordingTreeHead(draft, size: headSize, root: headRoot))
                case .failure(let failure): return .problems(failure.problems)
                }
            }
        } catch let tooLong as LineSplitter.LineTooLong {
            throw CommandFailure(.badInput, "\(path):\(tooLong.line): the line is longer than \(LineSplitter.maxLineBytes >> 20) MB; "
                + "nothing was appended\nA draft is one line of JSON Lines, with a payload of at most 1 MB.")
        } catch StoreError.rejected(let problems) {
            var text = "\(problems.count) problem\(problems.count == 1 ? "" : "s") in the drafts; nothing was appended"
            for problem in problems {
                let line = lineOf(problem.draftIndex, in: lineOfIndex)
                text += "\n\(path):\(line) (draft \(problem.draftIndex + 1)): \(problem)"
            }
            throw CommandFailure(.badInput, text + "\nFix the drafts and run the same command again; the store is unchanged.")
        }
    }

    static func lineOf(_ index: Int, in adjustments: [Int: Int]) -> Int {
        guard let below = adjustments.keys.filter({ $0 <= index }).max(), let line = adjustments[below] else { return index + 1 }
        return line + (index - below)
    }
}

/// The non-blank lines of a file, read in chunks. Each byte is scanned once, and a line may be at most
/// ``maxLineBytes`` long, so neither time nor memory grows with a line that never ends.
struct LineSplitter {
    /// A draft's payload is at most 1 MB of canonical JSON; escapes and spacing may make its line longer.
    static let maxLineBytes = 8 << 20

    /// A line longer than ``maxLineBytes``.
    struct LineTooLong: Error {
        let line: Int
    }

    let handle: FileHandle
    var buffer: [UInt8]
    var start = 0
    /// Where the search for the next newline resumes: bytes before it hold none.
    var scanned = 0
    var line = 0
    var finished = false

    /// - Parameter prefix: bytes already read from `handle`.
    init(handle: FileHandle, prefix: [UInt8] = []) {
        self.handle = handle
        buffer = prefix
    }

    mutating func next() throws -> (Int, [UInt8])? {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                let slice = Array(buffer[start..<newline])
                start = newline + 1
                scanned = start
                line += 1
                if slice.count > Self.maxLineBytes { throw LineTooLong(line: line) }
                if slice.contains(where: { ![0x20, 0x0D, 0x09].contains($0) }) { return (line, slice) }
                continue
            }
            scanned = buffer.count
            if buffer.count - start > Self.maxLineBytes { throw LineTooLong(line: line + 1) }
            if finished {
                guard start < buffer.count else { return nil }
                let slice = Array(buffer[start...])
                start = buffer.count
                line += 1
                return slice.contains(where: { ![0x20, 0x0D, 0x09].contains($0) }) ? (line, slice) : nil
            }
            buffer.removeFirst(start)
            scanned -= start
            start = 0
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { finished = true } else { buffer += chunk }
        }
    }
}
