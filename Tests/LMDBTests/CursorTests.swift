import Testing

@testable import LMDB

@Suite struct CursorTests {
    func filled() throws -> (TemporaryDirectory, Environment, Database) {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "a", create: true)
        try env.write { txn in
            for key: UInt8 in [10, 20, 30, 40] { try txn.put([key &* 2], forKey: [key], in: db) }
            return .commit
        }
        return (dir, env, db)
    }

    @Test func aCursorWalksKeysInOrderBothWays() throws {
        let (_, env, db) = try filled()
        let (forward, backward) = try env.read { txn throws in
            try txn.withCursor(on: db) { cursor throws in
                var forward: [UInt8] = []
                while let entry = try cursor.next() { forward += entry.key }
                var backward: [UInt8] = []
                var entry = try cursor.last()
                while let current = entry {
                    backward += current.key
                    entry = try cursor.previous()
                }
                return (forward, backward)
            }
        }
        #expect(forward == [10, 20, 30, 40])
        #expect(backward == [40, 30, 20, 10])
    }

    @Test func aCursorOpenedAtAKeyStartsThereAndMapsTheRest() throws {
        let (_, env, db) = try filled()
        let values = try env.read { txn in try txn.withCursor(on: db, from: [15]) { cursor in try cursor.map { Array($0.value) } } }
        #expect(values == [[40], [60], [80]])
        var keys: [UInt8] = []
        try env.read { txn in try txn.withCursor(on: db, from: [41]) { cursor in try cursor.forEach { keys += $0.key } } }
        #expect(keys.isEmpty)
        #expect(try env.read { txn in try txn.lastEntry(before: [30], in: db)?.key } == [20])
        #expect(try env.read { txn in try txn.lastEntry(before: [10], in: db)?.key } == nil)
        #expect(try env.read { txn in try txn.lastEntry(in: db)?.value } == [80])
    }

    @Test func seekFindsTheFirstKeyAtOrAfterTheTarget() throws {
        let (_, env, db) = try filled()
        try env.read { txn throws in
            try txn.withCursor(on: db) { cursor throws in
                let found = try #require(try cursor.seek(atOrAfter: [25]))
                #expect((Array(found.key), Array(found.value)) == ([30], [60]))
                #expect(try cursor.next().map { Array($0.key) } == [40])
                #expect(try cursor.seek(atOrAfter: [41]) == nil)
                #expect(try cursor.seek(exactly: [20]) != nil)
                #expect(try cursor.seek(exactly: [21]) == nil)
                #expect(cursor.current == nil)
                #expect(try cursor.seek(before: [20]).map { Array($0.key) } == [10])
            }
        }
    }

    @Test func aCursorDeletesWhereItStands() throws {
        let (_, env, db) = try filled()
        let following = try env.write { txn in
            .commit(try txn.withCursor(on: db) { cursor throws in
                #expect(try cursor.seek(exactly: [20]) != nil)
                try cursor.deleteCurrent()
                return try cursor.next().map { Array($0.key) }
            })
        }
        #expect(following == [30])
        #expect(try env.read { try $0.statistics(of: db).entries } == 3)
        #expect(try env.read { try $0.contains(key: [20], in: db) } == false)
    }
}
