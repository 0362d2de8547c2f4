import Testing

@testable import LMDB

@Suite struct CursorTests {
    func filled() throws -> (TemporaryDirectory, Environment, Database) {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "a", create: true)
        try env.write { txn in
            for key: UInt8 in [10, 20, 30, 40] { try txn.put([key &* 2], forKey: [key], in: db) }
        }
        return (dir, env, db)
    }

    @Test func aCursorWalksKeysInOrderBothWays() throws {
        let (_, env, db) = try filled()
        let (forward, backward) = try env.read { txn throws in
            try txn.withCursor(on: db) { cursor throws in
                var forward: [UInt8] = []
                var moved = try cursor.first()
                while moved {
                    forward += try cursor.copyKey()
                    moved = try cursor.next()
                }
                var backward: [UInt8] = []
                moved = try cursor.last()
                while moved {
                    backward += try cursor.copyKey()
                    moved = try cursor.previous()
                }
                return (forward, backward)
            }
        }
        #expect(forward == [10, 20, 30, 40])
        #expect(backward == [40, 30, 20, 10])
    }

    @Test func seekFindsTheFirstKeyAtOrAfterTheTarget() throws {
        let (_, env, db) = try filled()
        try env.read { txn throws in
            try txn.withCursor(on: db) { cursor throws in
                #expect(try cursor.seek(atOrAfter: [25]))
                #expect(try cursor.withCurrent { key, value in (Array(key), Array(value)) } == ([30], [60]))
                #expect(try cursor.seek(atOrAfter: [41]) == false)
                #expect(try cursor.seek(exactly: [20]))
                #expect(try cursor.seek(exactly: [21]) == false)
                #expect(throws: LMDBError.self) { try cursor.copyKey() }
            }
        }
    }

    @Test func aCursorDeletesWhereItStands() throws {
        let (_, env, db) = try filled()
        try env.write { txn in
            try txn.withCursor(on: db) { cursor throws in
                #expect(try cursor.seek(exactly: [20]))
                try cursor.deleteCurrent()
            }
        }
        #expect(try env.read { try $0.statistics(of: db).entries } == 3)
        #expect(try env.read { try $0.contains(key: [20], in: db) } == false)
    }
}
