import EventLog
import Foundation
import Testing

@testable import InternalControl

/// The repository root, found from this file so tests read the committed Schemas/ and seeds.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

@Suite struct SchemaTests {
    @Test func theCommittedSchemasAreExactlyWhatTheCatalogueGenerates() throws {
        for (path, schema) in JSONSchemaWriter.all() {
            let file = repositoryRoot + "/Schemas/" + path
            let committed = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
            #expect(committed == schema.prettyPrinted() + "\n", "\(path) is stale: run `ik schemas --out Schemas --force`")
        }
    }
}

@Suite struct SeedTests {
    let seeds = repositoryRoot + "/Sources/ik/Seeds"

    func seededStore() throws -> (String, EventStore) {
        let path = NSTemporaryDirectory() + "ik-seed-" + UUID().uuidString
        let store = try EventStore.create(at: path, forTests: true)
        try SeedScenario.replay(try SeedScenario.loadAll(in: seeds), into: store)
        return (path, store)
    }

    @Test func everySeedAppendsCleanlyAloneAndAllTogether() throws {
        let all = try SeedScenario.loadAll(in: seeds)
        #expect(all.map(\.source) == ["001_6f9e667350ab3c6d.txt", "002_7e3bc26c08bc4d44.txt", "004_29a3eac3451737ca.txt"])
        for scenario in all {
            let path = NSTemporaryDirectory() + "ik-seed-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: path) }
            let store = try EventStore.create(at: path, forTests: true)
            let written = try SeedScenario.replay([scenario], into: store)
            #expect(written == scenario.batches.reduce(0) { $0 + $1.drafts.count })
            #expect(try store.verify().isIntact)
        }
        let (path, store) = try seededStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try store.read { try $0.size } == 122)
    }

    /// The counts of a performance as the log holds them at `asOf`, corrections applied.
    func counts(_ performanceId: String, in store: EventStore, asOf: KnowledgePoint = .now) throws -> (Int64, Int64)? {
        try store.read { view in
            let upTo = try asOf.resolve(in: view)
            var counts: (Int64, Int64)?
            var targetID: String?
            try view.forEachEvent(in: 1...max(upTo, 1)) { event in
                guard event.envelope.seq <= upTo, let payload = event.payload else { return true }
                if payload["performanceId"]?.stringValue == performanceId {
                    targetID = event.envelope.id
                    counts = (payload["examined"]?.integerValue ?? -1, payload["deviating"]?.integerValue ?? -1)
                }
                if event.envelope.type == "EventCorrected", payload["targetId"]?.stringValue == targetID,
                    let replacement = payload["payload"]
                {
                    counts = (replacement["examined"]?.integerValue ?? -1, replacement["deviating"]?.integerValue ?? -1)
                }
                return true
            }
            return counts
        }
    }

    @Test func theSeedFiguresAreInTheLogAndKnowledgeGrows() throws {
        let (path, store) = try seededStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try counts("SN-2024-LAK-HELAR", in: store)! == (121, 29))
        #expect(try counts("SN-2024-SEK-DELAR", in: store)! == (50, 23))
        #expect(try counts("SN-2024-SEK-HOST", in: store)! == (34, 17))
        #expect(try counts("SN-2024-SEK-HOST", in: store, asOf: .endOfDay(CalendarDate("2025-02-06")!))! == (34, 16))
        #expect(try counts("SN-2024-LAK-HELAR", in: store, asOf: .endOfDay(CalendarDate("2024-12-31")!)) == nil)
        #expect(try counts("SOC-2022-EKB-HP-VAR", in: store)! == (163, 83))
        #expect(try counts("SOC-2022-DOK-GP", in: store)! == (58, 11))
        #expect(try counts("SDF-2013-ARB-2014", in: store)! == (73, 43))
    }
}
