import Foundation
import Testing

/// After `ik redact`, no byte of the payload or its salt is left in any file of the store: not in the free gap of
/// a live page, not in a freed page, not in a page a reader held while the redaction ran.
@Suite(.serialized) struct RedactionScrubTests {
    /// One secret deviation: a marker no other event holds, repeated through the description so that any remnant
    /// of more than ~120 bytes holds it whole; a large one takes overflow pages.
    struct Secret {
        let number: Int
        let large: Bool
        let marker: String

        init(_ number: Int, large: Bool) {
            self.number = number
            self.large = large
            // Letters only: a run of hex digits could look like a personal identity number, which drafts refuse.
            let letters = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).map { c -> Character in
                c.wholeNumberValue.map { Character(UnicodeScalar(UInt8(ascii: "g") + UInt8($0))) } ?? c
            }
            marker = "H" + String(letters) + "H"
        }

        var deviationId: String { "S-\(number)" }

        var draft: String {
            let words = (0..<(large ? 60 : 1)).map { "\(marker) rad \($0) av anteckningen om händelsen på avdelningen" }
            return "{\"type\":\"DeviationRecorded\",\"payload\":{\"deviationId\":\"\(deviationId)\",\"controlId\":\"T-LAK\","
                + "\"observedOn\":\"2024-05-0\(number % 9 + 1)\",\"severity\":\"minor\",\"description\":\""
                + words.joined(separator: "; ") + "\"}}"
        }
    }

    /// What the export shows of a secret before it is redacted: its id and salt.
    static func exported(_ w: Workspace, _ secret: Secret) throws -> (id: String, salt: [UInt8]) {
        let line = try w.ik.run(["log", "--stream", "deviation-\(secret.deviationId)", "--format", "jsonl"]).stdout
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let id = try #require((object["envelope"] as? [String: Any])?["id"] as? String)
        let salt = try #require(object["salt"] as? String)
        let bytes = stride(from: 0, to: salt.count, by: 2).map {
            UInt8(salt[salt.index(salt.startIndex, offsetBy: $0)...].prefix(2), radix: 16)!
        }
        return (id, bytes)
    }

    /// A store of the foundation, `filler` ordinary deviations and the secrets interleaved with them.
    static func store(secrets: [Secret], filler: Int = 300) throws -> Workspace {
        let w = Workspace()
        try w.initialise()
        var lines = Workspace.drafts(filler, prefix: "o").split(separator: "\n").map(String.init)
        for (index, secret) in secrets.enumerated().reversed() {
            lines.insert(secret.draft, at: (index + 1) * filler / (secrets.count + 1))
        }
        try w.ik.run(["append", "-"], input: lines.joined(separator: "\n") + "\n").requireSuccess()
        return w
    }

    /// Which of `needles` some file of the store still holds, by file.
    static func survivors(_ w: Workspace, _ needles: [String: [UInt8]]) throws -> [String] {
        var found: [String] = []
        for name in try FileManager.default.subpathsOfDirectory(atPath: w.path + "/ik-store").sorted() {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: w.path + "/ik-store/" + name, isDirectory: &isDirectory)
            if isDirectory.boolValue { continue }
            let bytes = try w.data("ik-store/" + name)
            for (label, needle) in needles.sorted(by: { $0.key < $1.key }) where bytes.range(of: Data(needle)) != nil {
                found.append("\(name): \(label)")
            }
        }
        return found
    }

    static func needles(_ secrets: [(Secret, [UInt8])]) -> [String: [UInt8]] {
        var needles: [String: [UInt8]] = [:]
        for (secret, salt) in secrets {
            needles["payload of \(secret.deviationId)\(secret.large ? " (large)" : "")"] = Array(secret.marker.utf8)
            needles["salt of \(secret.deviationId)"] = salt
        }
        return needles
    }

    /// Secrets in the middle of the log, and secrets redacted right after they were recorded (the last record of
    /// their page, whose bytes a deletion leaves in the page's free gap).
    @Test func manyRedactedPayloadsSmallAndLargeLeaveNoByteInAnyFile() throws {
        let secrets = (0..<16).map { Secret($0, large: $0 % 4 == 3) }
        let w = try Self.store(secrets: secrets)
        let kept = Secret(99, large: true)
        try w.ik.run(["append", "-"], input: kept.draft + "\n").requireSuccess()
        var redacted: [(Secret, [UInt8])] = []
        for (index, secret) in secrets.prefix(12).enumerated() {
            // Appends in between move pages around, as a working store does.
            try w.ik.run(["append", "-"], input: Workspace.drafts(20, prefix: "before\(secret.number)")).requireSuccess()
            let recent = Secret(100 + index, large: index % 3 == 2)
            try w.ik.run(["append", "-"], input: recent.draft + "\n").requireSuccess()
            for target in [secret, recent] {
                let (id, salt) = try Self.exported(w, target)
                let result = try w.ik.run(["redact", "--target", id, "--reason", "Sekretess"])
                #expect(result.status == 0, "\(target.deviationId): \(result.stderr)")
                redacted.append((target, salt))
            }
        }
        #expect(try Self.survivors(w, Self.needles(redacted)) == [])
        // The search itself works: what was not redacted is still found.
        let unredacted = try (Array(secrets.dropFirst(12)) + [kept]).map { ($0, try Self.exported(w, $0).salt) }
        #expect(try Self.survivors(w, Self.needles(unredacted)).count == 2 * unredacted.count)
        let verify = try w.ik.run(["verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("redacted payloads (digests still prove)"))
        #expect(!verify.stdout.contains("pending"))
    }

    /// Each redaction used to fill every free page with a scratch database: the file doubled every time.
    @Test func aRedactionGrowsTheFileByAFewPagesAtMost() throws {
        let secrets = (0..<11).map { Secret($0, large: $0 % 3 == 0) }
        let w = try Self.store(secrets: secrets)
        // A store that has had projection snapshots for a while (ik takes them every 10,000 events).
        try w.ik.run(["snapshot", "--rebuild"]).requireSuccess()
        try w.ik.run(["snapshot", "--rebuild"]).requireSuccess()
        var sizes = [try w.data("ik-store/data.mdb").count]
        for secret in secrets {
            let (id, _) = try Self.exported(w, secret)
            try w.ik.run(["redact", "--target", id, "--reason", "Gallring"]).requireSuccess()
            sizes.append(try w.data("ik-store/data.mdb").count)
        }
        let growth = zip(sizes.dropFirst(), sizes).map { ($0 - $1) / 4096 }
        print("data.mdb over 11 redactions: \(sizes.first!) → \(sizes.last!) bytes; pages added per redaction: \(growth)")
        // Like any first small write after a large append, the first redaction takes new pages (LMDB reuses a
        // page only a transaction after it was freed); from then on the pages each one frees take the next.
        #expect(growth.dropFirst().allSatisfy { $0 <= 8 }, "pages added per redaction: \(growth)")
        #expect(sizes.last! - sizes.first! <= 64 * 4096, "\(sizes)")
    }

    /// A reader that holds its snapshot holds the old pages too: the redaction commits, says the scrub is pending
    /// (and `verify` says so), and the scrub is finished as soon as the reader is gone.
    @Test(arguments: ["redact --finish", "append"])
    func aRedactionWhileAReaderHoldsItsSnapshotIsFinishedWhenTheReaderIsGone(finisher: String) throws {
        let secrets = [Secret(1, large: false), Secret(2, large: true)]
        let w = try Self.store(secrets: secrets, filler: 3000)
        let reader = try Spawn.stalled([IKProcess.binary, "export", "log"], directory: w.path)
        defer { close(reader.pipe) }
        try ResilienceTests.waitUntilStalled(reader.pid, store: w.path + "/ik-store")
        var redacted: [(Secret, [UInt8])] = []
        for secret in secrets {
            let (id, salt) = try Self.exported(w, secret)
            let result = try w.ik.run(["redact", "--target", id, "--reason", "Sekretess", "--wait", "0.2"])
            #expect(result.status == 75, "\(result.status): \(result.stderr)")
            #expect(result.stderr.contains("recorded"), "\(result.stderr)")
            #expect(result.stderr.contains("scrub pending"), "\(result.stderr)")
            #expect(!result.stderr.contains("nothing"), "\(result.stderr)")
            redacted.append((secret, salt))
        }
        let pending = try w.ik.run(["verify"])
        #expect(pending.status == 0, "\(pending.stderr)")
        #expect(pending.stdout.contains("scrub pending"), "\(pending.stdout)")
        #expect(pending.stdout.contains("redacted payloads (digests still prove)"))
        #expect(Spawn.isRunning(reader.pid))
        kill(reader.pid, SIGKILL)
        Spawn.wait(reader.pid)
        let finished = finisher == "append"
            ? try w.ik.run(["append", "-"], input: Workspace.drafts(1, prefix: "next"))
            : try w.ik.run(["redact", "--finish"])
        #expect(finished.status == 0, "\(finisher): \(finished.stderr)")
        #expect(try Self.survivors(w, Self.needles(redacted)) == [])
        let verify = try w.ik.run(["verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(!verify.stdout.contains("pending"), "\(verify.stdout)")
    }

    /// On a full disk a redaction either commits and says so, or writes nothing and says that: the exit status and
    /// the message agree with what `verify` finds afterwards.
    @Test func aRedactionOnAFullDiskTellsTheTruthAboutWhetherItCommitted() throws {
        let w = Workspace()
        let mount = w.path + "/small"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        let mounted = try w.ik.shell("mount -t tmpfs -o size=700k tmpfs \(mount) 2>&1")
        guard mounted.status == 0 else {
            print("skipped: cannot mount a small tmpfs here (\(mounted.stdout))")
            return
        }
        defer { _ = try? w.ik.shell("umount \(mount)") }
        let secrets = (0..<6).map { Secret($0, large: $0 % 2 == 1) }
        try w.ik.run(["--store", "small/store", "init"]).requireSuccess()
        try w.ik.run(["--store", "small/store", "append", "-"], input: Workspace.foundation).requireSuccess()
        try w.ik.run(["--store", "small/store", "append", "-"], input: secrets.map(\.draft).joined(separator: "\n") + "\n")
            .requireSuccess()
        for round in 0..<400 {
            let result = try w.ik.run(["--store", "small/store", "append", "-"], input: Workspace.drafts(20, prefix: "f\(round)"))
            if result.status != 0 { break }
        }
        _ = try w.ik.shell("dd if=/dev/zero of=small/filler bs=4k 2>/dev/null")
        var outcomes: [String] = []
        var committedSoFar = 0
        for secret in secrets {
            let line = try w.ik.run(["--store", "small/store", "log", "--stream", "deviation-\(secret.deviationId)", "--format", "jsonl"])
            let object = try JSONSerialization.jsonObject(with: Data(line.stdout.utf8)) as? [String: Any]
            let id = try #require((object?["envelope"] as? [String: Any])?["id"] as? String)
            let result = try w.ik.run(["--store", "small/store", "redact", "--target", id, "--reason", "Sekretess"])
            let verify = try w.ik.run(["--store", "small/store", "verify", "--format", "json"])
            #expect(verify.status == 0, "\(verify.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any]
            let redactedSeqs = report?["redacted"] as? [Int] ?? []
            let committed = redactedSeqs.count > committedSoFar
            committedSoFar = redactedSeqs.count
            outcomes.append(committed ? "committed (\(result.status))" : "not committed")
            if result.status == 0 {
                #expect(committed, "exit 0 but nothing was redacted")
            } else if committed {
                #expect(result.stderr.contains("recorded"), "\(result.status) after a commit: \(result.stderr)")
                #expect(!result.stderr.lowercased().contains("nothing"), "\(result.status) after a commit: \(result.stderr)")
            } else {
                #expect(result.stderr.lowercased().contains("nothing"), "\(result.status) without a commit: \(result.stderr)")
            }
        }
        print("redactions on a full disk: \(outcomes)")
    }
}
