import Foundation
import Testing

@testable import LMDB

@Suite struct EnvironmentTests {
    @Test func aValueWrittenIsReadBackAfterReopening() throws {
        let dir = TemporaryDirectory()
        do {
            let env = try Environment(path: dir.path)
            let db = try env.openDatabase(named: "things", create: true)
            try env.write { txn in try txn.put(Array("value".utf8), forKey: [1, 2, 3], in: db) }
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
            try env.write { txn in
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
            try env.write { txn in try txn.put([7], forKey: [1], in: db) }
        }
        let env = try Environment(path: dir.path, options: EnvironmentOptions(readOnly: true))
        let db = try env.openDatabase(named: "things")
        #expect(try env.read { try $0.copyValue(forKey: [1], in: db) } == [7])
        let error = #expect(throws: LMDBError.self) { try env.write { txn in try txn.put([8], forKey: [2], in: db) } }
        #expect(error?.code == .system(EACCES))
        #expect(error?.function == "mdb_txn_begin")
    }

    @Test func theMapGrowsFromATinySizeWithoutTheCallerNoticing() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path, options: EnvironmentOptions(mapSize: 64 * 1024))
        let db = try env.openDatabase(named: "things", create: true)
        let before = env.currentMapSize
        let value = [UInt8](repeating: 0xAB, count: 1000)
        // One large transaction and many small ones both have to outgrow the map.
        try env.write { txn in
            for i in 0..<2000 { try txn.put(value, forKey: withUnsafeBytes(of: UInt32(i).bigEndian, Array.init), in: db) }
        }
        for i in 2000..<2500 {
            try env.write { txn in
                try txn.put(value, forKey: withUnsafeBytes(of: UInt32(i).bigEndian, Array.init), in: db)
            }
        }
        #expect(env.currentMapSize > before)
        #expect(try env.read { try $0.statistics(of: db).entries } == 2500)
        #expect(try env.read { try $0.copyValue(forKey: withUnsafeBytes(of: UInt32(1999).bigEndian, Array.init), in: db) } == value)
    }

    @Test func growthStopsAtTheLargestMapSizeWithMapFull() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path, options: EnvironmentOptions(mapSize: 64 * 1024, maxMapSize: 256 * 1024))
        let db = try env.openDatabase(named: "things", create: true)
        let value = [UInt8](repeating: 1, count: 4000)
        let error = #expect(throws: LMDBError.self) {
            try env.write { txn in
                for i in 0..<1000 { try txn.put(value, forKey: withUnsafeBytes(of: UInt32(i).bigEndian, Array.init), in: db) }
            }
        }
        #expect(error?.code == .mapFull)
        #expect(error?.description.contains("largest map size") == true)
        #expect(try env.read { try $0.statistics(of: db).entries } == 0)
    }

    @Test func libraryVersionNamesLMDB() {
        #expect(Environment.libraryVersion.hasPrefix("LMDB 0.9"))
    }
}
