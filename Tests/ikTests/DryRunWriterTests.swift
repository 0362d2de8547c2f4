import Foundation
import Testing

/// A dry run, and a batch that will be refused, are checked against a read snapshot of the store: they never take
/// the writer lock, so they neither wait for a writer nor hold anyone's append up (red team 6:
/// dry-runs-hold-the-writer). The test holds the writer lock itself, as a writer in another process would.
@Suite(.serialized) struct DryRunWriterTests {
    /// Takes the store's writer lock (the fcntl lock on writer.lock that every writing process takes) for this
    /// process, until `release()`.
    final class HeldWriter {
        private let fd: Int32

        init(store: String) throws {
            fd = open(store + "/writer.lock", O_RDWR)
            try #require(fd >= 0, "cannot open \(store)/writer.lock")
            var request = flock()
            request.l_type = Int16(F_WRLCK)
            request.l_whence = Int16(SEEK_SET)
            try #require(fcntl(fd, F_SETLK, &request) == 0, "cannot take writer.lock: errno \(errno)")
        }

        func release() { close(fd) }
    }

    static let bad = #"{"type":"DeviationRecorded","payload":{"deviationId":"X-1","controlId":"NO-SUCH","observedOn":"2024-05-01","severity":"minor","count":1,"description":"x"}}"#

    @Test func aDryRunAndARefusedBatchFromTheCommandLineNeverWaitForTheWriter() throws {
        let w = Workspace()
        try w.initialise()
        try w.write("good.jsonl", Workspace.drafts(50, prefix: "dry"))
        try w.write("refused.jsonl", Workspace.drafts(50, prefix: "ref") + Self.bad + "\n")
        let before = try w.ik.run(["log", "--format", "jsonl"]).stdout
        let held = try HeldWriter(store: w.path + "/ik-store")
        defer { held.release() }
        let dry = try w.ik.run(["append", "--dry-run", "--wait", "1", "good.jsonl"])
        #expect(dry.status == 0, "a dry run beside a held writer: \(dry.status) \(dry.stderr)")
        #expect(dry.stdout.contains("50"), "\(dry.stdout)")
        let refused = try w.ik.run(["append", "--wait", "1", "refused.jsonl"])
        #expect(refused.status == 65, "a refused batch beside a held writer: \(refused.status) \(refused.stderr)")
        #expect(refused.stderr.contains("refused.jsonl:51") && refused.stderr.contains("NO-SUCH"), "\(refused.stderr)")
        // A batch that will be written still needs the writer, and says who holds it.
        let real = try w.ik.run(["append", "--wait", "1", "good.jsonl"])
        #expect(real.status == 75, "\(real.status) \(real.stderr)")
        held.release()
        #expect(try w.ik.run(["log", "--format", "jsonl"]).stdout == before, "nothing was written")
        #expect(try w.ik.run(["append", "good.jsonl"]).status == 0)
    }

    @Test func aDryRunAndARefusedBatchThroughTheAPINeverWaitForTheWriter() throws {
        let workspace = Workspace()
        try workspace.ik.run(["seed", "--store", "s"]).requireSuccess()
        try workspace.ik.run(["user", "add", "mas", "--role", "administrator", "--store", "s"],
                             input: "ett långt lösenord\n").requireSuccess()
        let token = try workspace.ik.run(["user", "token", "mas", "--store", "s"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try ServerProcess(workspace: workspace, extra: ["--wait", "20"])
        defer { _ = server.stop() }
        let plan = ServerTests.plan.replacingOccurrences(of: "T-2025", with: "T-2031")
        let before = try workspace.ik.run(["log", "--store", "s", "--format", "jsonl"]).stdout
        let held = try HeldWriter(store: workspace.path + "/s")
        defer { held.release() }
        var started = Date()
        let dry = try server.post("/api/v1/events?dryRun=true", token: token, json: plan)
        #expect(dry.status == 200 && dry.object["dryRun"] as? Bool == true, "\(dry.status) \(dry.text)")
        #expect(Date().timeIntervalSince(started) < 10, "the dry run waited for the writer")
        started = Date()
        let refused = try server.post("/api/v1/events", token: token, json: "[\(plan), \(Self.bad)]")
        #expect(refused.status == 422 && refused.text.contains("NO-SUCH"), "\(refused.status) \(refused.text)")
        #expect(Date().timeIntervalSince(started) < 10, "the refused batch waited for the writer")
        held.release()
        #expect(try workspace.ik.run(["log", "--store", "s", "--format", "jsonl"]).stdout == before, "nothing was written")
        let real = try server.post("/api/v1/events", token: token, json: plan)
        #expect(real.status == 201, "\(real.status) \(real.text)")
    }
}
