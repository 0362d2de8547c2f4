import Foundation
import Testing

@testable import EventLog

@Suite struct VisibleTextTests {
    @Test(arguments: [
        ("mas\u{1B}[2K\u{1B}[1A", false, #"mas\u{1B}[2K\u{1B}[1A"#), ("a\u{0}b", false, #"a\u{0}b"#),
        ("rad 1\nrad 2\tx", false, #"rad 1\u{A}rad 2\u{9}x"#), ("rad 1\nrad 2\tx", true, "rad 1\nrad 2\tx"),
        ("\r\u{7F}\u{9B}", true, #"\u{D}\u{7F}\u{9B}"#), ("abc\u{202E}fdp.exe", false, #"abc\u{202E}fdp.exe"#),
        ("\u{2066}x\u{2069}\u{200F}\u{2028}", false, #"\u{2066}x\u{2069}\u{200F}\u{2028}"#),
        ("Läkemedels\u{AD}hantering, 1 212 kr – åäö", false, "Läkemedels\u{AD}hantering, 1 212 kr – åäö"),
    ])
    func whatATerminalWouldObeyIsShownAsAnEscape(text: String, keepingLineBreaks: Bool, shown: String) {
        let escaped = VisibleText.escaped(text, keepingLineBreaks: keepingLineBreaks)
        #expect(escaped == shown)
        #expect(VisibleText.escaped(escaped, keepingLineBreaks: keepingLineBreaks) == escaped)
    }

    @Test func prettyJSONEscapesWhatCanonicalJSONLeavesAndStaysValid() throws {
        let value: JSONValue = ["actor": "m\u{1B}[2K\u{7F}\u{9B}\u{202E}\u{1F600}"]
        let pretty = value.prettyPrinted()
        #expect(pretty == "{\n  \"actor\": \"m\\u001b[2K\\u007f\\u009b\\u202e\u{1F600}\"\n}")
        #expect(try JSONParser.parse(Array(pretty.utf8)) == value)
        #expect(DraftDecoder.show(value) == #"{"actor":"m\u001b[2K\u{7F}\u{9B}\u{202E}😀"}"#)
    }

    /// Text that goes into the envelope: it can never be redacted or corrected, and `ik log` prints it.
    @Test(arguments: ["\u{0}", "\n", "\u{1B}[2K", "\u{7F}", "\u{9B}", "\u{202E}", "\u{200B}", "\u{2028}", "\u{FEFF}",
                      "\u{3164}", "\u{FFA0}", "\u{115F}", "\u{034F}", "\u{FE00}", "\u{E0041}"])
    func controlAndInvisibleCharactersAreRefusedInTheEnvelope(character: String) throws {
        let t = try TemporaryStore()
        try t.store.append([draft()])
        let before = try Data(contentsOf: URL(fileURLWithPath: t.dataFile))
        var bad = draft(stream: "s-2" + character, key: "k" + character)
        bad.actor = "mas" + character
        bad.type = "Noted" + character
        let error = #expect(throws: StoreError.self) { try t.store.append([bad]) }
        guard case .rejected(let problems)? = error else {
            Issue.record("expected a rejection")
            return
        }
        #expect(problems.map(\.path) == ["type", "stream", "actor", "idempotencyKey"])
        let position = "U+" + VisibleText.hex(character.unicodeScalars.first!.value, minimumDigits: 4)
        #expect(problems.allSatisfy { $0.rule.contains("holds an invisible or control character (\(position) at character") })
        #expect(problems.allSatisfy { !$0.description.unicodeScalars.contains(where: VisibleText.isForbiddenInIdentifier) })
        #expect(try Data(contentsOf: URL(fileURLWithPath: t.dataFile)) == before)
    }

    /// Red team 8 (blank-actor-and-key): characters with no agreed drawing are refused like invisible ones, and a
    /// field that shows nothing (only spaces, or a combining mark with nothing to sit on) is refused.
    @Test(arguments: [0xFFFF, 0xFDD0, 0xE000, 0xF0000, 0x0378, 0x2800, 0x1D159] as [UInt32])
    func charactersWithNoAgreedDrawingAreRefusedInTheEnvelope(value: UInt32) throws {
        let character = String(try #require(Unicode.Scalar(value)))
        let t = try TemporaryStore()
        var bad = draft(key: "k" + character)
        bad.actor = "mas" + character
        let error = #expect(throws: StoreError.self) { try t.store.append([bad]) }
        guard case .rejected(let problems)? = error else { return }
        #expect(problems.map(\.path) == ["actor", "idempotencyKey"])
        #expect(problems.allSatisfy { $0.rule.contains("holds an invisible or control character") }, "\(problems)")
        #expect(try t.store.read { try $0.size } == 0)
    }

    @Test(arguments: [" ", "   ", "\u{3000}", "\u{00A0}", "\u{0301}", "\u{0301}a", "\u{20DD}"])
    func anEnvelopeFieldThatShowsNothingIsRefused(text: String) throws {
        let t = try TemporaryStore()
        var bad = draft(key: text)
        bad.actor = text
        let error = #expect(throws: StoreError.self) { try t.store.append([bad]) }
        guard case .rejected(let problems)? = error else { return }
        #expect(problems.map(\.path) == ["actor", "idempotencyKey"])
        #expect(problems.allSatisfy { $0.rule.contains("shows nothing a reader can tell by") }, "\(problems)")
        #expect(try t.store.read { try $0.size } == 0)
        // Spaces inside a name, and accents on a letter, are fine.
        var fine = draft(key: "k 1")
        fine.actor = "Åsa Öberg josé\u{301}"
        #expect(try t.store.append([fine]).writtenCount == 1)
    }

    /// Red team 9 (verify-and-replica-accept-forbidden-envelope-text): an actor the append refuses, written into the
    /// file with LMDB and its hashes made again, verified. `verify` reads the envelope's text by the append's rules.
    @Test(arguments: ["mas\u{202E}x", "mas\u{1B}[2K", " ", "\u{301}mas"])
    func verifyNamesAnEnvelopeHoldingTextTheAppendRefuses(actor: String) throws {
        let t = try TemporaryStore()
        try t.store.append([draft(), draft(stream: "s-2", key: "k-2")])
        try t.store.write { txn in
            let view = LogView(transaction: txn, databases: t.store.databases)
            let first = try #require(try view.envelope(at: 1))
            let edited = Envelope(seq: 1, id: first.id, type: first.type, schemaVersion: first.schemaVersion,
                                  stream: first.stream, streamVersion: first.streamVersion, recordedAt: first.recordedAt,
                                  effectiveAt: first.effectiveAt, actor: actor, idempotencyKey: first.idempotencyKey,
                                  payloadDigest: first.payloadDigest, pinnedClock: first.pinnedClock, via: first.via)
            try txn.put(edited.canonicalBytes, forKey: StorageKeys.seq(1), in: t.store.databases.events)
            return .commit
        }
        let problems = try t.store.verify().problems.filter { $0.check == "envelope text" }
        #expect(problems.map(\.seq) == [1], "\(problems)")
        #expect(problems.first?.detail.hasPrefix("actor: ") == true, "\(problems)")
        #expect(problems.allSatisfy { !$0.detail.unicodeScalars.contains(where: VisibleText.isForbiddenInIdentifier) })
    }

    /// Plain ASCII, which the append passes on one read of its bytes, is held to the same length.
    @Test(arguments: [(String(repeating: "å", count: 129), 258), (String(repeating: "a", count: 257), 257)])
    func anEnvelopeFieldIsAtMost256Bytes(actor: String, bytes: Int) throws {
        let t = try TemporaryStore()
        var long = draft()
        long.actor = actor
        let error = #expect(throws: StoreError.self) { try t.store.append([long]) }
        guard case .rejected(let problems)? = error else { return }
        #expect(problems.map(\.description) == ["actor: \(bytes) bytes — an actor is 1 to 256 bytes"])
        #expect(try t.store.read { try $0.size } == 0)
        var longest = draft()
        longest.actor = String(repeating: "a", count: 256)
        #expect(try t.store.append([longest]).writtenCount == 1)
    }
}
