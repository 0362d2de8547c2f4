import EventLog
import Foundation
import LMDB
import Testing

/// The promises of the README's "Guarantees", each checked with the built binary.
@Suite(.serialized) struct GuaranteeTests {
    static func seeded() throws -> Workspace {
        let w = Workspace()
        let result = try w.ik.run(["seed"])
        try result.requireSuccess()
        return w
    }

    /// Opens the store's LMDB environment directly, as an attacker with LMDB tools would.
    static func tamper(_ w: Workspace, _ change: (WriteTransaction) throws -> Void) throws {
        let env = try Environment(path: w.path + "/ik-store")
        try env.write { txn in
            try change(txn)
            return .commit
        }
    }

    static func key(_ seq: UInt64) -> [UInt8] { withUnsafeBytes(of: seq.bigEndian, Array.init) }

    @Test func aSwappedPairOfEventsIsFoundAtTheFirstSeq() throws {
        let w = try Self.seeded()
        try Self.tamper(w) { txn in
            let events = try txn.openDatabase(named: "events")
            let five = try #require(try txn.copyValue(forKey: Self.key(5), in: events))
            let six = try #require(try txn.copyValue(forKey: Self.key(6), in: events))
            try txn.put(six, forKey: Self.key(5), in: events)
            try txn.put(five, forKey: Self.key(6), in: events)
        }
        let result = try w.ik.run(["verify"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("first problem at seq 5"))
    }

    @Test func aDeletedIndexEntryIsFoundAtItsSeq() throws {
        let w = try Self.seeded()
        try Self.tamper(w) { txn in
            let streams = try txn.openDatabase(named: "streams")
            // The streams entry of seq 7 (the fifth control point, version 1).
            let key = Array("control-SOC-2022-BOU-PLAC".utf8) + [0] + Self.key(1)
            #expect(try txn.delete(key: key, in: streams))
        }
        let result = try w.ik.run(["verify"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("first problem at seq"))
        #expect(result.stderr.contains("streams: the index entry for control-SOC-2022-BOU-PLAC version 1 is missing"))
    }

    @Test func aTruncatedDataFileIsRefusedWithoutACrash() throws {
        let w = try Self.seeded()
        let file = w.path + "/ik-store/data.mdb"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.truncate(atOffset: 40_000)
        try handle.close()
        for command in [["verify"], ["log"], ["state"], ["export", "log"]] {
            let result = try w.ik.run(command)
            #expect(result.status == 69, "\(command): \(result.status)")
            #expect(result.stderr.hasPrefix("ik: the data file of ik-store is truncated"))
        }
        // Cut to nothing: LMDB would write a new empty environment over it; ik refuses before LMDB sees it.
        let empty = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try empty.truncate(atOffset: 0)
        try empty.close()
        for command in [["verify"], ["init"], ["append", "-"], ["--read-only", "log"]] {
            let result = try w.ik.run(command, input: Workspace.drafts(1))
            #expect(result.status == 69, "\(command): \(result.status) \(result.stderr)")
            #expect(result.stderr.hasPrefix("ik: the data file of ik-store is truncated: 0 bytes"))
            #expect(try w.data("ik-store/data.mdb").isEmpty, "\(command) wrote into the cut-off file")
        }
    }

    @Test func anAuditorWhoCannotWriteTheStoreReadsAndVerifiesIt() throws {
        let w = try Self.seeded()
        // A copy of the binary anyone may run; the store stays root's, readable but not writable by nobody.
        let bin = (try IKProcess.runnableCopy(named: "ik-auditor") as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: bin) }
        chmod(w.path, 0o755)
        // A store is its owner's alone until the owner lets others read it (ik init --group, or chmod as here).
        for (path, mode) in [("ik-store", 0o755), ("ik-store/data.mdb", 0o644), ("ik-store/lock.mdb", 0o644)] {
            chmod(w.path + "/" + path, mode_t(mode))
        }
        let asNobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", bin + "/ik", "--store",
                        w.path + "/ik-store"]
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), getuid() == 0 else { return }
        for command in [["verify"], ["log", "--period", "2024"], ["state", "--period", "2024"], ["report", "--plan", "SN-2024"],
                        ["export", "state", "--format", "csv"], ["proof", "inclusion", "--seq", "3"],
                        ["checkpoint", "--no-store"], ["diff", "--as-of", "2024-12-31"]] {
            let result = try Spawn.run(asNobody + command, directory: NSTemporaryDirectory(), environment: ["PATH": "/usr/bin:/bin"],
                                       input: nil)
            #expect(result.status == 0, "\(command) as nobody: \(result.status) \(result.stderr)")
        }
        let before = try w.data("ik-store/data.mdb")
        let append = try Spawn.run(asNobody + ["append", "-"], directory: NSTemporaryDirectory(), environment: ["PATH": "/usr/bin:/bin"],
                                   input: Workspace.drafts(1))
        #expect(append.status == 77)
        #expect(append.stderr.hasPrefix("ik: no permission to use the store"))
        #expect(try w.data("ik-store/data.mdb") == before)
        let forced = try w.ik.run(["--read-only", "record", "plan", "--plan", "X", "--organisation", "O", "--year", "2024",
                                   "--adopted-on", "2024-01-01"])
        #expect(forced.status == 77)
        #expect(forced.stderr.hasPrefix("ik: the store ik-store is open read-only"))
        let checkpoint = try w.ik.run(["--read-only", "checkpoint"])
        #expect(checkpoint.status == 77)
        #expect(checkpoint.stderr.contains("Add --no-store"))
        #expect(try w.ik.run(["--read-only", "checkpoint", "--no-store"]).status == 0)
    }
}

@Suite(.serialized) struct RedactionTests {
    @Test func aRedactedPayloadIsGoneFromTheFilesAndTheLogStillProves() throws {
        let w = try GuaranteeTests.seeded()
        let secret = "kallelse till sjukhus"
        let line = try w.ik.run(["log", "--stream", "deviation-SN-2024-SEK-D05", "--format", "jsonl"]).stdout
        let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        let id = try #require((event?["envelope"] as? [String: Any])?["id"] as? String)
        let rootBefore = try w.ik.run(["checkpoint", "--no-store", "--format", "json"]).stdout
        #expect(try w.data("ik-store/data.mdb").range(of: Data(secret.utf8)) != nil)
        let redacted = try w.ik.run(["redact", "--target", id, "--reason", "Sekretess", "--legal-basis", "OSL 26 kap. 1 §"])
        #expect(redacted.status == 0, "\(redacted.stderr)")
        // The bytes are gone from every file of the store, old page copies included.
        for file in ["data.mdb", "lock.mdb"] {
            #expect(try w.data("ik-store/" + file).range(of: Data(secret.utf8)) == nil, "\(file) still holds the payload")
        }
        let verify = try w.ik.run(["verify"])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("redacted payloads (digests still prove): seq 87"))
        let export = try w.ik.run(["log", "--stream", "deviation-SN-2024-SEK-D05", "--format", "jsonl"]).stdout
        #expect(export.split(separator: "\n").first?.hasSuffix("\"payload\":null}") == true)
        // The first 122 events still have the root published before the redaction.
        let json = try JSONSerialization.jsonObject(with: Data(rootBefore.utf8)) as? [String: Any]
        let root = try #require(json?["root"] as? String)
        #expect(try w.ik.run(["verify", "--anchor", "122:\(root)"]).status == 0)
        #expect(try w.ik.run(["state", "--period", "2024", "--plan", "SN-2024"]).stdout.contains("gallrad: seq 87"))
        #expect(try w.ik.run(["report", "--plan", "SN-2024"]).stdout.contains("Gallrade uppgifter (seq): 87"))
        let again = try w.ik.run(["redact", "--target", id, "--reason", "igen"])
        #expect(again.status == 65)
        #expect(again.stderr.contains("already redacted"))
        _ = try w.ik.run(["export", "log", "--out", "log.jsonl"])
        let python = try w.ik.shell("python3 \(GuaranteeTests.repository)/Tools/verify-export.py log.jsonl --test-store")
        #expect(python.status == 0, "\(python.stdout)")
    }
}

extension RedactionTests {
    /// A correction carries the whole replacement payload, so redacting a fact must take its corrections too.
    @Test func redactingACorrectedFactRemovesItsCorrectionsToo() throws {
        let w = Workspace()
        try w.initialise()
        try w.ik.run(["record", "deviation", "--deviation", "D-1", "--control", "T-LAK", "--observed-on", "2024-03-01",
                      "--severity", "minor", "--description", "Kalle Anka fick fel dos"]).requireSuccess()
        let line = try w.ik.run(["log", "--stream", "deviation-D-1", "--format", "jsonl"]).stdout
        let id = try #require(((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["envelope"]
            as? [String: Any])?["id"] as? String)
        try w.ik.run(["record", "correction", "--target", id, "--reason", "Fel dos angiven",
                      "--set", "description=Kalle Anka fick för hög dos"]).requireSuccess()
        let redacted = try w.ik.run(["redact", "--target", id, "--reason", "Sekretess", "--legal-basis", "OSL 25 kap. 1 §"])
        #expect(redacted.status == 0, "\(redacted.stderr)")
        #expect(redacted.stdout.hasPrefix("redacted the payload of seq 3 and of its correction (seq 4) (recorded as seq 5, 6)"))
        for file in ["data.mdb", "lock.mdb"] {
            #expect(try w.data("ik-store/" + file).range(of: Data("Kalle Anka".utf8)) == nil, "\(file) still holds the text")
        }
        let verify = try w.ik.run(["verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("redacted payloads (digests still prove): seq 3, 4"))
        #expect(!(try w.ik.run(["state", "--period", "2024"]).stdout.contains("Kalle")))
    }
}

extension RedactionTests {
    /// The digest stays in the tree, so it must not let anyone confirm a guessed payload: it is taken over a
    /// random salt stored with the payload, and the salt goes with the payload.
    @Test func aRedactedPayloadCannotBeConfirmedByGuessing() throws {
        let w = try GuaranteeTests.seeded()
        let before = try w.ik.run(["log", "--stream", "deviation-SN-2024-SEK-D05", "--format", "jsonl"]).stdout
        let line = try #require(try JSONSerialization.jsonObject(with: Data(before.utf8)) as? [String: Any])
        let envelope = try #require(line["envelope"] as? [String: Any])
        let id = try #require(envelope["id"] as? String)
        let digest = try #require(envelope["payloadDigest"] as? String)
        let salt = try #require(line["salt"] as? String)
        #expect(salt.count == 32)
        // The exact payload, as a guesser would rebuild it: canonical JSON, hashed with and without the salt.
        let payload = try #require(line["payload"] as? [String: Any])
        let canonical = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys, .withoutEscapingSlashes])
        let saltBytes = stride(from: 0, to: salt.count, by: 2).map {
            UInt8(salt[salt.index(salt.startIndex, offsetBy: $0)...].prefix(2), radix: 16)!
        }
        #expect(MerkleHash.sha256(saltBytes + Array(canonical)).hex == digest, "the digest is SHA-256(salt ‖ payload)")
        #expect(MerkleHash.sha256(Array(canonical)).hex != digest, "the payload alone must not confirm the digest")
        try w.ik.run(["redact", "--target", id, "--reason", "Sekretess"]).requireSuccess()
        let after = try w.ik.run(["log", "--stream", "deviation-SN-2024-SEK-D05", "--format", "jsonl"]).stdout
        let redactedLine = try #require(after.split(separator: "\n").first)
        #expect(!redactedLine.contains("\"salt\""), "the salt of a redacted payload is still exported")
        #expect(try w.data("ik-store/data.mdb").range(of: Data(saltBytes)) == nil, "the salt is still in data.mdb")
    }
}

extension GuaranteeTests {
    /// Removing a payload by hand and writing a redaction entry for it is not a redaction: the entry must point
    /// to a later PayloadRedacted of the same stream that names the event.
    @Test(arguments: [UInt64(122), 87])
    func aPayloadRemovedByHandIsFoundEvenWithARedactionEntry(pointingAt marker: UInt64) throws {
        let w = try Self.seeded()
        if marker == 87 {
            // A genuine redaction of seq 87 (recorded as seq 123), then seq 110's payload removed and pointed at it.
            let line = try w.ik.run(["log", "--stream", "deviation-SN-2024-SEK-D05", "--format", "jsonl"]).stdout
            let id = try #require(((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["envelope"]
                as? [String: Any])?["id"] as? String)
            try w.ik.run(["redact", "--target", id, "--reason", "Sekretess"]).requireSuccess()
        }
        let pointer = marker == 87 ? UInt64(123) : marker
        try Self.tamper(w) { txn in
            let payloads = try txn.openDatabase(named: "payloads")
            let redactions = try txn.openDatabase(named: "redactions", create: true)
            _ = try txn.delete(key: Self.key(110), in: payloads)
            try txn.put(Self.key(pointer), forKey: Self.key(110), in: redactions)
        }
        let result = try w.ik.run(["verify"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("first problem at seq 110"), "\(result.stderr)")
        #expect(result.stderr.contains("the payload is missing and"))
        _ = try w.ik.run(["export", "log", "--out", "log.jsonl"])
        let python = try w.ik.shell("python3 \(GuaranteeTests.repository)/Tools/verify-export.py log.jsonl --test-store")
        #expect(python.status == 1)
        #expect(python.stdout.contains("log.jsonl:110: seq 110: the payload is missing and no PayloadRedacted names this event"))
        #expect(!python.stdout.contains("tree size"), "a refused export prints no root: \(python.stdout)")
    }

    /// LMDB has no page checksums. Every page of a seeded store is zeroed, then filled with noise, in turn:
    /// ik never dies of a signal, and where verify passes (the page was free) the state is what it was.
    @Test func aDamagedPageNeverCrashesIkAndNeverChangesAnAnswerSilently() throws {
        let w = try Self.seeded()
        let original = try w.data("ik-store/data.mdb")
        let state = ["state", "--plan", "SN-2024", "--period", "2024"]
        let expected = try w.ik.run(state).stdout
        var noise = UInt64(0x9E37_79B9_7F4A_7C15)
        var outcomes: [String: Int] = [:]
        for page in 0..<(original.count / 4096) {
            for mode in ["zero", "noise"] {
                var damaged = original
                for i in (page * 4096 + 16)..<((page + 1) * 4096) {
                    noise = noise &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    damaged[i] = mode == "zero" ? 0 : UInt8(truncatingIfNeeded: noise >> 56)
                }
                let store = w.path + "/damaged"
                try? FileManager.default.removeItem(atPath: store)
                try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
                try damaged.write(to: URL(fileURLWithPath: store + "/data.mdb"))
                let verify = try w.ik.run(["--store", "damaged", "verify"])
                let answer = try w.ik.run(["--store", "damaged"] + state)
                #expect(verify.status < 128 && answer.status < 128, "page \(page) \(mode): verify \(verify.status), state \(answer.status)")
                if verify.status == 0 { #expect(answer.stdout == expected, "page \(page) \(mode): verify passed, state changed") }
                outcomes["verify \(verify.status)", default: 0] += 1
            }
        }
        print("damaged pages: \(outcomes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))")
    }

    @Test func aDamagedStoredCheckpointIsReported() throws {
        let w = try Self.seeded()
        try w.ik.run(["checkpoint"]).requireSuccess()
        try Self.tamper(w) { txn in
            let checkpoints = try txn.openDatabase(named: "checkpoints")
            var value = try #require(try txn.copyValue(forKey: Self.key(122), in: checkpoints))
            value[0] = UInt8(ascii: "[")
            try txn.put(value, forKey: Self.key(122), in: checkpoints)
        }
        let result = try w.ik.run(["verify"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the stored checkpoint at size 122 is damaged"), "\(result.stderr)")
    }
}

extension GuaranteeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
}
