import Foundation
import Testing

@testable import LMDB

/// A scratch transaction reads and writes as the write transaction does, over a read snapshot, keeps nothing, and
/// never takes the writer.
@Suite struct ScratchTransactionTests {
    /// Runs the same puts, deletes and reads in `txn` and returns what the reads saw.
    static func exercise(_ txn: WriteTransaction, _ db: Database, seed: UInt64) throws -> [String] {
        var state = seed
        func random(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        func key() -> [UInt8] { (0..<(1 + random(3))).map { _ in UInt8(random(6)) } }
        var seen: [String] = []
        func note(_ entry: Entry?) { seen.append(entry.map { "\(Array($0.key))=\(Array($0.value))" } ?? "nil") }
        for step in 0..<400 {
            switch random(9) {
            case 0, 1: try txn.put([UInt8(step & 0xFF)], forKey: key(), in: db)
            case 2:
                do { try txn.put([1], forKey: key(), in: db, flags: .noOverwrite); seen.append("put") } catch let error as LMDBError {
                    seen.append("\(error.code)")
                }
            case 3:
                do { try txn.put([2], forKey: key(), in: db, flags: .append); seen.append("appended") } catch let error as LMDBError {
                    seen.append("\(error.code)")
                }
            case 4: seen.append("\(try txn.delete(key: key(), in: db))")
            case 5: seen.append("\(try txn.copyValue(forKey: key(), in: db) ?? [])")
            case 6:
                let from = key()
                try txn.withCursor(on: db, from: from) { cursor in
                    note(try cursor.next())
                    let second = try cursor.next()
                    note(second)
                    // After a move that found nothing LMDB's cursor stays on the last entry: not asked of a scratch.
                    if second != nil { note(try cursor.previous()) }
                    note(try cursor.seek(before: from))
                    note(try cursor.seek(exactly: from))
                    note(try cursor.last())
                    note(try cursor.previous())
                    note(try cursor.first())
                    note(cursor.current)
                }
            case 7:
                let prefix = key()
                try txn.withCursor(on: db, from: prefix) { cursor in
                    if let entry = try cursor.next(), entry.key.starts(with: prefix) { try cursor.deleteCurrent() }
                    note(try cursor.next())
                }
            default: seen.append("\(try txn.statistics(of: db).entries)")
            }
        }
        try txn.withCursor(on: db) { cursor in while let entry = try cursor.next() { note(entry) } }
        return seen
    }

    @Test func aScratchTransactionSeesWhatTheWriteTransactionWouldAndKeepsNothing() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "things", create: true)
        try env.write { txn in
            for index in 0..<60 { try txn.put([UInt8(index)], forKey: [UInt8(index % 6), UInt8(index / 6)], in: db) }
            return .commit
        }
        let before = try env.read { txn in try txn.withCursor(on: db) { try $0.map { Array($0.key) + Array($0.value) } } }
        for seed: UInt64 in [1, 2, 3, 42, 2026] {
            let written = try env.write { txn in .rollback(try Self.exercise(txn, db, seed: seed)) }
            let scratched = try env.scratch { txn in try Self.exercise(txn, db, seed: seed) }
            #expect(scratched == written, "seed \(seed)")
        }
        let after = try env.read { txn in try txn.withCursor(on: db) { try $0.map { Array($0.key) + Array($0.value) } } }
        #expect(after == before)
    }

    /// Where an overlay most easily differs from LMDB, step by step: a cursor over keys put in the same transaction
    /// (before, between and after the snapshot's, and a longer key after a shorter), a key deleted then put again, a
    /// key put then deleted, `.append` and `.noOverwrite`, entries deleted under a walking cursor, every entry
    /// removed and then some put.
    @Test func theOverlayMergesItsWritesWithTheSnapshotAsLMDBDoes() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "things", create: true)
        try env.write { txn in
            for key: UInt8 in [10, 30, 50, 70] { try txn.put([key], forKey: [key], in: db) }
            return .commit
        }
        func text(_ entry: Entry?) -> String { entry.map { "\(Array($0.key))=\(Array($0.value))" } ?? "nil" }
        func all(_ txn: WriteTransaction) throws -> String {
            try txn.withCursor(on: db) { cursor in try cursor.map { text($0) }.joined(separator: " ") }
        }
        func steps(_ txn: WriteTransaction) throws -> [String] {
            var seen: [String] = []
            for key: UInt8 in [20, 80, 5] { try txn.put([1], forKey: [key], in: db) }
            try txn.put([1], forKey: [30, 0], in: db)
            seen.append("\(try txn.delete(key: [30], in: db))")
            try txn.put([2], forKey: [30], in: db, flags: .noOverwrite)
            seen.append("\(try txn.delete(key: [50], in: db)) \(try txn.delete(key: [50], in: db))")
            try txn.put([3], forKey: [60], in: db)
            seen.append("\(try txn.delete(key: [60], in: db)) \(String(describing: try txn.copyValue(forKey: [60], in: db)))")
            for (key, flags) in [([UInt8(75)], PutFlags.append), ([30], .noOverwrite), ([90], .append)] {
                do {
                    try txn.put([9], forKey: key, in: db, flags: flags)
                    seen.append("put \(key)")
                } catch let error as LMDBError {
                    seen.append("\(key): \(error.code)")
                }
            }
            seen.append("entries \(try txn.statistics(of: db).entries)")
            seen.append(try all(txn))
            try txn.withCursor(on: db, from: [30]) { cursor in
                seen += [text(try cursor.next()), text(try cursor.next()), text(try cursor.previous()),
                         text(try cursor.previous()), text(try cursor.seek(before: [30])), text(try cursor.seek(exactly: [50])),
                         text(try cursor.seek(exactly: [30])), text(cursor.current), text(try cursor.last()),
                         text(try cursor.previous()), text(try cursor.seek(atOrAfter: [31])), text(try cursor.next())]
            }
            try txn.withCursor(on: db, from: [20]) { cursor in
                while let entry = try cursor.next(), entry.key[0] < 75 { try cursor.deleteCurrent() }
                seen.append(text(cursor.current))
            }
            seen.append("entries \(try txn.statistics(of: db).entries): " + (try all(txn)))
            try txn.removeAll(in: db)
            try txn.put([4], forKey: [40], in: db)
            seen.append("entries \(try txn.statistics(of: db).entries): " + (try all(txn))
                + " \(String(describing: try txn.copyValue(forKey: [10], in: db)))")
            return seen
        }
        let written = try env.write { txn in .rollback(try steps(txn)) }
        let scratched = try env.scratch { txn in try steps(txn) }
        #expect(scratched == written)
        #expect(scratched.contains("[5]=[1] [10]=[10] [20]=[1] [30]=[2] [30, 0]=[1] [70]=[70] [80]=[1] [90]=[9]"), "\(scratched)")
        #expect(scratched.last == "entries 1: [40]=[4] nil", "\(scratched)")
        #expect(try env.read { txn in try txn.withCursor(on: db) { try $0.map { text($0) } } }
            == ["[10]=[10]", "[30]=[30]", "[50]=[50]", "[70]=[70]"])
    }

    @Test func aScratchTransactionRunsWhileAnotherThreadHoldsTheWriter() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path, options: EnvironmentOptions(writerWait: 0.2))
        let db = try env.openDatabase(named: "things", create: true)
        let writer = HeldWriter(env, db)
        #expect(throws: WriterBusy.self) { try env.write { _ in .rollback } }
        let seen = try env.scratch { txn in
            try txn.put([2], forKey: [2], in: db)
            return try txn.copyValue(forKey: [2], in: db)
        }
        #expect(seen == [2])
        writer.release()
        #expect(try env.read { try $0.copyValue(forKey: [2], in: db) } == nil)
        #expect(try env.read { try $0.copyValue(forKey: [1], in: db) } == [1])
    }
}
