import Foundation
import Testing

/// Large JSON Lines inputs are streamed: read a megabyte at a time and appended in one transaction.
/// That memory stays flat as the input grows is checked by `Tools/check-stream` on a release build.
@Suite(.serialized) struct StreamingTests {
    /// A JSON Lines file of at least `megabytes`: a plan, a control point and deviations of ~300 bytes.
    static func write(_ path: String, megabytes: Int, bad: Bool = false, report: Bool = false) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? file.close() }
        var text = report ? "" : Workspace.foundation
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
        if report {
            text += #"{"type":"ReportSubmitted","payload":{"reportId":"R-S","planId":"T-2024","submittedOn":"2024-06-01","to":"Nämnden"}}"#
                + "\n"
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
        #expect(try w.ik.run(["append", "-"], input: Workspace.foundation).status == 0)
        let head = try #require(try JSONSerialization.jsonObject(with: Data(
            try w.ik.run(["checkpoint", "--no-store", "--format", "json"]).stdout.utf8)) as? [String: Any])
        try Self.write(w.path + "/good.jsonl", megabytes: 3, report: true)
        let appended = try w.ik.run(["append", "good.jsonl", "--format", "json"], environment: ["IK_STREAM_THRESHOLD": "1000000"])
        #expect(appended.status == 0, "\(appended.stderr)")
        let outcome = try #require(try JSONSerialization.jsonObject(with: Data(appended.stdout.utf8)) as? [String: Any])
        let written = try #require(outcome["written"] as? Int)
        #expect(written > 9000)
        #expect(outcome["firstSeq"] as? Int == 3)
        #expect(outcome["lastSeq"] as? Int == written + 2)
        #expect(try w.ik.run(["verify"]).status == 0)
        // The report in the stream records the head of the log before the stream.
        let last = try #require(try w.ik.run(["log", "--stream", "plan-T-2024", "--format", "jsonl"]).stdout
            .split(separator: "\n").last)
        let payload = try #require((try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])?["payload"]
            as? [String: Any])
        let basedOn = try #require(payload["basedOn"] as? [String: Any])
        #expect(basedOn["treeSize"] as? Int == 2)
        #expect(basedOn["root"] as? String == head["root"] as? String)
    }

    @Test func standardInputIsStreamedToo() throws {
        let w = Workspace()
        try w.ik.run(["init"])
        try Self.write(w.path + "/good.jsonl", megabytes: 3)
        let piped = try w.ik.shell("cat good.jsonl | IK_STREAM_THRESHOLD=1000000 \"$IK\" append - --format json")
        #expect(piped.status == 0, "\(piped.stdout)")
        #expect(piped.stdout.contains("\"firstSeq\": 1"))
        #expect(try w.ik.run(["verify"]).status == 0)
    }

    @Test func endlessOrOversizedInputIsRefusedWithoutReadingItAll() throws {
        let w = Workspace()
        try w.ik.run(["init"])
        let before = try w.data("ik-store/data.mdb")
        // One line of 9 MB: a draft line is at most 8 MB, in a streamed file as in a whole one.
        try w.write("long.jsonl", #"{"type":"PlanAdopted","payload":{"planId":""# + String(repeating: "x", count: 9 << 20) + "\"}}\n")
        let long = try w.ik.run(["append", "long.jsonl"], environment: ["IK_STREAM_THRESHOLD": "1000000"])
        #expect(long.status == 65)
        #expect(long.stderr.contains("long.jsonl:1: the line is longer than 8 MB"), "\(long.stderr)")
        // Standard input that never ends a line and is not JSON Lines stops at 256 MB.
        let zeros = try w.ik.shell("head -c 300000000 /dev/zero | \"$IK\" append -")
        #expect(zeros.status == 65)
        #expect(zeros.stdout.contains("standard input is larger than 256 MB and cannot be streamed"), "\(zeros.stdout)")
        #expect(try w.data("ik-store/data.mdb") == before)
    }
}
