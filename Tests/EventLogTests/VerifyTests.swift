import Foundation
import Testing

@testable import EventLog

@Suite struct VerifyTests {
    func storeWithEvents(_ count: Int = 20) throws -> TemporaryStore {
        let t = try TemporaryStore()
        for i in 0..<count {
            try t.store.append([draft(stream: "s-\(i % 3)", key: "key-\(i)", payload: ["note": .string("event number \(i)")])])
        }
        return t
    }

    /// Opens a fresh handle so that the modified file is read, not LMDB's map of the old one.
    func verify(_ path: String, anchors: [Anchor] = []) throws -> VerificationReport {
        try EventStore(openingAt: path, readOnly: true).verify(anchors: anchors)
    }

    /// Replaces every copy: LMDB keeps stale copies of pages, and only the live one matters.
    func replace(_ needle: String, with replacement: String, in file: String) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: file))
        var found = 0
        while let range = data.range(of: Data(needle.utf8)) {
            data.replaceSubrange(range, with: Data(replacement.utf8))
            found += 1
        }
        #expect(found > 0)
        try data.write(to: URL(fileURLWithPath: file))
    }

    @Test func anUntouchedStoreVerifies() throws {
        let t = try storeWithEvents()
        let root = try t.store.read { try $0.root }
        let report = try t.store.verify(anchors: [Anchor(treeSize: 20, root: root)])
        #expect(report.isIntact)
        #expect(report.root == root)
        #expect(report.anchorsChecked == 1)
    }

    @Test func aByteChangedInAPayloadIsFoundAtItsSeq() throws {
        let t = try storeWithEvents()
        try replace("event number 13", with: "event number 93", in: t.dataFile)
        let report = try verify(t.path)
        #expect(!report.isIntact)
        #expect(report.firstProblem?.seq == 14)
        #expect(report.firstProblem?.check == "payload")
    }

    @Test func aByteChangedInAnEnvelopeIsFoundAtItsSeq() throws {
        let t = try storeWithEvents()
        try replace("\"key-7\"", with: "\"kez-7\"", in: t.dataFile)
        let report = try verify(t.path)
        #expect(report.firstProblem?.seq == 8)
        #expect(report.problems.contains { $0.seq == 8 && $0.check == "merkle" && $0.detail.contains("leaf hash") })
    }

    @Test func anAnchorFromAnotherHistoryFails() throws {
        let t = try storeWithEvents()
        let other = try storeWithEvents(10)
        let foreignRoot = try other.store.read { try $0.root }
        let report = try t.store.verify(anchors: [Anchor(treeSize: 10, root: foreignRoot)])
        #expect(report.problems.map(\.check) == ["anchor"])
        #expect(try t.store.verify(anchors: [Anchor(treeSize: 30, root: foreignRoot)]).problems.first?.detail
            .contains("only 20 events") == true)
    }

    @Test func aStoredCheckpointIsCheckedOnEveryVerify() throws {
        let t = try storeWithEvents()
        let checkpoint = try t.store.checkpoint()
        #expect(checkpoint.treeSize == 20)
        try t.store.append([draft()])
        let report = try t.store.verify()
        #expect(report.isIntact)
        #expect(report.checkpointsChecked == 1)
    }

    @Test func aBackupHasTheSameRootAndVerifies() throws {
        let t = try storeWithEvents()
        let destination = t.path + "-backup"
        defer { try? FileManager.default.removeItem(atPath: destination) }
        let result = try t.store.backup(to: destination)
        #expect(result.treeSize == 20)
        #expect(result.root == (try t.store.read { try $0.root }))
        #expect(try verify(destination).isIntact)
        // The first backup made the destination a store: nothing is written into a store.
        #expect(throws: OutputFileError.self) { try t.store.backup(to: destination) }
    }
}

@Suite struct DraftReaderTests {
    @Test func anObjectAnArrayAndJSONLinesAreAllRead() {
        #expect(DraftReader.read(bytes(#"{"a": 1}"#), source: "-").count == 1)
        let array = DraftReader.read(bytes("[\n{\"a\": 1},\n\n{\"a\": 2}\n]"), source: "f.json")
        #expect(array.map(\.line) == [2, 4])
        let lines = DraftReader.read(bytes("{\"a\": 1}\n\n{\"a\": 2}\n{\"a\": "), source: "f.jsonl")
        #expect(lines.map(\.line) == [1, 3, 4])
        #expect(lines.map(\.location) == ["f.jsonl:1", "f.jsonl:3", "f.jsonl:4"])
        #expect((try? lines[2].value.get()) == nil)
        #expect(DraftReader.read(bytes("  \n "), source: "-").isEmpty)
    }

    @Test func theDecoderListsEveryProblemOfADraft() throws {
        let decoder = DraftDecoder(defaultActor: "me")
        let value = try JSONParser.parse(bytes(#"{"typ": "X", "effectiveAt": "2024-02-30", "payload": 3}"#))
        guard case .failure(let failure) = decoder.decode(value, index: 0) else {
            Issue.record("expected problems")
            return
        }
        #expect(failure.problems.map(\.path) == ["typ", "type", "payload", "effectiveAt"])
    }
}
