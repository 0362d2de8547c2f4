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

    static func shouldStream(_ path: String) -> Bool {
        guard path != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int, size > threshold, let handle = FileHandle(forReadingAtPath: path)
        else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        return head.first { ![0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains($0) } == UInt8(ascii: "{")
    }

    /// Appends every line of `path`. Problems name the file and line.
    static func append(_ path: String, to store: EventStore, rules: AppendRules, dryRun: Bool) throws -> StreamedAppend {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CommandFailure(.inputMissing, "cannot read \(path)\nCheck that it is a file you may read.")
        }
        defer { try? handle.close() }
        let decoder = rules.decoder(defaultActor: Actor.default, store: store)
        var lines = LineSplitter(handle: handle)
        var lineOfIndex: [Int: Int] = [:]
        var lastLine = 0
        // Reports name the head of the log as it was before this input (read before the write transaction).
        let (headSize, headRoot) = try store.read { view in (try view.size, try view.root) }
        do {
            let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
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

/// The non-blank lines of a file, read in chunks.
struct LineSplitter {
    let handle: FileHandle
    var buffer: [UInt8] = []
    var start = 0
    var line = 0
    var finished = false

    init(handle: FileHandle) { self.handle = handle }

    mutating func next() throws -> (Int, [UInt8])? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let slice = Array(buffer[start..<newline])
                start = newline + 1
                line += 1
                if slice.contains(where: { ![0x20, 0x0D, 0x09].contains($0) }) { return (line, slice) }
                continue
            }
            if finished {
                guard start < buffer.count else { return nil }
                let slice = Array(buffer[start...])
                start = buffer.count
                line += 1
                return slice.contains(where: { ![0x20, 0x0D, 0x09].contains($0) }) ? (line, slice) : nil
            }
            buffer.removeFirst(start)
            start = 0
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { finished = true } else { buffer += chunk }
        }
    }
}
