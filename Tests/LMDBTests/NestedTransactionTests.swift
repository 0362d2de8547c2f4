import Foundation
import Testing

@testable import LMDB

/// Nested (child) write transactions: each is all or nothing inside its parent, and nothing is durable before the
/// parent commits.
@Suite struct NestedTransactionTests {
    struct Stop: Error {}

    @Test func aChildRolledBackOrThrowingLeavesItsParentAsItWasAndACommittedOneLands() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "things", create: true)
        try env.write { txn in
            try txn.put([1], forKey: [1], in: db)
            try txn.nested { child in
                try child.put([2], forKey: [2], in: db)
                #expect(try child.copyValue(forKey: [1], in: db) == [1])
                return .commit
            }
            try txn.nested { child in
                try child.put([3], forKey: [3], in: db)
                try child.put([9], forKey: [1], in: db)
                return .rollback
            }
            #expect(throws: Stop.self) {
                try txn.nested { child -> WriteCompletion<Void> in
                    try child.put([4], forKey: [4], in: db)
                    throw Stop()
                }
            }
            #expect(try txn.copyValue(forKey: [1], in: db) == [1])
            #expect(try txn.copyValue(forKey: [3], in: db) == nil)
            return .commit
        }
        let values = try env.read { txn in try [1, 2, 3, 4].map { try txn.copyValue(forKey: [UInt8($0)], in: db) } }
        #expect(values == [[1], [2], nil, nil])
    }

    @Test func aCommittedChildOfAParentRolledBackIsNotWritten() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "things", create: true)
        try env.write { txn in
            try txn.nested { child in
                try child.put([2], forKey: [2], in: db)
                return .commit
            }
            return .rollback
        }
        #expect(try env.read { try $0.copyValue(forKey: [2], in: db) } == nil)
    }
}
