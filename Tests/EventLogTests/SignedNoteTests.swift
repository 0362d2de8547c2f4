import Foundation
import Testing

@testable import EventLog

/// Signed notes, checkpoints and cosignatures against the C2SP specifications' own examples and vectors
/// (c2sp.org/signed-note, tlog-checkpoint, tlog-cosignature), and the Go reference package's vector.
@Suite struct SignedNoteTests {
    /// signed-note's "Example": this vkey verifies this note.
    static let specKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
    static let specNote = """
        This is an example message.

        \u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=

        """

    @Test func theSpecificationsExampleNoteVerifiesWithItsKey() throws {
        let key = try NoteVerifierKey(vkey: Self.specKey)
        #expect(key.name == "example.com/foo")
        #expect(String(format: "%08x", key.keyID) == "530d903a")
        #expect(key.vkey == Self.specKey)
        let note = try SignedNote(parsing: Self.specNote)
        #expect(note.text == "This is an example message.\n")
        #expect(try note.verifiedSigners(among: [key]) == [key])
        #expect(note.rendered == Self.specNote)
    }

    @Test func aChangedTextOrSignatureIsRefused() throws {
        let key = try NoteVerifierKey(vkey: Self.specKey)
        let edited = try SignedNote(parsing: Self.specNote.replacingOccurrences(of: "example message", with: "exemple message"))
        #expect(throws: NoteError.self) { try edited.verifiedSigners(among: [key]) }
        let flipped = try SignedNote(parsing: Self.specNote.replacingOccurrences(of: "Uw2QOkn8", with: "Uw2QOkn9"))
        #expect(throws: NoteError.self) { try flipped.verifiedSigners(among: [key]) }
    }

    @Test func signaturesOfUnknownKeysAreIgnoredButNoneAtAllIsRefused() throws {
        let key = try NoteVerifierKey(vkey: Self.specKey)
        let other = try NoteSigningKey(name: "example.com/foo", type: .ed25519, seed: [UInt8](repeating: 7, count: 32))
        // Same name, another id: ignored, the known key's signature still verifies.
        var note = try SignedNote(parsing: Self.specNote)
        note.signatures.append(NoteSignature(keyName: "example.com/foo", keyID: other.verifier.keyID,
                                             signature: [UInt8](repeating: 0, count: 64)))
        #expect(try note.verifiedSigners(among: [key]) == [key])
        #expect(throws: NoteError.self) { try note.verifiedSigners(among: [other.verifier]) }
        note.signatures.removeFirst()
        #expect(throws: NoteError.self) { try note.verifiedSigners(among: [key]) }
    }

    /// golang.org/x/mod/sumdb/note's test key: Ed25519 is deterministic, so signing the same text with the same
    /// seed must give the same signature line as the Go package.
    @Test func signingMatchesTheGoReferenceVector() throws {
        let skey = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
        let seed = Array(try #require(Data(base64Encoded: skey)).dropFirst())
        let key = try NoteSigningKey(name: "PeterNeumann", type: .ed25519, seed: seed)
        #expect(key.verifier.vkey == "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
        let signature = try key.signature(for: Array(text.utf8))
        let line = NoteSignature(keyName: key.verifier.name, keyID: key.verifier.keyID, signature: signature).line
        #expect(line == "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=")
    }

    @Test func malformedNotesAreRefusedWithTheRule() {
        for bad in [
            "no final newline", "text\n— name c2ln\n", "text\n\n", "text\n\n— name !!!\n",
            "text\n\n- name AAAAAAAA\n", "te\u{1B}xt\n\n— name AAAAAAAAAA==\n", "text\n\n— na me AAAAAAAAAA==\n",
        ] {
            #expect(throws: NoteError.self) { try SignedNote(parsing: bad) }
        }
    }

    @Test func aCheckpointRoundTripsAndIsSignedAndCosigned() throws {
        let root = MerkleHash.sha256(Array("root".utf8))
        let checkpoint = try CheckpointNote(origin: "ikstore.example/sn", treeSize: 122, root: root)
        #expect(checkpoint.text == "ikstore.example/sn\n122\n\(Data(root.bytes).base64EncodedString())\n")
        let log = try NoteSigningKey(name: "ikstore.example/sn", type: .ed25519, seed: [UInt8](repeating: 1, count: 32))
        let witnessA = try NoteSigningKey(name: "revision.example/w1", type: .cosignatureV1, seed: [UInt8](repeating: 2, count: 32))
        let witnessB = try NoteSigningKey(name: "revision.example/w2", type: .cosignatureV1, seed: [UInt8](repeating: 3, count: 32))
        var note = try checkpoint.signed(by: log)
        note.signatures.append(try checkpoint.cosignature(by: witnessA, timestamp: 1_700_000_000))
        let parsed = try SignedNote(parsing: note.rendered)
        let verified = try CheckpointNote.verify(parsed, logKeys: [log.verifier], witnesses: [witnessA.verifier, witnessB.verifier], quorum: 1)
        #expect(verified.checkpoint == checkpoint)
        #expect(verified.witnessedBy.map(\.key) == [witnessA.verifier])
        #expect(verified.witnessedBy.first?.timestamp == 1_700_000_000)
        #expect(throws: NoteError.self) {
            try CheckpointNote.verify(parsed, logKeys: [log.verifier], witnesses: [witnessA.verifier, witnessB.verifier], quorum: 2)
        }
        // A cosignature moved to another time no longer verifies.
        var moved = parsed
        let original = moved.signatures[1]
        moved.signatures[1] = NoteSignature(keyName: original.keyName, keyID: original.keyID,
                                            signature: withUnsafeBytes(of: UInt64(1_700_000_001).bigEndian) { Array($0) } + original.signature.dropFirst(8))
        #expect(throws: NoteError.self) { try CheckpointNote.verify(moved, logKeys: [log.verifier], witnesses: [witnessA.verifier]) }
    }

    @Test func theCosignedMessageIsTheOneTheSpecificationShows() throws {
        let rootBytes = try #require(Data(base64Encoded: "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="))
        let root = try #require(MerkleHash(bytes: rootBytes))
        let checkpoint = try CheckpointNote(origin: "example.com/behind-the-sofa", treeSize: 20852163, root: root)
        #expect(String(decoding: checkpoint.cosignedMessage(timestamp: 1679315147), as: UTF8.self) == """
            cosignature/v1
            time 1679315147
            example.com/behind-the-sofa
            20852163
            CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

            """)
        let parsed = try CheckpointNote(text: checkpoint.text)
        #expect(parsed == checkpoint)
    }

    @Test func malformedCheckpointsAreRefused() {
        for bad in ["o\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "o\n12\nnot base64\n", "o\n12\n",
                    "o\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"] {
            #expect(throws: NoteError.self) { try CheckpointNote(text: bad) }
        }
    }
}
