import Foundation
import Testing

@testable import EventLog

/// Stores written by releases before the lean layout (format 1; Tests/Fixtures, seeded and backed up: "seeded" by
/// the release before the fold records, "records" by the one just before format 2, with a redaction and a
/// checkpoint) give the answers those releases gave, byte for byte: read-only as they are, half-way through their
/// upgrade, and after it.
@Suite struct StoreFormatTests {
    /// What each fixture answers; `digests` are the SHA-256 of what the release that wrote it printed (ik built
    /// from main at ffb9bd8), in the order of `answers`.
    static let answers = [
            "export log --format jsonl",
            "export state --period 2024 --as-of seq:100 --format csv --lang sv",
            "export trend --by unit --bucket quarter --format jsonl",
            "export deviations --plan SN-2024 --period 2024 --format jsonl --explain",
            "export actions --format jsonl",
            "state --period 2024 --as-of 2025-02-11 --format json",
            "state --period 2013 --as-of seq:40",
            "log --period 2024 --format jsonl",
            "log --from 2013-03-01 --to 2014-12-31 --as-of-seq 122",
            "proof inclusion --seq 57 --size 122",
            "proof consistency --from 33 --to 122",
            "trend --as-of-seq 122 --format json",
            "diff --as-of seq:60 --against seq:122 --format json",
            "report --plan SN-2024 --as-of seq:122 --format json",
            "report --plan SDF-2013 --as-of seq:90 --lang en",
            "report --plan SOC-2022 --format html",
    ]
    static let digests: [String: [String]] = [
        "seeded": [
            "b065adbc5291c6a459665d100b4e6acc226ddd1860c85e0db6e49926fa076db2",
            "8f514941b43493ffff34fde9ed122c61f4853bfee00a00b216d9fa8ca0cf01c0",
            "ca933dcfc6869ff2634b97133448766faae3d776fa1d14869a02a51225efe267",
            "361d0ac3203317b681c3e250a69a2d86d6b5a482651e7e4167532388da7b27af",
            "9edb46fca8b35d6c0c51c8434fdb0c5a2f066133dfbbed19fad5b2315f5b55e7",
            "334d6c1b408fc8f35ddcffa744bebbd42194fe7eb1742ed22a68577da2f6bf90",
            "c69fa441139bf7672d6d47d62f90ce99658a93c0ca6ab62a89ba85812997d3fd",
            "532862969e4c652196a8b696fb51f3af150607b3a1d796f20e0527c798b412db",
            "8467654c9837f5467cba87651f62a301f48104c3ed73d3969eafbe619a1898a6",
            "57be0b1721b861f7a14776c5197946251c2d417e8366d6258b5ae424cba2f58c",
            "b86aa33a13a644998b90b925f1d9657f11210bb540d325b5aa3c422a71196de0",
            "d629af8efa2e582b7511531411b57f3ff6d21557ce06e4ef25b0c84884a49d6b",
            "9e178c2aab22319e6feb1a4d226dbc389392d823e11f517c7c69a5f18089012b",
            "f3bb446eccfdcb8132167c036586883d61174459cd41dcc31ce42928759ceef0",
            "a271bb8ad9fb5cb71bc6478845e3c5a02aa9503d988cbd6102e1e4b66d0ba31d",
            "5e871554d57ff0ac7290bdd2bce7463b182759df28be770c59e0e0df47900c12",
        ],
        "records": [
            "ee67cab27d22fdb56aadb3e2bc69d25745e77dfc97c7ca2cbb4c0bd4e44f1910",
            "9cb87906b1d59e0a661165c7fb25c3346185ef1135f412784a7ba99852b84cb1",
            "83724970087605d0ab1c2cbd3f0fea028fb7f94b260fe644c22b72f30694afcf",
            "5dca005388e24fd3f14c6dfc717383159c21c4dfcc7ee729cde6251275cef193",
            "b729c0c387903c480e39e134f58cf193ebb8a117ba28d2d0316495e5ee52a57d",
            "584df94090c2f90c960748069d11e090badec23d994c143e9ae73451aa1c6c42",
            "c69fa441139bf7672d6d47d62f90ce99658a93c0ca6ab62a89ba85812997d3fd",
            "832c22d46a9ebee6c0b6281d73c458ffe772e2129bf5f6567634a9baae6698e8",
            "8467654c9837f5467cba87651f62a301f48104c3ed73d3969eafbe619a1898a6",
            "6b5631e01cdc005297fc64b1673ec43974a6571b1b060f3bd4ba8d43094b616f",
            "b2cc9a5f36e5054ae512aa624cec84045226415e7690b5ed691e7561a0d26f85",
            "eaa967ef5b378e0c6ad82db519be59a0b40f61010ed794fb468d22938746cc91",
            "ef1a436a13a5b7c17df7b7c850844acddd1f82be0d02eddc56a3a82c6c5c4cf5",
            "bacde7c1d1245f8f24fc67ab4729a8243f4f2fe0194f583951cea0d0b7def578",
            "d9301e660963aca621edd7cabf144a5783e91097494699def1f2f39f9b5e9104",
            "2f75b8f4dc175334d2224879aac2cb09605ea9ba8bd6e40d1daffee7dab83089",
        ],
    ]
    /// The size and root of each fixture.
    static let roots = [
        "seeded": "122:18bec1dbe3ada950a930711ff293209b44a777d1c42e5c947516b3dacf7f7bbe",
        "records": "123:c5e132998268c96fbf84485983f24b8c32f669eff6ea1483c161ecaea4361035",
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

    /// Asks every question of ``answers`` and compares with what the earlier release printed.
    static func expectSameAnswers(_ w: Workspace, fixture: String, _ when: String) throws {
        let expected = try #require(digests[fixture])
        for (arguments, digest) in zip(answers, expected) {
            let result = try w.ik.run(["--store", "old"] + arguments.split(separator: " ").map(String.init))
            #expect(result.status == 0, "\(when), \(arguments): \(result.stderr)")
            #expect(sha256(result.stdout) == digest, "\(fixture) \(when): ik \(arguments) answers otherwise")
        }
        let verified = try w.ik.run(["--store", "old", "verify", "--anchor", try #require(roots[fixture])])
        #expect(verified.status == 0, "\(fixture) \(when): \(verified.stdout) \(verified.stderr)")
    }

    @Test(arguments: ["seeded", "records"])
    func aFormatOneStoreGivesTheSameAnswersReadOnlyAndAfterItsUpgrade(fixture: String) throws {
        let w = try Self.fixture(fixture)
        let before = try w.data("old/data.mdb")
        #expect(try w.ik.run(["--store", "old", "init"]).stdout.contains(", format 1, "))
        try Self.expectSameAnswers(w, fixture: fixture, "read-only")
        #expect(try w.data("old/data.mdb") == before, "a read must not change a store of the first format")
        // A writing command brings it to format 2, all steps at once; every answer stays.
        let snapshot = try w.ik.run(["--store", "old", "snapshot"])
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        #expect(try w.ik.run(["--store", "old", "init"]).stdout.contains(", format 2, "))
        try EventStore(openingAt: w.path + "/old", readOnly: true).read { view throws in
            #expect(try StoreLayout.read(view.transaction, meta: view.databases.meta) == .current)
            #expect(try view.cachedHead() == view.recomputedHead())
        }
        try Self.expectSameAnswers(w, fixture: fixture, "upgraded")
        // And it takes appends in the new layout.
        let appended = try w.ik.run(["--store", "old", "append", "-"], input:
            #"{"type":"ActionTaken","payload":{"actionId":"A-NY","takenOn":"2025-03-01","description":"Ny rutin"}}"#)
        #expect(appended.status == 0, "\(appended.stderr)")
        let verified = try w.ik.run(["--store", "old", "verify", "--anchor", try #require(Self.roots[fixture])])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        let size = try #require(Self.roots[fixture]?.split(separator: ":").first)
        let exported = try w.ik.run(["--store", "old", "export", "log", "--format", "jsonl", "--as-of-seq", String(size)])
        #expect(Self.sha256(exported.stdout) == Self.digests[fixture]?.first)
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
        let first = try census()
        #expect(first.dayKeys == 123 && first.staleLevels > 100 && first.layout == .first, "\(first)")
        // Begun: format 2 and the mark, nothing rewritten yet.
        var store: EventStore? = try EventStore(openingAt: path, options: options)
        #expect(try w.ik.run(["--store", "old", "init"]).stdout.contains("format 2, its upgrade from format 1 under way"))
        try Self.expectSameAnswers(w, fixture: fixture, "upgrade begun")
        // Three steps of 7 entries: both layouts in the indexes.
        #expect(try store?.continueFormatUpgrade(step: 7, maxSteps: 3) == false)
        store = nil
        let half = try census()
        #expect(half.dayKeys == 123 - 21 && half.staleLevels < first.staleLevels && half.layout.upgrading, "\(half)")
        try Self.expectSameAnswers(w, fixture: fixture, "half-way")
        // The next writable open completes it.
        let snapshot = try w.ik.run(["--store", "old", "snapshot"])
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        let done = try census()
        #expect(done.dayKeys == 0 && done.staleLevels == 0 && done.layout == .current, "\(done)")
        try Self.expectSameAnswers(w, fixture: fixture, "completed")
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
