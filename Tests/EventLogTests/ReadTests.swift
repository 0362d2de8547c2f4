import Testing

@testable import EventLog

@Suite struct ReadTests {
    /// Three events recorded on three days, effective on three other days.
    func history() throws -> TemporaryStore {
        let t = try TemporaryStore()
        try t.store.append([draft(effectiveAt: "2024-03-01")], clock: .pinned(at: instant("2024-09-10T08:00:00Z")))
        try t.store.append([draft(stream: "s-2", effectiveAt: "2024-11-20")],
                           clock: .pinned(at: instant("2025-01-15T08:00:00Z")))
        try t.store.append([draft(effectiveAt: "2023-12-31")], clock: .pinned(at: instant("2025-02-11T22:30:00Z")))
        return t
    }

    @Test func asOfASeqOrInstantSeesOnlyWhatWasRecordedThen() throws {
        let t = try history()
        try t.store.read { view throws in
            #expect(try KnowledgePoint.instant(instant("2024-12-31T00:00:00Z")).resolve(in: view) == 1)
            #expect(try KnowledgePoint.instant(instant("2025-01-15T08:00:00Z")).resolve(in: view) == 2)
            #expect(try KnowledgePoint.seq(9).resolve(in: view) == 3)
            #expect(try KnowledgePoint.instant(instant("2000-01-01T00:00:00Z")).resolve(in: view) == 0)
        }
    }

    /// 22:30 UTC on 11 February is 23:30 in Stockholm: still 11 February there.
    @Test func asOfADateMeansTheEndOfThatDayInStockholm() throws {
        let t = try history()
        try t.store.read { view throws in
            #expect(try KnowledgePoint.endOfDay(date("2025-02-10")).resolve(in: view) == 2)
            #expect(try KnowledgePoint.endOfDay(date("2025-02-11")).resolve(in: view) == 3)
        }
    }

    @Test func effectiveDateRangesUseTheIndexAndRespectTheKnowledgePoint() throws {
        let t = try history()
        try t.store.read { view throws in
            #expect(try view.seqs(effectiveIn: Period("2024")!.dates) == [1, 2])
            #expect(try view.seqs(effectiveIn: Period("2024")!.dates, upTo: 1) == [1])
            #expect(try view.seqs(effectiveIn: Period("2023-12")!.dates) == [3])
            #expect(try view.seqs(effectiveIn: Period("2024-H2")!.dates) == [2])
        }
    }

    @Test func streamsReadInVersionOrder() throws {
        let t = try history()
        try t.store.read { view throws in
            #expect(try view.seqs(inStream: "s-1") == [1, 3])
            #expect(try view.seqs(inStream: "s-1", upTo: 2) == [1])
            #expect(try view.streamVersion("s-1") == 2)
            #expect(try view.streamVersion("s-") == 0)
            #expect(try view.streamVersion("s-10") == 0)
        }
    }

    @Test func theCachedRootOfEverySizeEqualsTheRootRecomputedFromTheEnvelopes() throws {
        let t = try TemporaryStore()
        for i in 0..<37 { try t.store.append((0...(i % 3)).map { _ in draft(stream: "s-\(i)") }) }
        try t.store.read { view throws in
            let size = try view.size
            var frontier = MerkleFrontier()
            try view.forEachRawEnvelope(in: 1...size) { seq, bytes throws in
                frontier.push(MerkleHash.leaf(bytes))
                #expect(try view.root(size: seq) == frontier.root)
                return true
            }
            for seq in stride(from: UInt64(1), through: size, by: 7) {
                let proof = try view.inclusionProof(seq: seq, size: size)
                let leaf = try view.transaction.withValue(forKey: StorageKeys.seq(seq), in: view.databases.events) {
                    MerkleHash.leaf($0)
                }!
                #expect(MerkleTree.verifyInclusion(leafHash: leaf, leafIndex: seq - 1, size: size, proof: proof,
                                                   root: try view.root))
            }
        }
    }
}

@Suite struct TimeTests {
    @Test func onlyRealDatesParse() {
        #expect(CalendarDate("2024-02-29") != nil)
        #expect(CalendarDate("2023-02-29") == nil)
        #expect(CalendarDate("2024-13-01") == nil)
        #expect(CalendarDate("2024-1-01") == nil)
        #expect(CalendarDate("20240101") == nil)
    }

    @Test func instantsRoundTripInUTC() {
        #expect(instant("2025-02-11T10:30:00+01:00").description == "2025-02-11T09:30:00Z")
        #expect(instant("2025-02-11T09:30:00.25Z").description == "2025-02-11T09:30:00.250000Z")
        #expect(Instant(rfc3339: "2025-02-11 09:30:00") == nil)
        #expect(Instant(rfc3339: "2025-02-11T24:00:00Z") == nil)
    }

    @Test func stockholmDaysStartAtLocalMidnight() {
        #expect(Stockholm.startOfDay(date("2025-01-15")).description == "2025-01-14T23:00:00Z")
        #expect(Stockholm.startOfDay(date("2025-07-15")).description == "2025-07-14T22:00:00Z")
        #expect(Stockholm.date(at: instant("2025-02-11T23:30:00Z")) == date("2025-02-12"))
    }

    @Test func periodsCoverTheirMonths() {
        #expect(Period("2024-T2")!.dates == date("2024-05-01")...date("2024-08-31"))
        #expect(Period("2024-Q1")!.dates == date("2024-01-01")...date("2024-03-31"))
        #expect(Period("2024-H2")!.dates == date("2024-07-01")...date("2024-12-31"))
        #expect(Period("2024-02")!.dates == date("2024-02-01")...date("2024-02-29"))
        #expect(Period("2024-T4") == nil)
        #expect(Period("24") == nil)
    }
}
