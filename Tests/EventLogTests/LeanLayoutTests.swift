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

    @Test func anIdAfterALaterOneStepsAboveItAndReadsBackAsItsBits() throws {
        // The store's last id from a clock far ahead: new ids step above it, whatever their own time says.
        let ahead = try #require(EventID.timeOrdered("7fffffff-ffff-7fff-bfff-ffff00000000"))
        var ids = EventIDGenerator(after: ahead)
        var last = EventIDGenerator.unpack(ahead)
        for _ in 0..<2_000 {
            let id = ids.timeOrdered(at: Instant(microsecondsSinceEpoch: 1_700_000_000_000_000))
            let bytes = try #require(EventID.timeOrdered(id), "\(id)")
            let bits = EventIDGenerator.unpack(bytes)
            // Above the last by a step of 1...2^32 (carried into the high bits when the low ones overflow).
            let step = bits.low &- last.low
            #expect(bits > last && (1...(1 << 32)).contains(step), "\(id) after \(last)")
            let words = EventIDGenerator.fields(high: bits.high, low: bits.low)
            #expect(withUnsafeBytes(of: words) { Array($0) } == bytes)
            last = bits
        }
        // On a clock that moves, an id is its millisecond and random bits, in the text's usual form.
        var fresh = EventIDGenerator()
        let id = fresh.timeOrdered(at: Instant(rfc3339: "2025-02-11T09:30:00.123Z")!)
        #expect(id.range(of: #"^0194f458-123b-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"#, options: .regularExpression)
            != nil, "\(id)")
    }

    /// Red team 8 (id-wraps-below-earlier): a head whose last id was set to the top of the id space made the next
    /// id wrap below every earlier one, and the append wrote a head that hid the edit.
    @Test func aHeadEditedBehindTheLogsBackDoesNotLeadIdsDownOrTimesAstray() throws {
        let t = try TemporaryStore()
        let clock = Clock.pinned(at: Instant(rfc3339: "2025-02-11T09:30:00Z")!)
        try t.store.append([draft(stream: "s-1")], clock: clock)
        var head = try #require(try t.store.read { try $0.cachedHead() })
        head.lastID = [UInt8](repeating: 0xFF, count: 16)
        head.lastRecordedAt = Instant(rfc3339: "2025-02-11T09:00:00Z")
        try t.store.write { txn in
            try txn.put(head.bytes, forKey: LogHead.key, in: t.store.databases.meta)
            return .commit
        }
        try t.store.append([draft(stream: "s-2"), draft(stream: "s-3")], clock: clock)
        let ids = try t.store.read { view in try (1...3).map { try #require(try view.envelope(at: $0)).id } }
        #expect(ids == ids.sorted(), "\(ids)")
        #expect(ids.allSatisfy { $0.hasPrefix("0194f458-11c0-7") }, "\(ids)")
        #expect(try t.store.verify().problems.isEmpty)
    }

    @Test func verifyNamesAnIdThatIsNotAboveTheOneBefore() throws {
        let t = try TemporaryStore()
        try t.store.append([draft(stream: "s-1"), draft(stream: "s-2")])
        // Event 2 rewritten with an id below event 1's (its index entry moved with it).
        try t.store.write { txn in
            let view = LogView(transaction: txn, databases: t.store.databases)
            let second = try #require(try view.envelope(at: 2))
            let lower = "00000000-0000-7000-8000-000000000000"
            let moved = Envelope(seq: 2, id: lower, type: second.type, schemaVersion: second.schemaVersion,
                                 stream: second.stream, streamVersion: second.streamVersion, recordedAt: second.recordedAt,
                                 effectiveAt: second.effectiveAt, actor: second.actor, idempotencyKey: second.idempotencyKey,
                                 payloadDigest: second.payloadDigest, pinnedClock: second.pinnedClock, via: second.via)
            try txn.put(moved.canonicalBytes, forKey: StorageKeys.seq(2), in: t.store.databases.events)
            _ = try txn.delete(key: Array(second.id.utf8), in: t.store.databases.ids)
            try txn.put(StorageKeys.seq(2), forKey: Array(lower.utf8), in: t.store.databases.ids)
            return .commit
        }
        let problems = try t.store.verify().problems.filter { $0.check == "ids" }
        #expect(problems.map(\.seq) == [2], "\(problems)")
        #expect(problems.first?.detail.contains("is not above the id of seq 1") == true)
    }

    @Test func theLookAlikeIndexCountsItsKeysOncePerAppendAndVerifyAgrees() throws {
        let t = try TemporaryStore()
        // New streams, a look-alike of one of them (no new key), and more versions of old ones, in batches.
        try t.store.append((0..<40).map { draft(stream: "s-\($0)") })
        try t.store.append([draft(stream: "S-3"), draft(stream: "s-3"), draft(stream: "t-1"), draft(stream: "s-40")])
        try t.store.read { view in
            let count = try StreamKeys.number(forKey: StreamKeys.countKey, txn: view.transaction, databases: view.databases)
            let entries = try view.transaction.statistics(of: try #require(view.databases.streamKeys)).entries
            #expect(count == 42 && entries == 42, "count \(String(describing: count)), entries \(entries)")
        }
        #expect(try EventStore(openingAt: t.path, readOnly: true).verify().isIntact)
    }
}
