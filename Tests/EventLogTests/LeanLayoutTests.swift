import Foundation
import LMDB
import Testing

@testable import EventLog

/// The lean layout: what an append writes, and that every cache it keeps is checked by verify.
@Suite struct LeanLayoutTests {
    @Test func theHeadIsCachedInTheAppendsTransactionAndVerifyChecksIt() throws {
        let t = try TemporaryStore()
        for i in 0..<37 { try t.store.append([draft(stream: "s-\(i % 5)")]) }
        let (cached, recomputed) = try t.store.read { view in (try view.cachedHead(), try view.recomputedHead()) }
        #expect(cached == recomputed && cached?.size == 37)
        #expect(try EventStore(openingAt: t.path, readOnly: true).verify().isIntact)
        // A head that says something else is found.
        var wrong = try #require(cached)
        wrong.lastRecordedAt = Instant(microsecondsSinceEpoch: 0)
        try t.store.write { txn in
            try txn.put(wrong.bytes, forKey: LogHead.key, in: t.store.databases.meta)
            return .commit
        }
        let report = try EventStore(openingAt: t.path, readOnly: true).verify()
        #expect(report.problems.map(\.check) == ["head"], "\(report.problems)")
    }

    @Test func onlyLeavesAndEverySixteenthSubtreeAreCachedAndRootsAndProofsStayExact() throws {
        let t = try TemporaryStore()
        var leaves: [MerkleHash] = []
        for i in 0..<70 { try t.store.append([draft(stream: "s-\(i % 4)")]) }
        try t.store.read { view in
            try view.forEachRawEnvelope(in: 1...70) { _, bytes in
                leaves.append(MerkleHash.leaf(bytes))
                return true
            }
            let levels = try view.transaction.withCursor(on: view.databases.merkle) { cursor in
                try cursor.map { Int($0.key[8]) }
            }
            #expect(Set(levels) == [0, 4, 5, 6], "cached levels: \(Set(levels))")
            #expect(levels.count == 70 + 4 + 2 + 1)
            let memory = LeafHashes(leaves)
            for size in [1, 2, 3, 15, 16, 17, 33, 64, 69, 70] as [UInt64] {
                #expect(try view.root(size: size) == MerkleTree.root(size: size, from: memory))
                for seq in [1, size / 2 + 1, size] where seq >= 1 {
                    #expect(try view.inclusionProof(seq: seq, size: size)
                        == MerkleTree.inclusionProof(leafIndex: seq - 1, size: size, from: memory))
                }
                #expect(try view.consistencyProof(oldSize: max(1, size / 3), newSize: size)
                    == MerkleTree.consistencyProof(oldSize: max(1, size / 3), newSize: size, from: memory))
            }
        }
    }

    @Test func periodQueriesReadTheYearBucketsOfTheEffectiveIndex() throws {
        let t = try TemporaryStore()
        let dates = ["2023-12-31", "2024-01-01", "2024-06-30", "2025-02-28", "2024-12-31", "2022-05-05"]
        for date in dates { try t.store.append([draft(effectiveAt: date)]) }
        try t.store.read { view throws in
            #expect(try view.seqs(effectiveIn: CalendarDate("2024-01-01")!...CalendarDate("2024-12-31")!) == [2, 3, 5])
            #expect(try view.seqs(effectiveIn: CalendarDate("2023-06-01")!...CalendarDate("2025-03-01")!, upTo: 4) == [1, 2, 3, 4])
            #expect(try view.seqs(effectiveIn: CalendarDate("2022-05-05")!...CalendarDate("2022-05-05")!) == [6])
        }
    }

    @Test func idsAreVersionSevenAndRiseEvenWhenTheClockDoesNot() throws {
        let t = try TemporaryStore()
        let clock = Clock.pinned(at: Instant(rfc3339: "2025-02-11T09:30:00Z")!)
        let outcome = try t.store.append((0..<300).map { draft(stream: "s-\($0)") }, clock: clock)
        let more = try t.store.append([draft(), draft()], clock: clock)
        let ids = (outcome.events + more.events).map(\.id)
        #expect(ids == ids.sorted() && Set(ids).count == 302)
        #expect(ids.allSatisfy { EventID.timeOrdered($0) != nil })
        // The first 48 bits are the recorded time in milliseconds.
        #expect(ids[0].hasPrefix("0194f458-11c0-7"), "\(ids[0])")
    }
}
