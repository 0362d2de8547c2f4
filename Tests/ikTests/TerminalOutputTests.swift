import EventLog
import Foundation
import LMDB
import Testing

/// Nothing ik prints can act on a terminal: what a terminal would obey is shown as a visible escape, and
/// figures at the largest counts a draft may carry read back without a trap.
@Suite(.serialized) struct TerminalOutputTests {
    static let now = ["IK_NOW": "2025-03-01T12:00:00Z"]
    static let setup = """
        {"type":"PlanAdopted","actor":"mas","payload":{"planId":"P-1","organisation":"Nämnden","year":2024,"adoptedOn":"2024-01-10"}}
        {"type":"ControlPointAdded","effectiveAt":"2024-01-10","payload":{"controlId":"C-1","planId":"P-1","area":"A","title":"Titel"}}
        """

    /// Rewrites `old` to `new` inside every value of `database`, as someone holding an older store's data (or
    /// LMDB tools) could: text the rules now refuse may still be in a store.
    static func rewrite(_ w: Workspace, _ database: String, _ old: String, _ new: String) throws {
        let env = try Environment(path: w.path + "/ik-store")
        try env.write { txn in
            let db = try txn.openDatabase(named: database)
            for seq in UInt64(1)...2 {
                let key = withUnsafeBytes(of: seq.bigEndian, Array.init)
                guard let value = try txn.copyValue(forKey: key, in: db) else { continue }
                var data = Data(value)
                guard let range = data.range(of: Data(old.utf8)) else { continue }
                data.replaceSubrange(range, with: Data(new.utf8))
                try txn.put(Array(data), forKey: key, in: db)
            }
            return .commit
        }
    }

    static func rawControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
            || (0x202A...0x202E).contains($0.value) }
    }

    @Test func storedTextIsEscapedInTablesAndJSON() throws {
        let w = Workspace()
        try w.ik.run(["init", "--test"]).requireSuccess()
        try w.ik.run(["append", "-"], input: Self.setup, environment: Self.now).requireSuccess()
        try Self.rewrite(w, "events", #""actor":"mas""#, #""actor":"m\u001b[1A\u001b[2Kx""#)
        // A payload an older release accepted is stored with its digest (a report checks it), so it goes in through
        // the log alone, without today's rules.
        let store = try EventStore(openingAt: w.path + "/ik-store")
        try store.append([EventDraft(type: "ControlPointRevised", stream: "control-C-1", effectiveAt: CalendarDate("2024-02-01")!,
                                     actor: "mas", payload: ["controlId": "C-1", "reason": "Ny titel",
                                                             "title": "Ti\u{1B}[31m\u{202E}tel\n\u{9B}"])],
                         clock: .pinned(at: Instant(rfc3339: Self.now["IK_NOW"]!)!))
        // Tables and indented JSON are for people; JSON Lines and CSV exports are data, kept byte for byte
        // (escaped only when standard output is a terminal).
        for command in [["log"], ["log", "--format", "json"], ["state"], ["state", "--format", "json"], ["trend"],
                        ["export", "state", "--format", "json"], ["export", "deviations", "--format", "json"],
                        ["report", "--plan", "P-1"]] {
            let result = try w.ik.run(command)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(!Self.rawControls(result.stdout), "\(command) printed a raw control:\n\(result.stdout.prefix(800))")
        }
        let log = try w.ik.run(["log"]).stdout
        #expect(log.contains(#"m\u{1B}[1A\u{1B}[2Kx"#))
        let state = try w.ik.run(["state"]).stdout
        #expect(state.contains(#"Ti\u{1B}[31m\u{202E}tel\u{A}\u{9B}"#))
        let json = try w.ik.run(["log", "--format", "json"]).stdout
        #expect(json.contains(#""actor": "m\u001b[1A\u001b[2Kx""#))
        let report = try w.ik.run(["report", "--plan", "P-1"]).stdout
        // The Markdown report escapes `[` as well (MarkdownText): `\[` shows as `[`.
        #expect(report.contains(#"Ti\u001b\[31m\u202etel"#), "\(report)")
    }

    @Test func errorMessagesQuotingValuesAreEscaped() throws {
        let w = Workspace()
        try w.ik.run(["init", "--test"]).requireSuccess()
        let result = try w.ik.run(["append", "-"], input: #"""
            {"type":"PlanAdopted","payload":{"planId":"P-2","organisation":"N","year":2024,"adoptedOn":"2024-01-10","x\u001b[2J":"\u009b\u202e"}}
            """#, environment: Self.now)
        #expect(result.status == 65)
        #expect(result.stderr.contains(#"payload.x\u{1B}[2J: unknown field"#), "\(result.stderr)")
        #expect(!Self.rawControls(result.stderr))
        let stream = try w.ik.run(["log", "--stream", "x\u{1B}[2J"])
        #expect(!Self.rawControls(stream.stdout + stream.stderr))
    }

    /// Two results of 2^53 − 1 made `ik state`, `trend` and `export state` trap for that plan; counts are now at
    /// most 1,000,000,000, and sums of the largest ones read back.
    @Test func theLargestCountsADraftMayCarryReadBack() throws {
        let w = Workspace()
        try w.ik.run(["init", "--test"]).requireSuccess()
        try w.ik.run(["append", "-"], input: Self.setup, environment: Self.now).requireSuccess()
        let result = #"{"type":"ControlPerformed","payload":{"performanceId":"R-%d","controlId":"C-1","performedOn":"2024-0%d-30","examined":1000000000,"deviating":1000000000,"serious":1000000000,"indicators":[{"name":"n","numerator":1000000000,"denominator":1000000000}],"assessment":"unsatisfactory"}}"#
        let input = [1, 2].map { String(format: result, $0, $0 + 3) }.joined(separator: "\n")
        try w.ik.run(["append", "-"], input: input, environment: Self.now).requireSuccess()
        for command in [["state"], ["trend"], ["export", "state"], ["report", "--plan", "P-1"], ["verify"]] {
            let read = try w.ik.run(command)
            #expect(read.status == 0, "\(command): \(read.status) \(read.stderr)")
        }
        let state = try w.ik.run(["state", "--format", "json"]).stdout
        #expect(state.contains("2000000000"))
        let over = try w.ik.run(["append", "-"], input: input.replacingOccurrences(of: "R-", with: "S-")
            .replacingOccurrences(of: #""examined":1000000000"#, with: #""examined":1000000001"#), environment: Self.now)
        #expect(over.status == 65)
        #expect(over.stderr.contains("payload.examined: 1000000001 — must be at most 1000000000"))
    }
}
