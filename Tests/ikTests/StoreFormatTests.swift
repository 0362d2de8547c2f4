import EventLog
import Foundation
import Testing

/// A store written by the release before the lean layout (format 1: seeded, backed up) opens and gives the same
/// answers, read-only as it is and after the first writable open brings it to format 2.
@Suite struct StoreFormatTests {
    /// Root and SHA-256 of `ik export log` of the fixture, as the release that wrote it printed them.
    static let root = "18bec1dbe3ada950a930711ff293209b44a777d1c42e5c947516b3dacf7f7bbe"
    static let exportDigest = "b065adbc5291c6a459665d100b4e6acc226ddd1860c85e0db6e49926fa076db2"

    static func fixture() throws -> Workspace {
        let w = Workspace()
        let unpacked = try w.ik.shell("mkdir -m 700 old && gzip -dc \(GuaranteeTests.repository)/Tests/Fixtures/"
            + "format1-seeded.data.mdb.gz > old/data.mdb && chmod 600 old/data.mdb")
        try unpacked.requireSuccess()
        return w
    }

    static func sha256(_ text: String) -> String {
        MerkleHash.sha256(Array(text.utf8)).hex
    }

    @Test func aFormatOneStoreGivesTheSameAnswersBeforeAndAfterItIsBroughtToFormatTwo() throws {
        let w = try Self.fixture()
        func answers() throws -> [String] {
            try [["export", "log", "--format", "jsonl"], ["state", "--period", "2024", "--as-of", "2025-02-11", "--format", "json"],
                 ["log", "--period", "2024", "--format", "jsonl"],
                 ["log", "--from", "2013-03-01", "--to", "2014-12-31", "--as-of-seq", "122"],
                 ["proof", "inclusion", "--seq", "57", "--size", "122"], ["proof", "consistency", "--from", "33", "--to", "122"],
                 ["trend", "--as-of-seq", "122", "--format", "json"],
                 ["diff", "--as-of", "seq:60", "--against", "seq:122", "--format", "json"]]
                .map { arguments in
                    let result = try w.ik.run(["--store", "old"] + arguments)
                    #expect(result.status == 0, "\(arguments): \(result.stderr)")
                    return result.stdout
                }
        }
        let before = try w.data("old/data.mdb")
        let readOnly = try answers()
        #expect(Self.sha256(readOnly[0]) == Self.exportDigest)
        let verified = try w.ik.run(["--store", "old", "verify", "--anchor", "122:\(Self.root)"])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(try w.data("old/data.mdb") == before, "a read must not change a store of the first format")
        // The first writing command brings it to format 2; every answer stays.
        let appended = try w.ik.run(["--store", "old", "append", "-"], input:
            #"{"type":"ActionTaken","payload":{"actionId":"A-NY","takenOn":"2025-03-01","description":"Ny rutin"}}"#)
        #expect(appended.status == 0, "\(appended.stderr)")
        let info = try w.ik.run(["--store", "old", "init"])
        #expect(info.stdout.contains("123 events"))
        #expect(try w.ik.run(["--store", "old", "verify", "--anchor", "122:\(Self.root)"]).status == 0)
        let exported = try w.ik.run(["--store", "old", "export", "log", "--format", "jsonl", "--as-of-seq", "122"]).stdout
        #expect(Self.sha256(exported) == Self.exportDigest)
        var migrated = try answers()
        migrated[0] = exported
        for (index, (after, before)) in zip(migrated, readOnly).enumerated() {
            #expect(after == before, "answer \(index) changed after the store was brought to format 2")
        }
    }

    @Test func eventIdsAreTimeOrderedAndRiseWithTheSeqAcrossProcesses() throws {
        let w = Workspace()
        try w.initialise()
        for writer in 0..<3 {
            try w.write("w\(writer).jsonl", Workspace.drafts(40, prefix: "w\(writer)"))
        }
        let writers = try (0..<3).map { writer in
            try Spawn.background([IKProcess.binary, "append", "w\(writer).jsonl"], directory: w.path)
        }
        for pid in writers { #expect(Spawn.wait(pid) == 0) }
        let ids = try w.ik.run(["log", "--format", "jsonl"]).stdout.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return try #require((object?["envelope"] as? [String: Any])?["id"] as? String)
        }
        #expect(ids.count == 122)
        #expect(ids.allSatisfy { $0.count == 36 && Array($0)[14] == "7" }, "version 7: \(ids.prefix(3))")
        #expect(ids == ids.sorted() && Set(ids).count == ids.count, "ids rise with the seq")
        #expect(try w.ik.run(["verify"]).status == 0)
    }
}
