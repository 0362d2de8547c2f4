import Foundation
import Testing

@testable import LMDB

@Suite struct EnvironmentTests {
    @Test func aValueWrittenIsReadBackAfterReopening() throws {
        let dir = TemporaryDirectory()
        do {
            let env = try Environment(path: dir.path)
            let db = try env.openDatabase(named: "things", create: true)
            try env.write { txn in
                try txn.put(Array("value".utf8), forKey: [1, 2, 3], in: db)
                return .commit
            }
        }
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "things")
        let value = try env.read { txn in try txn.copyValue(forKey: [1, 2, 3], in: db) }
        #expect(value == Array("value".utf8))
    }

    @Test func aMissingKeyIsNilNotAnError() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "things", create: true)
        #expect(try env.read { try $0.copyValue(forKey: [9], in: db) } == nil)
        #expect(try env.read { try $0.contains(key: [9], in: db) } == false)
    }

    @Test func aThrowingWriteLeavesNothingBehind() throws {
        struct Stop: Error {}
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "things", create: true)
        #expect(throws: Stop.self) {
            try env.write { txn -> WriteCompletion<Void> in
                try txn.put([1], forKey: [1], in: db)
                throw Stop()
            }
        }
        #expect(try env.read { try $0.statistics(of: db).entries } == 0)
    }

    @Test func aReadOnlyEnvironmentReadsButRefusesWrites() throws {
        let dir = TemporaryDirectory()
        do {
            let env = try Environment(path: dir.path)
            let db = try env.openDatabase(named: "things", create: true)
            try env.write { txn in
                try txn.put([7], forKey: [1], in: db)
                return .commit
            }
        }
        let env = try Environment(path: dir.path, options: EnvironmentOptions(readOnly: true))
        let db = try env.openDatabase(named: "things")
        #expect(try env.read { try $0.copyValue(forKey: [1], in: db) } == [7])
        let error = #expect(throws: LMDBError.self) {
            try env.write { txn in
                try txn.put([8], forKey: [2], in: db)
                return .commit
            }
        }
        #expect(error?.code == .system(EACCES))
        #expect(error?.function == "mdb_txn_begin")
    }

    @Test func aRollbackLeavesNothingAndReturnsItsValue() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "things", create: true)
        let seen = try env.write { txn in
            try txn.put([1], forKey: [1], in: db)
            return .rollback(try txn.statistics(of: db).entries)
        }
        #expect(seen == 1)
        #expect(try env.read { try $0.statistics(of: db).entries } == 0)
    }

    @Test func aFullMapAbortsGrowsAndLeavesTheRetryToTheCaller() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path, options: EnvironmentOptions(mapSize: 64 * 1024))
        let db = try env.openDatabase(named: "things", create: true)
        let before = env.currentMapSize
        let value = [UInt8](repeating: 0xAB, count: 1000)
        var runs = 0
        let fill = {
            try env.write { txn in
                runs += 1
                for i in 0..<2000 { try txn.put(value, forKey: withUnsafeBytes(of: UInt32(i).bigEndian, Array.init), in: db) }
                return .commit
            }
        }
        let error = #expect(throws: LMDBError.self) { try fill() }
        #expect(error?.code == .mapFull)
        #expect(error?.mapGrownTo == env.currentMapSize)
        #expect(env.currentMapSize > before)
        #expect(runs == 1, "write must not run the closure again by itself")
        #expect(try env.read { try $0.statistics(of: db).entries } == 0)
        // The caller decides: this closure can run again, so it asks for that.
        try env.runAgainWhenMapGrown(fill)
        #expect(try env.read { try $0.statistics(of: db).entries } == 2000)
        #expect(try env.read { try $0.copyValue(forKey: withUnsafeBytes(of: UInt32(1999).bigEndian, Array.init), in: db) } == value)
    }

    @Test func growthStopsAtTheLargestMapSizeWithMapFull() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path, options: EnvironmentOptions(mapSize: 64 * 1024, maxMapSize: 256 * 1024))
        let db = try env.openDatabase(named: "things", create: true)
        let value = [UInt8](repeating: 1, count: 4000)
        let error = #expect(throws: LMDBError.self) {
            try env.runAgainWhenMapGrown {
                try env.write { txn in
                    for i in 0..<1000 { try txn.put(value, forKey: withUnsafeBytes(of: UInt32(i).bigEndian, Array.init), in: db) }
                    return .commit
                }
            }
        }
        #expect(error?.code == .mapFull)
        #expect(error?.description.contains("largest map size") == true)
        #expect(try env.read { try $0.statistics(of: db).entries } == 0)
    }

    @Test func aWriterWaitsABoundedTimeAndNamesTheHolder() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path, options: EnvironmentOptions(writerWait: 0.3))
        let db = try env.openDatabase(named: "things", create: true)
        let writer = HeldWriter(env, db)
        let started = Date()
        let busy = #expect(throws: WriterBusy.self) {
            try env.write { txn in
                try txn.put([2], forKey: [2], in: db)
                return .commit
            }
        }
        let waited = Date().timeIntervalSince(started)
        writer.release()
        #expect(waited >= 0.25 && waited < 5, "waited \(waited) s")
        #expect(busy?.holderPID == getpid())
        #expect(busy?.description.contains("process \(getpid())") == true)
        #expect(try env.read { try $0.copyValue(forKey: [2], in: db) } == nil)
        // Once the holder is done, the lock is free again.
        try env.write { txn in
            try txn.put([2], forKey: [2], in: db)
            return .commit
        }
        #expect(try env.read { try $0.copyValue(forKey: [2], in: db) } == [2])
    }

    @Test func libraryVersionNamesLMDB() {
        #expect(Environment.libraryVersion.hasPrefix("LMDB 0.9"))
    }
}
