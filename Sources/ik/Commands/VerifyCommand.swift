import ArgumentParser
import EventLog
import Projections

struct VerifyCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the Merkle tree and every index from the stored bytes; check anchors.",
        discussion: """
            Exit status 0 when everything proves, 1 when something does not: the first seq affected is named.
            --anchor SIZE:ROOT (repeatable) checks that the first SIZE events still have the root published then.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("anchor"), help: ArgumentHelp("A published tree head to check.", valueName: "size:root"))
    var anchors: [Anchor] = []

    @Option(help: "Output: text or json.")
    var format: TextOrJSON = .text

    @Option(help: ArgumentHelp("A signed checkpoint published earlier (ik checkpoint --sign … --format json or note).",
                               valueName: "file"))
    var checkpoint: String?

    @Option(name: .customLong("public-key"), help: ArgumentHelp("The public key the checkpoint must be signed with.",
                                                               valueName: "file"))
    var publicKey: String?

    @Option(name: .customLong("witness"), help: ArgumentHelp(
        "A witness's verifier key (ik keygen --witness): the checkpoint note must carry its cosignature (see --quorum); "
            + "with --public-key, every witnessed head the store keeps must carry the log's signature and a majority "
            + "of these witnesses' cosignatures.",
        valueName: "file"))
    var witnesses: [String] = []

    @Option(help: ArgumentHelp("How many of the --witness keys must have cosigned (default: all).", valueName: "k"))
    var quorum: Int?

    func validate() throws {
        if checkpoint != nil && publicKey == nil {
            throw ValidationError("--checkpoint and --public-key go together: a signature is only worth the key it is checked with.")
        }
        if checkpoint == nil && (publicKey == nil) != witnesses.isEmpty {
            throw ValidationError("without --checkpoint, --public-key and --witness go together: they check the witnessed "
                + "heads the store keeps.")
        }
        if let quorum, !(1...max(1, witnesses.count)).contains(quorum) || witnesses.isEmpty {
            throw ValidationError("--quorum K needs at least K --witness keys (K ≥ 1).")
        }
    }

    func execute() throws {
        var all = anchors
        let witnessKeys = try witnesses.map { path in
            do {
                return try NoteVerifierKey(vkey: String(decoding: try InputFile.read(path), as: UTF8.self))
            } catch let error as NoteError {
                throw CommandFailure(.badInput, "\(path): \(error)\nGive the FILE.pub of ik keygen --witness NAME --out FILE.")
            }
        }
        if let checkpoint, let publicKey {
            all.append(try Self.signedAnchor(checkpoint: checkpoint, publicKey: publicKey, witnesses: witnessKeys,
                                             quorum: quorum ?? witnessKeys.count))
        }
        let store = try storeOptions.openForReading()
        // A replica's store is checked against the leader's heads its follower verified (kept outside the LMDB
        // file): a store restored from an older copy, or replaced, is behind them or disagrees with them.
        let leaderHeads = try Self.verifiedLeaderHeads(of: store, directory: storeOptions.path)
        all += leaderHeads
        let progress = ProgressLine("verifying")
        // The log proves itself; the projections' caches are recomputed from it (answers come from them).
        let report = try StoreVerification.report(of: store, anchors: all) { progress.update($0, of: $1) }
        progress.finish()
        let scrubPending = try store.pendingScrub()
        let out = Output()
        switch format {
        case .json:
            let json = report.json(scrubPending: scrubPending, testStore: store.isTestStore)
            try out.line(json.prettyPrinted())
        case .text:
            if report.isIntact {
                try out.line("ok: \(report.treeSize) event\(report.treeSize == 1 ? "" : "s") verified from the stored bytes")
                try out.line("root \(report.root.hex)")
                var checked = report.checkpointsChecked == 0 ? "no stored checkpoints" : "\(report.checkpointsChecked) stored checkpoint\(report.checkpointsChecked == 1 ? "" : "s")"
                if report.anchorsChecked > 0 {
                    checked += " and \(report.anchorsChecked) anchor\(report.anchorsChecked == 1 ? "" : "s")"
                }
                try out.line(checked + (report.checkpointsChecked + report.anchorsChecked == 0 ? " to compare" : " match"))
                if let largest = leaderHeads.max(by: { $0.treeSize < $1.treeSize }) {
                    try out.line("replica: the leader's heads it verified match (\(leaderHeads.count) anchor"
                        + "\(leaderHeads.count == 1 ? "" : "s") from \(ReplicaState.headsFile), the largest \(largest.treeSize))")
                }
                if !report.redactedSeqs.isEmpty {
                    try out.line("redacted payloads (digests still prove): seq "
                        + report.redactedSeqs.map(String.init).joined(separator: ", "))
                }
                if store.isTestStore {
                    try out.line(Self.testStoreNotice)
                }
                if let scrubPending {
                    try out.line("scrub pending since the redaction at seq \(scrubPending): freed pages may still hold "
                        + "redacted bytes (a reader held them); ik redact --finish, or the next writing command, "
                        + "overwrites them")
                }
            }
        }
        // The witnessed heads the store keeps: checked with the keys given, never with anything from the store.
        let trust = try publicKey.map { WitnessTrust(logKey: String(decoding: try InputFile.read($0), as: UTF8.self),
                                                     witnesses: witnessKeys, quorum: quorum) }
        let witnessed = try StoredWitnessedHeads.check(store, trust: trust)
        if format == .text, report.isIntact, let line = witnessed.line { try out.line(line) }
        try out.finish()
        if report.isIntact, let failure = witnessed.failure { throw CommandFailure(.failure, failure) }
        guard report.isIntact else {
            var text = store.isTestStore ? Self.testStoreNotice + "\n" : ""
            text += "the log does not verify"
            if let first = report.firstProblem { text += first.seq.map { ": first problem at seq \($0)" } ?? ": \(first.check)" }
            for problem in report.problems.sorted(by: { ($0.seq ?? .max) < ($1.seq ?? .max) }).prefix(50) {
                text += "\n\(problem)"
            }
            if !leaderHeads.isEmpty, report.problems.contains(where: { $0.check == "anchor" }) {
                text += "\nThe anchors include the leader's heads this replica verified (\(ReplicaState.headsFile)): a replica "
                    + "behind them was restored from an older copy, one that disagrees was replaced; ik follow copies "
                    + "the leader's history again only where it extends them."
            }
            text += "\nRestore from a backup (ik backup) and verify it against your last published anchor."
            throw CommandFailure(.failure, text)
        }
    }

    /// The heads of the replica's current leader its follower verified (``LeaderHeads``), one per size, as anchors;
    /// none for a store that is not a replica.
    static func verifiedLeaderHeads(of store: EventStore, directory: String) throws -> [Anchor] {
        guard let leader = try store.leader() else { return [] }
        var bySize: [UInt64: Anchor] = [:]
        for head in try LeaderHeads(directory: directory).all() where head.leader == leader {
            guard let root = MerkleHash(hex: head.root) else { continue }
            bySize[head.treeSize] = Anchor(treeSize: head.treeSize, root: root)
        }
        return bySize.values.sorted { $0.treeSize < $1.treeSize }
    }

    /// What verify says of a test store, whether or not the log proves.
    static let testStoreNotice = "test store (ik init --test): recorded times were allowed to be chosen (IK_NOW); "
        + "they say nothing about when anything was known"

    /// The tree head of a signed checkpoint file, after checking its signature with the given public key.
    static func signedAnchor(checkpoint path: String, publicKey keyPath: String, witnesses: [NoteVerifierKey] = [],
                             quorum: Int = 0) throws -> Anchor {
        let key = String(decoding: try InputFile.read(keyPath), as: UTF8.self)
        let published = try InputFile.read(path)
        if published.first != UInt8(ascii: "{") {
            // A C2SP checkpoint note (ik checkpoint --format note).
            do {
                let note = try CheckpointNote.verified(note: String(decoding: published, as: UTF8.self), publicKey: key,
                                                       witnesses: witnesses, quorum: quorum)
                return Anchor(treeSize: note.treeSize, root: note.root)
            } catch NoteError.unverified(let reason) {
                throw CommandFailure(.failure, "the signature of \(path) does not verify with the key in \(keyPath): "
                    + "\(reason)\nThe checkpoint was changed, or signed with another key.")
            } catch {
                throw CommandFailure(.badInput, "\(path) is not a checkpoint: \(error)\nUse the output of ik checkpoint "
                    + "--sign KEY --format json or --format note.")
            }
        }
        if !witnesses.isEmpty {
            throw CommandFailure(.badInput, "\(path) is a JSON checkpoint, which carries no cosignatures\n"
                + "Give the note a witnessed server serves (GET /checkpoint).")
        }
        guard let json = try? JSONParser.parse(published), let head = Checkpoint(json: json) else {
            throw CommandFailure(.badInput, "\(path) is not a checkpoint\nUse the output of ik checkpoint --sign KEY --format json.")
        }
        guard let signature = head.signature else {
            throw CommandFailure(.badInput, "\(path) is not signed\nSign checkpoints with ik checkpoint --sign KEY.")
        }
        guard let message = Checkpoint.signedMessage(ofPublished: json),
            try CheckpointSigning.verify(message, signature: signature, publicKey: key)
        else {
            throw CommandFailure(.failure, "the signature of \(path) does not verify with the key in \(keyPath)\n"
                + "The checkpoint was changed, or signed with another key.")
        }
        return Anchor(treeSize: head.treeSize, root: head.root, time: head.time)
    }
}
