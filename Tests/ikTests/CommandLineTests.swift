import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func initAppendLogAndVerifyWorkAsTheREADMESays() throws {
        let w = Workspace()
        let created = try w.ik.run(["init"])
        #expect(created.status == 0)
        #expect(created.stdout.contains("created store ik-store"))
        #expect(try w.ik.run(["append", "-"], input: Workspace.foundation).status == 0)
        try w.write("draft.json", """
            {"type": "DeviationRecorded", "effectiveAt": "2024-10-15", "actor": "mas",
             "idempotencyKey": "dev-2024-017",
             "payload": {"deviationId": "D-2024-017", "controlId": "T-LAK", "observedOn": "2024-10-15",
                         "unit": "Hemsjukvård", "severity": "minor", "count": 2,
                         "description": "Saldo i narkotikajournal stämmer inte."}}
            """)
        let appended = try w.ik.run(["append", "draft.json"])
        #expect(appended.status == 0)
        #expect(appended.stdout.hasPrefix("appended 1 event (seq 3)"))
        let again = try w.ik.run(["append", "draft.json"])
        #expect(again.stdout.contains("1 already recorded"))
        let log = try w.ik.run(["log", "--period", "2024"])
        #expect(log.stdout.contains("DeviationRecorded"))
        #expect(log.stdout.contains("3 events as known at seq 3"))
        #expect(try w.ik.run(["verify"]).status == 0)
        #expect(try w.ik.run(["--store", "ik-store", "log", "--format", "jsonl"]).stdout.contains("\"seq\":3"))
    }

    @Test func aFreshStoreVerifies() throws {
        // Red team 5: a store nothing was appended to failed verify ("the head of the log is not cached in meta").
        for test in [false, true] {
            let w = Workspace()
            try w.ik.run(["init"] + (test ? ["--test"] : [])).requireSuccess()
            let verified = try w.ik.run(["verify"])
            #expect(verified.status == 0 && verified.stdout.contains("0 events"), "\(verified.stdout) \(verified.stderr)")
        }
    }

    @Test func badDraftsExitWith65ListEveryProblemAndWriteNothing() throws {
        let w = Workspace()
        try w.initialise()
        try w.ik.run(["append", "-"], input: Workspace.drafts(3))
        let before = try w.data("ik-store/data.mdb")
        try w.write("bad.jsonl", """
            {"type":"DeviationRecorded","payload":{"deviationId":"B-1","controlId":"T-LAK","observedOn":"2024-05-01","severity":"minor","description":"ok"}}
            {"type":"DeviationRecorded","payload":{"deviationId":"B-2","controlId":"T-LAK","observedOn":"2024-02-30","severity":"minor","description":"d"}}
            {"type":"ControlPerformed","payload":{"performanceId":"P","controlId":"T-LAK","performedOn":"2024-05-01","examined":2,"deviating":0.5,"assessment":"satisfactory"}}
            {"type":"DeviationRecorded","colour":"red","payload":{"deviationId":"B-4","controlId":"T-LAK","observedOn":"2024-05-01","severity":"minor","description":"d"}}
            {"type":"DeviationRecorded","payload":
            """)
        let result = try w.ik.run(["append", "bad.jsonl"])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("ik: 4 problems in the drafts; nothing was appended"))
        #expect(result.stderr.contains("bad.jsonl:2 (draft 2): payload.observedOn: \"2024-02-30\" — must be a real date"))
        #expect(result.stderr.contains("bad.jsonl:3 (draft 3): not valid JSON: 0.5 is not a whole number"))
        #expect(result.stderr.contains("bad.jsonl:4 (draft 4): colour: unknown field"))
        #expect(result.stderr.contains("bad.jsonl:5 (draft 5): not valid JSON"))
        #expect(try w.data("ik-store/data.mdb") == before)
    }

    @Test func emptyInputMissingFilesAndMissingStoresHaveTheirOwnStatuses() throws {
        let w = Workspace()
        let noStore = try w.ik.run(["log"])
        #expect(noStore.status == 66)
        #expect(noStore.stderr.hasPrefix("ik: no store at ik-store"))
        try w.initialise()
        let missing = try w.ik.run(["append", "nope.json"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("no such file: nope.json"))
        let empty = try w.ik.run(["append", "-"], input: "\n  \n")
        #expect(empty.status == 65)
        #expect(empty.stderr.contains("holds no drafts"))
        let readOnly = try w.ik.run(["append", "--read-only", "-"], input: Workspace.drafts(1))
        #expect(readOnly.status == 77)
        #expect(try w.ik.run(["log", "--period", "2024-X"]).status == 64)
    }

    @Test func aPinnedClockEarlierThanTheLogIsRefused() throws {
        let w = Workspace()
        try w.initialise()
        #expect(try w.ik.run(["append", "-"], input: Workspace.drafts(1, prefix: "a"),
                             environment: ["IK_NOW": "2025-02-11T09:00:00Z"]).status == 0)
        let behind = try w.ik.run(["append", "-"], input: Workspace.drafts(1, prefix: "b"),
                                  environment: ["IK_NOW": "2025-01-01T00:00:00Z"])
        #expect(behind.status == 65)
        #expect(behind.stderr.contains("recorded time never goes back"))
        let log = try w.ik.run(["log", "--format", "jsonl"])
        #expect(log.stdout.contains("\"recordedAt\":\"2025-02-11T09:00:00Z\""))
    }

    @Test func asOfQueriesSeeOnlyWhatWasRecordedByThen() throws {
        let w = Workspace()
        try w.initialise()
        try w.ik.run(["append", "-"], input: Workspace.drafts(2, prefix: "autumn"),
                     environment: ["IK_NOW": "2024-10-01T08:00:00Z"])
        try w.ik.run(["append", "-"], input: Workspace.drafts(3, prefix: "winter"),
                     environment: ["IK_NOW": "2025-02-11T08:00:00Z"])
        #expect(try w.ik.run(["log", "--as-of", "2024-12-31"]).stdout.contains("4 events as known at seq 4"))
        #expect(try w.ik.run(["log", "--as-of-seq", "5"]).stdout.contains("5 events as known at seq 5"))
        #expect(try w.ik.run(["log", "--as-of", "2025-02-11T08:00:00Z"]).stdout.contains("7 events"))
    }

    @Test func exportCheckpointAnchorAndBackupAgree() throws {
        let w = Workspace()
        try w.initialise()
        try w.ik.run(["append", "-"], input: Workspace.drafts(10))
        let checkpoint = try w.ik.run(["checkpoint", "--format", "json"])
        #expect(checkpoint.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(checkpoint.stdout.utf8)) as? [String: Any]
        let root = try #require(json?["root"] as? String)
        #expect(json?["treeSize"] as? Int == 12)
        try w.ik.run(["append", "-"], input: Workspace.drafts(5, prefix: "later"))
        #expect(try w.ik.run(["verify", "--anchor", "12:\(root)"]).status == 0)
        let wrong = try w.ik.run(["verify", "--anchor", "12:" + String(repeating: "0", count: 64)])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("anchor"))
        let exported = try w.ik.run(["export", "log", "--format", "jsonl", "--out", "log.jsonl"])
        #expect(exported.status == 0)
        #expect(String(decoding: try w.data("log.jsonl"), as: UTF8.self).split(separator: "\n").count == 17)
        let backup = try w.ik.run(["backup", "copy"])
        #expect(backup.status == 0)
        #expect(try w.ik.run(["--store", "copy", "verify", "--anchor", "12:\(root)"]).status == 0)
    }
}

@Suite struct SeedCommandTests {
    @Test func theSeedsAppendAndTheirFiguresReadBackWithLog() throws {
        let w = Workspace()
        let seeded = try w.ik.run(["seed"])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        #expect(seeded.stdout.contains("appended 122 events"))
        let lak = try w.ik.run(["log", "--stream", "control-SN-2024-LAK", "--format", "json"]).stdout
        #expect(lak.contains("\"examined\": 121") && lak.contains("\"planned\": 144"))
        let interim = try w.ik.run(["log", "--period", "2024", "--as-of", "2024-12-31", "--type", "ControlPerformed"])
        #expect(interim.stdout.contains("2 events as known at seq 79"))
        #expect(try w.ik.run(["verify"]).status == 0)
        let again = try w.ik.run(["seed"])
        #expect(again.status == 65)
        #expect(again.stderr.contains("is not empty"))
    }
}

/// The options every command shares, and values that parse themselves with one grammar.
@Suite struct CommandOptionsTests {
    @Test func storeOptionsWorkBeforeAndAfterTheCommandWithoutRewritingTheArguments() throws {
        let w = Workspace()
        try w.ik.run(["--store", "elsewhere", "init"]).requireSuccess()
        try w.ik.run(["append", "--store", "elsewhere", "-"], input: Workspace.foundation).requireSuccess()
        let before = try w.ik.run(["--store", "elsewhere", "log", "--format", "jsonl"])
        let after = try w.ik.run(["log", "--format", "jsonl", "--store", "elsewhere"])
        #expect(before.status == 0 && before.stdout == after.stdout && before.stdout.contains("\"seq\":2"))
        #expect(try w.ik.run(["export", "log", "--store", "elsewhere"]).stdout.contains("\"seq\":2"))
        #expect(try w.ik.run(["--store", "elsewhere", "export", "log"]).stdout.contains("\"seq\":2"))
        // A type's own help, with the store named first (the old argument rewriting failed here).
        let help = try w.ik.run(["--store", "elsewhere", "record", "deviation", "--help"])
        #expect(help.status == 0, "\(help.stderr)")
        #expect(help.stdout.contains("--observed-on"))
        #expect(try w.ik.run(["record", "--help"]).stdout.contains("ik record TYPE --help"))
    }

    @Test func oneKnowledgePointGrammarEverywhere() throws {
        let w = Workspace()
        try w.initialise()
        try w.ik.run(["append", "-"], input: Workspace.drafts(3)).requireSuccess()
        let bySeq = try w.ik.run(["state", "--as-of-seq", "3", "--format", "json"])
        let byGrammar = try w.ik.run(["state", "--as-of", "seq:3", "--format", "json"])
        #expect(bySeq.status == 0 && byGrammar.stdout == bySeq.stdout, "\(byGrammar.stderr)")
        let diff = try w.ik.run(["diff", "--as-of", "seq:2", "--against", "seq:4", "--format", "json"])
        #expect(diff.status == 0, "\(diff.stderr)")
        let log = try w.ik.run(["log", "--as-of", "seq:2", "--format", "jsonl"])
        #expect(log.stdout.split(separator: "\n").count == 2)
    }

    @Test func unknownOptionsAndMalformedValuesAreUsageErrors() throws {
        let w = Workspace()
        try w.initialise()
        let before = try w.data("ik-store/data.mdb")
        for arguments in [["state", "--bogus"], ["record", "deviation", "--colour", "red"], ["record", "deviation", "--unit"],
                          ["state", "--as-of", "tomorrow"], ["verify", "--anchor", "12:zz"], ["append", "--wait", "-1", "-"]] {
            let result = try w.ik.run(arguments, input: "")
            #expect(result.status == 64, "\(arguments): \(result.status) \(result.stderr)")
        }
        #expect(try w.data("ik-store/data.mdb") == before)
    }
}
