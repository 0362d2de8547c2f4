import Foundation
import Testing

/// Large JSON Lines inputs are streamed: read a megabyte at a time and appended in one transaction.
/// That memory stays flat as the input grows is checked by `Tools/check-stream` on a release build.
@Suite(.serialized) struct StreamingTests {
    /// A JSON Lines file of at least `megabytes`: a plan, a control point and deviations of ~300 bytes.
    static func write(_ path: String, megabytes: Int, bad: Bool = false) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? file.close() }
        var text = Workspace.foundation
        var written = 0
        var i = 0
        let filler = String(repeating: "x", count: 160)
        while written < megabytes << 20 {
            let date = "2024-05-\(i % 28 < 9 ? "0" : "")\(i % 28 + 1)"
            let description = bad && i == 1234 ? "Brukare 19121212-1212" : filler
            text += "{\"type\":\"DeviationRecorded\",\"idempotencyKey\":\"s\(i)\",\"payload\":{\"deviationId\":\"S\(i)\","
                + "\"controlId\":\"T-LAK\",\"observedOn\":\"\(date)\",\"severity\":\"minor\",\"description\":\"\(description)\"}}\n"
            i += 1
            if text.utf8.count > 1 << 20 {
                file.write(Data(text.utf8))
                written += text.utf8.count
                text = ""
            }
        }
        file.write(Data(text.utf8))
    }

    @Test func aLargeInputIsStreamedInOneTransactionAllOrNothing() throws {
        let w = Workspace()
        try w.ik.run(["init"])
        try Self.write(w.path + "/bad.jsonl", megabytes: 3, bad: true)
        let before = try w.data("ik-store/data.mdb")
        let refused = try w.ik.run(["append", "bad.jsonl"], environment: ["IK_STREAM_THRESHOLD": "1000000"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("bad.jsonl:1237 (draft 1237): payload.description: 19121212-****"))
        #expect(try w.data("ik-store/data.mdb") == before)
        try Self.write(w.path + "/good.jsonl", megabytes: 3)
        let appended = try w.ik.run(["append", "good.jsonl"], environment: ["IK_STREAM_THRESHOLD": "1000000"])
        #expect(appended.status == 0, "\(appended.stderr)")
        #expect(appended.stdout.hasPrefix("appended "))
        #expect(try w.ik.run(["verify"]).status == 0)
    }
}
