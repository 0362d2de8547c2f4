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

    @Test func aScratchTransactionRunsWhileAnotherThreadHoldsTheWriter() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path, options: EnvironmentOptions(writerWait: 0.2))
        let db = try env.openDatabase(named: "things", create: true)
        let holding = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let writer = Thread {
            try? env.write { txn -> WriteCompletion<Void> in
                try txn.put([1], forKey: [1], in: db)
                holding.signal()
                done.wait()
                return .commit
            }
        }
        writer.start()
        holding.wait()
        #expect(throws: WriterBusy.self) { try env.write { _ in .rollback } }
        let seen = try env.scratch { txn in
            try txn.put([2], forKey: [2], in: db)
            return try txn.copyValue(forKey: [2], in: db)
        }
        #expect(seen == [2])
        done.signal()
        while writer.isExecuting || !writer.isFinished { usleep(1_000) }
        #expect(try env.read { try $0.copyValue(forKey: [2], in: db) } == nil)
        #expect(try env.read { try $0.copyValue(forKey: [1], in: db) } == [1])
    }
}
