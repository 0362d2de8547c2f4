import EventLog
import Foundation
import LMDB
import Testing

/// Recorded time is the machine's: a pinned clock (IK_NOW) only on a test store, which says what it is.
@Suite struct TestStoreTests {
    static let pinned = ["IK_NOW": "2025-02-11T15:00:01Z"]

    /// A normal store with the foundation's plan and control point, appended with the system clock.
    static func normalStore() throws -> Workspace {
        let w = Workspace()
        try w.ik.run(["init"]).requireSuccess()
        try w.ik.run(["append", "-"], input: Workspace.foundation).requireSuccess()
        try w.ik.run(["append", "-"], input: Workspace.drafts(2, prefix: "d")).requireSuccess()
        return w
    }

    @Test func aNormalStoreRefusesAPinnedClockAndWritesNothing() throws {
        let w = try Self.normalStore()
        let before = try w.data("ik-store/data.mdb")
        let closed = try w.ik.run(["record", "deviation-closed", "--deviation", "d-0", "--closed-on", "2025-02-10"],
                                  environment: Self.pinned)
        #expect(closed.status == 65, "\(closed.status): \(closed.stderr)")
        #expect(closed.stderr.contains("IK_NOW pins the clock at 2025-02-11T15:00:01Z"), "\(closed.stderr)")
        #expect(closed.stderr.contains("is not a test store"))
        let appended = try w.ik.run(["append", "-"], input: Workspace.drafts(1, prefix: "x"), environment: ["IK_NOW": "2099-01-01T00:00:00Z"])
        #expect(appended.status == 65)
        let checkpoint = try w.ik.run(["checkpoint"], environment: Self.pinned)
        #expect(checkpoint.status == 65, "\(checkpoint.stderr)")
        #expect(try w.data("ik-store/data.mdb") == before)
        let initialised = try w.ik.run(["--store", "other", "init"], environment: Self.pinned)
        #expect(initialised.status == 65 && !FileManager.default.fileExists(atPath: w.path + "/other/data.mdb"))
        // Without IK_NOW the same closing is recorded now.
        try w.ik.run(["record", "deviation-closed", "--deviation", "d-0", "--closed-on", "2025-02-10"]).requireSuccess()
        let verify = try w.ik.run(["verify", "--format", "json"])
        #expect(verify.status == 0 && verify.stdout.contains("\"testStore\": false"), "\(verify.stdout)")
    }

    @Test func aTestStoreTakesAPinnedClockAndSaysSo() throws {
        let w = Workspace()
        let created = try w.ik.run(["init", "--test"])
        #expect(created.status == 0 && created.stdout.contains("a test store"))
        try w.ik.run(["append", "-"], input: Workspace.foundation, environment: Self.pinned).requireSuccess()
        #expect(try w.ik.run(["log", "--format", "jsonl"]).stdout.contains("\"recordedAt\":\"2025-02-11T15:00:01Z\""))
        let verify = try w.ik.run(["verify"])
        #expect(verify.status == 0 && verify.stdout.contains("test store (ik init --test)"), "\(verify.stdout)")
        #expect(try w.ik.run(["verify", "--format", "json"]).stdout.contains("\"testStore\": true"))
        #expect(try EventStore(openingAt: w.path + "/ik-store", readOnly: true).isTestStore)
        // Seeds replay past recorded times: into a new store they make a test store, into a normal one never.
        let seeded = try w.ik.run(["--store", "seeded", "seed"])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        #expect(try w.ik.run(["--store", "seeded", "verify"]).stdout.contains("test store"))
        try w.ik.run(["--store", "normal", "init"]).requireSuccess()
        let refused = try w.ik.run(["--store", "normal", "seed"])
        #expect(refused.status == 65 && refused.stderr.contains("normal is not a test store"), "\(refused.stderr)")
        #expect(try w.ik.run(["--store", "normal", "log", "--format", "jsonl"]).stdout.isEmpty)
    }

    @Test func aNormalStoreWhoseLastEventIsInTheFutureRefusesToAppendAndVerifyFlagsIt() throws {
        // What IK_NOW=2099-… did to a store before this release: every later recordedAt pushed into 2099.
        let w = Workspace()
        try w.ik.run(["init", "--test"]).requireSuccess()
        try w.ik.run(["append", "-"], input: Workspace.foundation, environment: ["IK_NOW": "2099-01-01T00:00:00Z"])
            .requireSuccess()
        let env = try Environment(path: w.path + "/ik-store")
        try env.write { txn in
            try txn.delete(key: Array("testStore".utf8), in: try txn.openDatabase(named: "meta"))
            return .commit
        }
        let before = try w.data("ik-store/data.mdb")
        let appended = try w.ik.run(["append", "-"], input: Workspace.drafts(1, prefix: "late"))
        #expect(appended.status == 69, "\(appended.status): \(appended.stderr)")
        #expect(appended.stderr.contains("is 2099-01-01T00:00:00Z, but this machine's clock says 20"),
                "\(appended.stderr)")
        #expect(try w.data("ik-store/data.mdb") == before)
        let verify = try w.ik.run(["verify"])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("recordedAt 2099-01-01T00:00:00Z is in the future"), "\(verify.stderr)")
    }

    /// The attack that beat the meta mark (found by the red team): mark a normal store as a test store with LMDB,
    /// record with IK_NOW at a chosen time, take the mark off. The
    /// old code verified it, signed checkpoint and all; the event's envelope now says its time was chosen.
    @Test func aTestMarkPutOnAndTakenOffLeavesEveryChosenTimeInTheLog() throws {
        let w = try Self.normalStore()
        try w.ik.run(["keygen", "--out", "k.key"]).requireSuccess()
        let published = try w.ik.run(["checkpoint", "--sign", "k.key", "--format", "json"])
        try published.requireSuccess()
        try published.stdout.write(toFile: w.path + "/published.json", atomically: true, encoding: .utf8)
        // At the signed checkpoint's own time: since red team 6 no event is recorded before a stored checkpoint.
        let stamp = try #require(published.stdout.range(of: #"(?<="time": ")[^"]+"#, options: .regularExpression))
        let env = try Environment(path: w.path + "/ik-store")
        func mark(_ on: Bool) throws {
            try env.write { txn in
                let meta = try txn.openDatabase(named: "meta")
                if on { try txn.put(Array("true".utf8), forKey: Array("testStore".utf8), in: meta) }
                else { try txn.delete(key: Array("testStore".utf8), in: meta) }
                return .commit
            }
        }
        try mark(true)
        try w.ik.run(["record", "deviation-closed", "--deviation", "d-0", "--closed-on", "2024-06-01"],
                     environment: ["IK_NOW": String(published.stdout[stamp])]).requireSuccess()
        try mark(false)
        let verify = try w.ik.run(["verify", "--checkpoint", "published.json", "--public-key", "k.key.pub"])
        #expect(verify.status == 1, "\(verify.stdout)")
        #expect(verify.stderr.contains("seq 5: clock: recorded with a pinned clock (IK_NOW)"), "\(verify.stderr)")
        #expect(verify.stderr.contains("this store is not marked as one"))
        let json = try w.ik.run(["verify", "--format", "json"])
        #expect(json.stdout.contains("\"pinnedClockEvents\": 1"), "\(json.stdout)")
        try w.ik.run(["export", "log", "--format", "jsonl", "--out", "log.jsonl"]).requireSuccess()
        #expect(try w.ik.run(["log", "--format", "jsonl"]).stdout.contains("\"clock\":\"pinned\""))
        // Marked again, the store is honest about being a test store, and its report says so.
        try mark(true)
        #expect(try w.ik.run(["verify"]).status == 0)
        let report = try w.ik.run(["report", "--plan", "T-2024", "--format", "md"])
        #expect(report.stdout.contains("OBS: 1 av händelserna registrerades med vald tid"), "\(report.stdout)")
    }
}
