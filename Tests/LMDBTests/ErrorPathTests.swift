import Foundation
import Testing

@testable import LMDB

@Suite struct ErrorPathTests {
    @Test func openingAMissingDirectoryNamesTheCallAndTheSystemError() {
        let error = #expect(throws: LMDBError.self) {
            _ = try Environment(path: "/nonexistent/ikstore-\(UUID().uuidString)")
        }
        #expect(error?.function == "mdb_env_open")
        #expect(error?.code == .system(ENOENT))
        #expect(error?.description.contains("No such file or directory") == true)
        #expect(error?.hint?.contains("does not exist") == true)
    }

    @Test func aFileThatIsNotLMDBIsInvalid() throws {
        let dir = TemporaryDirectory()
        try Data(repeating: 0x5A, count: 64 * 1024).write(to: URL(fileURLWithPath: dir.path + "/data.mdb"))
        let error = #expect(throws: LMDBError.self) { _ = try Environment(path: dir.path) }
        #expect(error?.code == .invalid)
    }

    @Test func aDatabaseThatDoesNotExistIsNotFound() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let error = #expect(throws: LMDBError.self) { _ = try env.openDatabase(named: "missing") }
        #expect(error?.code == .notFound)
        #expect(error?.function == "mdb_dbi_open")
    }

    @Test func tooManyDatabasesIsDatabasesFull() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path, options: EnvironmentOptions(maxDatabases: 2))
        _ = try env.openDatabase(named: "a", create: true)
        _ = try env.openDatabase(named: "b", create: true)
        let error = #expect(throws: LMDBError.self) { _ = try env.openDatabase(named: "c", create: true) }
        #expect(error?.code == .databasesFull)
    }

    @Test func noOverwriteRefusesAnExistingKey() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "a", create: true)
        try env.write { try $0.put([1], forKey: [1], in: db); return .commit }
        let error = #expect(throws: LMDBError.self) {
            try env.write { try $0.put([2], forKey: [1], in: db, flags: .noOverwrite); return .commit }
        }
        #expect(error?.code == .keyExists)
        #expect(try env.read { try $0.copyValue(forKey: [1], in: db) } == [1])
    }

    @Test func appendingAKeyOutOfOrderIsRefused() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "a", create: true)
        try env.write { try $0.put([1], forKey: [5], in: db, flags: .append); return .commit }
        let error = #expect(throws: LMDBError.self) {
            try env.write { try $0.put([1], forKey: [3], in: db, flags: .append); return .commit }
        }
        #expect(error?.code == .keyExists)
    }

    @Test func anOversizedKeyIsBadValueSize() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "a", create: true)
        let error = #expect(throws: LMDBError.self) {
            try env.write { try $0.put([1], forKey: [UInt8](repeating: 1, count: 600), in: db); return .commit }
        }
        #expect(error?.code == .badValueSize)
    }

    @Test func exhaustedReaderSlotsAreReadersFull() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path, options: EnvironmentOptions(maxReaders: 1))
        let db = try env.openDatabase(named: "a", create: true)
        let error = #expect(throws: LMDBError.self) {
            try env.read { _ in try env.read { try $0.statistics(of: db) } }
        }
        #expect(error?.code == .readersFull)
        #expect(error?.hint?.contains("maxReaders") == true)
    }

    @Test func deletingAMissingKeyReportsFalse() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "a", create: true)
        #expect(try env.write { .commit(try $0.delete(key: [1], in: db)) } == false)
    }
}
