import Foundation
import LMDB
import Testing

@testable import EventLog

@Suite struct StreamKeysTests {
    @Test func idsAPersonCannotTellApartHaveOneKey() {
        let key = LookAlike.key("plan-LOOK-1")
        for form in ["plan-look-1", "plan-ＬOOK-1", "plan-LОOK-1", "plan-ＬＯＯＫ－１", "plan-Look-1"] {
            #expect(LookAlike.key(form) == key, "\(form)")
        }
        #expect(LookAlike.key("plan-СООК-1") == LookAlike.key("plan-COOK-1"))  // all Cyrillic
        #expect(LookAlike.key("plan-ΤΑΧΙ") == LookAlike.key("plan-TAXI"))  // all Greek
        for different in ["plan-LOOK-2", "plan-LOOK1", "plan-ЛООК-1", "control-LOOK-1"] {
            #expect(LookAlike.key(different) != key, "\(different)")
        }
    }

    @Test func theFirstWrittenStreamIsFoundByAnyLookAlikeInTheSameBatch() throws {
        let t = try TemporaryStore()
        let found = try t.store.append([draft(stream: "plan-LOOK-1"), draft(stream: "plan-look-1")]) { draft, index, log in
            let first = try log.streamWritten(lookingLike: draft.stream)
            return index == 0 || first == "plan-LOOK-1" ? [] : [DraftProblem(draftIndex: index, path: "stream", rule: "not found: \(first ?? "")")]
        }
        #expect(found.events.count == 2)
        let found2 = try t.store.read { view in
            try ["plan-ＬOOK-1", "plan-look-1", "plan-LOOK-2"].map { try view.streamWritten(lookingLike: $0) }
        }
        #expect(found2 == ["plan-LOOK-1", "plan-LOOK-1", nil])
    }

    /// A store written by an ik without the index, or by an older ik after the index existed: the next append
    /// brings the index up to the log, keeping the first written of two look-alikes.
    @Test func anIndexBehindTheLogIsCaughtUpByTheNextAppend() throws {
        let t = try TemporaryStore()
        try t.store.append([draft(stream: "plan-A"), draft(stream: "plan-a"), draft(stream: "plan-B"), draft(stream: "plan-A")])
        try t.store.write { txn in
            let index = try #require(t.store.databases.streamKeys)
            for stream in ["plan-A", "plan-B"] { _ = try txn.delete(key: StreamKeys.key(of: stream), in: index) }
            _ = try txn.delete(key: StreamKeys.throughKey, in: t.store.databases.meta)
            return .commit
        }
        #expect(try t.store.read { try $0.streamWritten(lookingLike: "plan-b") } == nil)
        try t.store.append([draft(stream: "plan-C")])
        let found = try t.store.read { view in
            try ["plan-b", "plan-A", "plan-c"].map { try view.streamWritten(lookingLike: $0) }
        }
        #expect(found == ["plan-B", "plan-A", "plan-C"])
    }

    /// Found by profiling `ik-bench append-batch`: keyed by SHA-256, 1,000 new streams per append landed on as many
    /// random pages, and two thirds of the bytes an append wrote were rewritten index pages. The index is keyed
    /// by the look-alike key itself, so streams named in sequence sit together (in the order of their keys).
    @Test func streamsNamedInSequenceSitTogetherInTheIndex() throws {
        let t = try TemporaryStore()
        let streams = (1...40).map { "deviation-D-\($0)" }
        try t.store.append(streams.map { draft(stream: $0) })
        let stored = try t.store.read { view in
            try view.transaction.withCursor(on: try #require(t.store.databases.streamKeys)) { cursor in
                var names: [String] = []
                while let entry = try cursor.next() { names.append(String(decoding: entry.value, as: UTF8.self)) }
                return names
            }
        }
        #expect(stored == streams.sorted { Array(LookAlike.key($0).utf8).lexicographicallyPrecedes(Array(LookAlike.key($1).utf8)) })
        let long = String(repeating: "ö", count: 300)  // 600 bytes of look-alike key: a prefix and its SHA-256
        #expect(StreamKeys.key(of: long).count == StreamKeys.Layout.longKeyBytes)
        #expect(StreamKeys.key(of: long) != StreamKeys.key(of: long + "b"))
    }

    /// A store whose index was written keyed by SHA-256 (before the layout changed): read-only it still finds
    /// look-alikes and verifies; the next append builds the index again in today's layout.
    @Test func anIndexOfTheHashedLayoutIsReadAsItIsAndRebuiltByTheNextAppend() throws {
        let t = try TemporaryStore()
        try t.store.append([draft(stream: "plan-A"), draft(stream: "plan-a"), draft(stream: "plan-B")])
        try t.store.write { txn in
            let index = try #require(t.store.databases.streamKeys)
            for stream in ["plan-A", "plan-B"] {
                _ = try txn.delete(key: StreamKeys.key(of: stream), in: index)
                try txn.put(Array(stream.utf8), forKey: StreamKeys.Layout.hashed.key(of: stream), in: index)
            }
            _ = try txn.delete(key: StreamKeys.layoutKey, in: t.store.databases.meta)
            return .commit
        }
        #expect(try t.store.read { try StreamKeys.layout(in: $0.transaction, databases: t.store.databases) } == .hashed)
        #expect(try t.store.read { try $0.streamWritten(lookingLike: "plan-ａ") } == "plan-A")
        #expect(try t.store.verify().isIntact)
        try t.store.append([draft(stream: "plan-C")])
        #expect(try t.store.read { try StreamKeys.layout(in: $0.transaction, databases: t.store.databases) } == .current)
        let found = try t.store.read { view in try ["plan-a", "plan-b", "plan-c"].map { try view.streamWritten(lookingLike: $0) } }
        #expect(found == ["plan-A", "plan-B", "plan-C"])
        #expect(try t.store.verify().isIntact)
    }

    /// Red team 8 (lisu-cherokee-lookalike-ids, greek-cyrillic-lookalike-gaps): whole ids in letters of other
    /// alphabets drawn as Latin ones, and Latin extensions drawn as ASCII letters, were taken as new.
    @Test func idsInLettersOfOtherAlphabetsDrawnAsLatinOnesHaveTheLatinKey() {
        let pairs = [("ꓡꓳꓳꓗ-1", "LOOK-1"), ("ᎪᏴᏟ-1", "ABC-1"), ("ꭺᏼꮯ-1", "abc-1"), ("ϹΑΤ-1", "CAT-1"), ("ϲατ-1", "cat-1"),
                     ("ϜΑΤ-1", "FAT-1"), ("ѴАТ-1", "VAT-1"), ("ѵех-1", "vex-1"), ("һеӏӏо-1", "hello-1"), ("ӀD-1", "ID-1"),
                     ("Ɩink-1", "link-1"), ("ĸey-1", "key-1"), ("ȷam-1", "jam-1"), ("ՕՍՏ-1", "OUS-1"), ("ⲞⲨⲦ-1", "OYT-1"),
                     ("ⵔⵔⵔ-1", "ooo-1"), ("𐌏𐌕-1", "OT-1"), ("ᗷᗅᗪ-1", "BAD-1")]
        for (lookAlike, latin) in pairs {
            #expect(LookAlike.key(lookAlike) == LookAlike.key(latin), "\(lookAlike)")
            #expect(LookAlike.key(lookAlike, table: .first) != LookAlike.key(latin, table: .first), "\(lookAlike)")
        }
        // Letters not drawn as the Latin one in either case stay apart.
        for (other, latin) in [("ЛООК-1", "LOOK-1"), ("ПО-1", "NO-1"), ("ДЖ-1", "DX-1")] {
            #expect(LookAlike.key(other) != LookAlike.key(latin), "\(other)")
        }
        // Red team 9 (lookalike-case-nonlatin): a letter whose other case is drawn as a Latin letter is read as that
        // letter in both cases, so ids that differ only in case have one key (the wider table gave two).
        for (upper, lower) in [("ГОРОД", "город"), ("ΣΟΦΙΑ", "σοφια"), ("Հ1", "հ1"), ("ΓES-1", "YES-1"), ("ГES-1", "rES-1")] {
            #expect(LookAlike.key(upper) == LookAlike.key(lower), "\(upper)")
        }
        #expect(LookAlike.key("ГОРОД", table: .wider) != LookAlike.key("город", table: .wider))
        // What the first table folded, the wider one folds alike.
        for text in ["plan-СООК-1", "plan-ΤΑΧΙ", "ＬOOK", "kalle.m", "Åsa"] {
            #expect(LookAlike.key(text, table: .first) == LookAlike.key(text), "\(text)")
        }
    }

    /// An index of the previous table: read-only it answers with its own table; the next append builds it again
    /// with the wider one, which then finds look-alikes the first missed.
    @Test func anIndexOfTheFirstTableIsRebuiltWithTheWiderOneByTheNextAppend() throws {
        let t = try TemporaryStore()
        try t.store.append([draft(stream: "plan-LOOK-1"), draft(stream: "plan-ꓡꓳꓳꓗ-1")])
        try t.store.write { txn in
            let index = try #require(t.store.databases.streamKeys)
            while try txn.withCursor(on: index, { try $0.next() != nil }) {
                try txn.withCursor(on: index) { cursor in _ = try cursor.next(); try cursor.deleteCurrent() }
            }
            for stream in ["plan-LOOK-1", "plan-ꓡꓳꓳꓗ-1"] {
                try txn.put(Array(stream.utf8), forKey: StreamKeys.Layout.ordered.key(of: stream), in: index)
            }
            try txn.put(StorageKeys.bigEndian(2), forKey: StreamKeys.countKey, in: t.store.databases.meta)
            try txn.put(StorageKeys.bigEndian(StreamKeys.Layout.ordered.rawValue), forKey: StreamKeys.layoutKey,
                        in: t.store.databases.meta)
            return .commit
        }
        #expect(try t.store.read { try $0.streamWritten(lookingLike: "plan-ꓡꓳꓳꓗ-1") } == "plan-ꓡꓳꓳꓗ-1")
        #expect(try t.store.verify().isIntact)
        try t.store.append([draft(stream: "plan-X")])
        #expect(try t.store.read { try StreamKeys.layout(in: $0.transaction, databases: t.store.databases) } == .current)
        #expect(try t.store.read { try $0.streamWritten(lookingLike: "plan-ꓡꓳꓳꓗ-1") } == "plan-LOOK-1")
        #expect(try t.store.verify().isIntact)
    }

    /// A store made before the index existed has no `streamkeys` database: read-only it opens as before;
    /// opened for writing it gets the index.
    @Test func aStoreWithoutTheIndexOpensReadOnlyAndGetsItWhenOpenedForWriting() throws {
        let path = NSTemporaryDirectory() + "ikstore-old-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let environment = try Environment(path: path, options: EventStore.environmentOptions(readOnly: false))
        try environment.write { txn in
            let names = ["events", "payloads", "streams", "effective", "idempotency", "ids", "merkle", "checkpoints",
                         "snapshots", "meta", "redactions"]
            for name in names { _ = try txn.openDatabase(named: name, create: true) }
            let meta = try txn.openDatabase(named: "meta", create: true)
            try txn.put(Array(EventStore.formatVersion.utf8), forKey: Array("formatVersion".utf8), in: meta)
            return .commit
        }
        let reader = try EventStore(openingAt: path, readOnly: true)
        #expect(reader.databases.streamKeys == nil)
        #expect(try reader.read { try $0.streamWritten(lookingLike: "plan-A") } == nil)
        let writer = try EventStore(openingAt: path)
        #expect(writer.databases.streamKeys != nil)
        try writer.append([draft(stream: "plan-A")])
        #expect(try writer.read { try $0.streamWritten(lookingLike: "plan-a") } == "plan-A")
    }
}

/// Found by an attacker: an entry of `streamkeys` deleted with LMDB let a look-alike in, and `verify` said ok.
@Suite struct StreamKeysVerificationTests {
    func tamper(_ t: TemporaryStore, _ change: (WriteTransaction, Database) throws -> Void) throws {
        try t.store.write { txn in
            try change(txn, try #require(t.store.databases.streamKeys))
            return .commit
        }
    }

    func streamKeyProblems(_ t: TemporaryStore) throws -> [String] {
        try t.store.verify().problems.filter { $0.check == "streamkeys" }.map(\.description)
    }

    /// plan-A (seq 1), plan-a (seq 2, a look-alike written before the index forbade it), plan-B (seq 3).
    func store() throws -> TemporaryStore {
        let t = try TemporaryStore()
        try t.store.append([draft(stream: "plan-A"), draft(stream: "plan-a"), draft(stream: "plan-B"), draft(stream: "plan-A")])
        #expect(try t.store.verify().isIntact)
        return t
    }

    @Test func verifyNamesADeletedEntry() throws {
        let t = try store()
        try tamper(t) { txn, index in _ = try txn.delete(key: StreamKeys.key(of: "plan-B"), in: index) }
        #expect(try streamKeyProblems(t) == [
            "seq 3: streamkeys: the look-alike index has no entry for stream plan-B (first written at seq 3): an id that "
                + "only looks like it would be taken for a new one",
        ])
    }

    @Test func verifyNamesAnEntryPointingAtALaterLookAlikeOrAtNoStream() throws {
        let t = try store()
        try tamper(t) { txn, index in try txn.put(bytes("plan-a"), forKey: StreamKeys.key(of: "plan-A"), in: index) }
        #expect(try streamKeyProblems(t) == [
            "seq 1: streamkeys: the look-alike entry of stream plan-A (first written at seq 1) names plan-a instead",
        ])
        try tamper(t) { txn, index in try txn.put(bytes("plan-Z"), forKey: StreamKeys.key(of: "plan-A"), in: index) }
        #expect(try streamKeyProblems(t) == [
            "seq 1: streamkeys: the look-alike entry of stream plan-A (first written at seq 1) names plan-Z instead",
        ])
    }

    @Test func verifyNamesAnEntryNoStreamGives() throws {
        let t = try store()
        try tamper(t) { txn, index in try txn.put(bytes("plan-Q"), forKey: StreamKeys.key(of: "plan-Q"), in: index) }
        #expect(try streamKeyProblems(t) == ["streamkeys: an entry names plan-Q, which is not a stream of the log"])
        try tamper(t) { txn, index in
            _ = try txn.delete(key: StreamKeys.key(of: "plan-Q"), in: index)
            try txn.put(StorageKeys.seq(9), forKey: StreamKeys.throughKey, in: t.store.databases.meta)
        }
        #expect(try streamKeyProblems(t) == [
            "streamkeys: the store says the look-alike index holds every stream up to seq 9, but the log has 4 events",
        ])
    }

    /// The append does not take a missing entry for "no look-alike": the index no longer holds as many entries
    /// as recorded, so it is built again from `streams` before the drafts are checked.
    @Test func anAppendRebuildsAnIndexThatLostAnEntry() throws {
        let t = try store()
        try tamper(t) { txn, index in _ = try txn.delete(key: StreamKeys.key(of: "plan-A"), in: index) }
        let outcome = try t.store.append([draft(stream: "plan-C")]) { draft, index, log in
            let first = try log.streamWritten(lookingLike: "plan-a")
            return first == "plan-A" ? [] : [DraftProblem(draftIndex: index, path: "stream", rule: "found \(first ?? "none")")]
        }
        #expect(outcome.events.count == 1)
        #expect(try t.store.verify().isIntact)
    }

    /// An entry changed to name a stream the log does not have is replaced when the index is caught up.
    @Test func anEntryNamingNoStreamIsReplacedWhenTheIndexIsCaughtUp() throws {
        let t = try store()
        try tamper(t) { txn, index in
            try txn.put(bytes("plan-Z"), forKey: StreamKeys.key(of: "plan-A"), in: index)
            _ = try txn.delete(key: StreamKeys.throughKey, in: t.store.databases.meta)
        }
        try t.store.append([draft(stream: "plan-C")])
        #expect(try t.store.read { try $0.streamWritten(lookingLike: "plan-a") } == "plan-A")
        #expect(try t.store.verify().isIntact)
    }
}
