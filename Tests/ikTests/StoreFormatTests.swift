import Foundation
import Testing

@testable import EventLog

/// Stores written by releases before the lean layout (format 1; Tests/Fixtures, seeded and backed up: "seeded" by
/// the release before the fold records, "records" by main at 29036e3, the one just before format 2, with a
/// redaction and a checkpoint) give the log, proofs and roots that release gave, byte for byte, and the same state,
/// trend, diff, exports and reports: read-only as they are, half-way through their upgrade, and after it.
@Suite struct StoreFormatTests {
    /// Questions about the log itself, and the SHA-256 of what the release before format 2 (ik built from main at
    /// 29036e3) printed for each fixture, in this order.
    static let logAnswers = [
        "export log --format jsonl",
        "log --period 2024 --format jsonl",
        "log --from 2013-03-01 --to 2014-12-31 --as-of-seq 122",
        "proof inclusion --seq 57 --size 122",
        "proof consistency --from 33 --to 122",
    ]
    static let digests: [String: [String]] = [
        "seeded": [
            "b065adbc5291c6a459665d100b4e6acc226ddd1860c85e0db6e49926fa076db2",
            "532862969e4c652196a8b696fb51f3af150607b3a1d796f20e0527c798b412db",
            "8467654c9837f5467cba87651f62a301f48104c3ed73d3969eafbe619a1898a6",
            "57be0b1721b861f7a14776c5197946251c2d417e8366d6258b5ae424cba2f58c",
            "b86aa33a13a644998b90b925f1d9657f11210bb540d325b5aa3c422a71196de0",
        ],
        "records": [
            "78fa5515af01ad8d721747659e0e6b0548d9c570aec44d3987e587ead5c5d7ac",
            "1b835680ebaaa52ac98b14ebd6e4d866319065c415abd857593e32f236e3e640",
            "8467654c9837f5467cba87651f62a301f48104c3ed73d3969eafbe619a1898a6",
            "a833d53e40efc81bbc39e1384b6b159648e3f065bfa6348d61d7bbc1133d7ed3",
            "22563e226d24a0a5959f8f5e91d81f21064fd55cca5e6a3d4afb75dd1273ce19",
        ],
    ]
    /// Questions about the projections: their answers must not change as the store is upgraded. (They were those of
    /// the release before when this was written; what later releases add to a report does not depend on the layout.)
    static let projectionAnswers = [
        "export state --period 2024 --as-of seq:100 --format csv --lang sv",
        "export trend --by unit --bucket quarter --format jsonl",
        "export deviations --plan SN-2024 --period 2024 --format jsonl --explain",
        "export actions --format jsonl",
        "state --period 2024 --as-of 2025-02-11 --format json",
        "state --period 2013 --as-of seq:40",
        "trend --as-of-seq 122 --format json",
        "diff --as-of seq:60 --against seq:122 --format json",
        "report --plan SN-2024 --as-of seq:122 --format json",
        "report --plan SDF-2013 --as-of seq:90 --lang en",
        "report --plan SOC-2022 --format html",
    ]
    /// The size and root of each fixture.
    static let roots = [
        "seeded": "122:18bec1dbe3ada950a930711ff293209b44a777d1c42e5c947516b3dacf7f7bbe",
        "records": "123:de59646ef172f2d75dbfb46a6f2e62f5c9843684acd3c7ebffa63d29a5fd368e",
    ]

    static func fixture(_ name: String) throws -> Workspace {
        let w = Workspace()
        let unpacked = try w.ik.shell("mkdir -m 700 old && gzip -dc \(GuaranteeTests.repository)/Tests/Fixtures/"
            + "format1-\(name).data.mdb.gz > old/data.mdb && chmod 600 old/data.mdb")
        try unpacked.requireSuccess()
        return w
    }

    static func sha256(_ text: String) -> String {
        MerkleHash.sha256(Array(text.utf8)).hex
    }

    /// Asks every question: those about the log must be answered as the earlier release did, byte for byte; those
    /// about the projections as `projections` says (the answers of the store read as it was written), or they are
    /// returned.
    @discardableResult
    static func expectSameAnswers(_ w: Workspace, fixture: String, _ when: String, projections: [String]? = nil) throws
        -> [String]
    {
        func ask(_ arguments: String) throws -> String {
            let result = try w.ik.run(["--store", "old"] + arguments.split(separator: " ").map(String.init))
            #expect(result.status == 0, "\(when), \(arguments): \(result.stderr)")
            return result.stdout
        }
        for (arguments, digest) in zip(logAnswers, try #require(digests[fixture])) {
            #expect(sha256(try ask(arguments)) == digest, "\(fixture) \(when): ik \(arguments) answers otherwise")
        }
        let answers = try projectionAnswers.map(ask)
        for (index, expected) in (projections ?? []).enumerated() where answers[index] != expected {
            Issue.record("\(fixture) \(when): ik \(projectionAnswers[index]) answers otherwise")
        }
        let verified = try w.ik.run(["--store", "old", "verify", "--anchor", try #require(roots[fixture])])
        #expect(verified.status == 0, "\(fixture) \(when): \(verified.stdout) \(verified.stderr)")
        return answers
    }

    @Test(arguments: ["seeded", "records"])
    func aFormatOneStoreGivesTheSameAnswersReadOnlyAndAfterItsUpgrade(fixture: String) throws {
        let w = try Self.fixture(fixture)
        let before = try w.data("old/data.mdb")
        #expect(try w.ik.run(["--store", "old", "init"]).stdout.contains(", format 1, "))
        let projections = try Self.expectSameAnswers(w, fixture: fixture, "read-only")
        #expect(try w.data("old/data.mdb") == before, "a read must not change a store of the first format")
        // A writing command brings it to format 2, all steps at once; every answer stays.
        let snapshot = try w.ik.run(["--store", "old", "snapshot"])
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        #expect(try w.ik.run(["--store", "old", "init"]).stdout.contains(", format 2, "))
        try EventStore(openingAt: w.path + "/old", readOnly: true).read { view throws in
            #expect(try StoreLayout.read(view.transaction, meta: view.databases.meta) == .current)
            #expect(try view.cachedHead() == view.recomputedHead())
        }
        try Self.expectSameAnswers(w, fixture: fixture, "upgraded", projections: projections)
        // And it takes appends in the new layout.
        let appended = try w.ik.run(["--store", "old", "append", "-"], input:
            #"{"type":"ActionTaken","payload":{"actionId":"A-NY","takenOn":"2025-03-01","description":"Ny rutin"}}"#)
        #expect(appended.status == 0, "\(appended.stderr)")
        let verified = try w.ik.run(["--store", "old", "verify", "--anchor", try #require(Self.roots[fixture])])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        let size = try #require(Self.roots[fixture]?.split(separator: ":").first)
        let exported = try w.ik.run(["--store", "old", "export", "log", "--format", "jsonl", "--as-of-seq", String(size)])
        #expect(Self.sha256(exported.stdout) == Self.digests[fixture]?.first, "the log up to the fixture's size")
    }

    @Test func anUpgradeStoppedHalfWayGivesTheSameAnswersAndGoesOnAtTheNextWritableOpen() throws {
        let fixture = "records"
        let w = try Self.fixture(fixture)
        let path = w.path + "/old"
        var options = EventStore.Options()
        options.formatUpgradeStep = 7
        options.formatUpgradeStepsAtOpen = 0
        func census() throws -> (dayKeys: Int, staleLevels: Int, layout: StoreLayout) {
            try EventStore(openingAt: path, readOnly: true).read { view in
                let txn = view.transaction
                let days = try txn.withCursor(on: view.databases.effective, from: StoreLayout.firstDayKey) {
                    try $0.map { _ in 1 }.count
                }
                let stale = try txn.withCursor(on: view.databases.merkle) { cursor in
                    try cursor.map { (1..<4).contains($0.key[8]) ? 1 : 0 }.reduce(0, +)
                }
                return (days, stale, try StoreLayout.read(txn, meta: view.databases.meta))
            }
        }
        let projections = try Self.expectSameAnswers(w, fixture: fixture, "read-only")
        let first = try census()
        #expect(first.dayKeys == 123 && first.staleLevels > 100 && first.layout == .first, "\(first)")
        // Begun: format 2 and the mark, nothing rewritten yet.
        var store: EventStore? = try EventStore(openingAt: path, options: options)
        #expect(try w.ik.run(["--store", "old", "init"]).stdout.contains("format 2, its upgrade from format 1 under way"))
        try Self.expectSameAnswers(w, fixture: fixture, "upgrade begun", projections: projections)
        // Three steps of 7 entries: both layouts in the indexes.
        #expect(try store?.continueFormatUpgrade(step: 7, maxSteps: 3) == false)
        store = nil
        let half = try census()
        #expect(half.dayKeys == 123 - 21 && half.staleLevels < first.staleLevels && half.layout.upgrading, "\(half)")
        try Self.expectSameAnswers(w, fixture: fixture, "half-way", projections: projections)
        // The next writable open completes it.
        let snapshot = try w.ik.run(["--store", "old", "snapshot"])
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        let done = try census()
        #expect(done.dayKeys == 0 && done.staleLevels == 0 && done.layout == .current, "\(done)")
        try Self.expectSameAnswers(w, fixture: fixture, "completed", projections: projections)
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
