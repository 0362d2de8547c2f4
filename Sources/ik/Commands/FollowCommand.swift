import ArgumentParser
import EventLog
import Foundation

struct FollowCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Keep a replica of a server's log: copy its events verbatim, check every one and the leader's signed heads.",
        discussion: """
            ik follow https://ikstore.example --store replica --token TOKEN --leader-key leader.pub
            Each poll fetches the leader's signed checkpoint (GET /checkpoint), checks its consistency proof from the
            head this replica holds, and copies the events in between (GET /api/v1/log?after=N) in chunks, each
            committed only when it passes every check of ik verify and the leader's proof ties it to the signed head
            (a chunk holding a redacted event goes in with the chunks up to its PayloadRedacted, in one transaction).
            Every head verified is kept with the leader's signed note in leader-heads.jsonl (appended to, never
            rewritten): evidence of what the leader signed. A request that gets no byte for --timeout seconds ends, and
            the leader counts as unreachable; a log answer over --max-answer MB (64) is not read (the chunk is asked for
            in halves).
            A leader that rewrote or rolled back its history: the replica keeps what it had, writes the evidence (both
            heads, the proof that failed) to alarm-TIME.json in the store directory, prints a line starting
            "ik follow: ALARM" and exits 1. Exit 0 after --once; an unreachable leader is retried (with --once: 69).
            The token is an auditor's (IK_TOKEN also works). The replica refuses ordinary appends until ik promote.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The leader's base URL (http://host:port).", valueName: "url"))
    var url: String

    @Option(help: ArgumentHelp("An auditor's API token (default: $IK_TOKEN).", valueName: "token"))
    var token: String?

    @Option(name: .customLong("leader-key"), help: ArgumentHelp(
        "The leader's checkpoint public key (ik keygen's FILE.pub); without it the key the leader names at the first "
            + "poll is pinned. Either way it is kept in DIR/leader-key.vkey and every later note must verify with it.",
        valueName: "file"))
    var leaderKey: String?

    @Flag(name: .customLong("rotate-leader-key"), help: "The leader changed its key: pin --leader-key's instead of the one kept in DIR/leader-key.vkey (which is kept as leader-key-until-TIME.vkey).")
    var rotateLeaderKey = false

    @Option(help: ArgumentHelp("Seconds between polls.", valueName: "seconds"))
    var interval: Double = 10

    @Flag(help: "Poll once and exit.")
    var once = false

    @Option(help: ArgumentHelp(
        "Events per request while catching up (at most \(Follower.maxChunk)); a transaction takes more only to reach "
            + "the PayloadRedacted of a redacted event it holds.", valueName: "n"))
    var chunk: UInt64 = 10_000

    @Option(help: ArgumentHelp(
        "Seconds a request to the leader may wait for the connection or for the next bytes of its answer; then the "
            + "leader counts as unreachable and is polled again.", valueName: "seconds"))
    var timeout: Double = 10

    @Option(help: ArgumentHelp(
        "Witness: cosign each head this replica verified with this key (ik keygen --witness NAME; FILE.pub beside it) "
            + "and send the cosignature to the leader. The heads it cosigned are kept in FILE.cosigned.jsonl: it never "
            + "cosigns a smaller or different tree of the same log (the same leader key, whatever its origin).", valueName: "keyfile"))
    var cosign: String?

    @Option(name: .customLong("max-answer"), help: ArgumentHelp(
        "The most MB of the leader's log read at once; a larger answer is not read but asked for again in halves.",
        valueName: "MB"))
    var maxAnswer = 64

    @Option(name: .customLong("witness-key"), help: ArgumentHelp(
        "The leader's witnesses' verifier keys (ik keygen --witness's FILE.pub): a leader's note a majority of them "
            + "cosigned is kept in the replica, and its committee reports name it. Needs --leader-key.",
        valueName: "file"))
    var witnessKeys: [String] = []

    func validate() throws {
        if !witnessKeys.isEmpty && leaderKey == nil { throw ValidationError("--witness-key needs --leader-key.") }
        if rotateLeaderKey && leaderKey == nil { throw ValidationError("--rotate-leader-key pins the key of --leader-key FILE.pub.") }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw ValidationError("the URL starts with http:// or https://") }
        guard interval >= 0.05, interval <= 86_400 else { throw ValidationError("--interval is 0.05 to 86400 seconds.") }
        guard chunk >= 1, chunk <= Follower.maxChunk else { throw ValidationError("--chunk is 1 to \(Follower.maxChunk).") }
        guard timeout >= 0.1, timeout <= 3600 else { throw ValidationError("--timeout is 0.1 to 3600 seconds.") }
        guard (4...1024).contains(maxAnswer) else { throw ValidationError("--max-answer is 4 to 1024 MB.") }
    }

    func execute() throws {
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        let path = storeOptions.path
        let store: EventStore
        if EventStore.exists(at: path) {
            store = try storeOptions.openForWriting()
        } else {
            store = try EventStore.create(at: path, options: storeOptions.options(readOnly: false))
        }
        if try store.leader() != base {
            // A new leader (the old one promoted a replica): its notes name another origin, signed by another key.
            try store.markReplica(of: base)
            try? FileManager.default.removeItem(atPath: path + "/" + ReplicaState.noteFile)
            try? FileManager.default.removeItem(atPath: path + "/" + ReplicaState.leaderKeyFile)
        }
        let key = try leaderKey.map { String(decoding: try InputFile.read($0), as: UTF8.self) }
        let pin = LeaderKeyPin(directory: path)
        if let key, let pinned = try pin.read() {
            let given: NoteVerifierKey
            do { given = try LeaderKeyPin.key(key, origin: pinned.name) } catch {
                throw CommandFailure(.badInput, "\(leaderKey ?? ""): \(error)\nGive the FILE.pub of ik keygen --out FILE.")
            }
            if given.publicKey != pinned.publicKey {
                guard rotateLeaderKey else {
                    throw CommandFailure(.badInput, "--leader-key \(leaderKey ?? "") is not the key this replica pinned "
                        + "(\(pinned.vkey) in \(pin.path))\nIf the leader changed its key, say so: add --rotate-leader-key "
                        + "(the old pin is kept beside it).")
                }
                try pin.rotate(to: given)
                Self.say("leader key rotated: \(given.vkey) pinned; the old one kept beside it")
            }
        }
        let client = LeaderClient(base: base, token: token ?? ProcessInfo.processInfo.environment["IK_TOKEN"], timeout: timeout)
        let witnesses = try witnessKeys.map { file in
            try NoteVerifierKey(vkey: String(decoding: try InputFile.read(file), as: UTF8.self))
        }
        var follower = Follower(client: client, store: store, directory: path, leaderKey: key, chunk: chunk,
                                witnesses: witnesses)
        follower.maxChunkBytes = maxAnswer << 20
        if key == nil, try pin.read() == nil {
            Self.say("no --leader-key: the key the leader names now is pinned in \(pin.path); later notes must verify with it")
        }
        let witness = try cosign.map { try Self.witnessKey($0) }
        var cosigned: CheckpointNote?
        var unfresh: String?
        while true {
            let started = Clock.systemNow().microseconds
            do {
                let progress = try follower.poll()
                // A copied redaction leaves the old bytes in free pages, as on the leader: overwrite them now.
                if (try? store.pendingScrub()) ?? nil != nil { _ = try? store.finishScrub() }
                if progress.to > progress.from {
                    let seconds = Double(Clock.systemNow().microseconds - started) / 1e6
                    let rate = Double(progress.to - progress.from) / max(seconds, 1e-6)
                    Self.say("seq \(progress.from + 1)–\(progress.to) copied (\(progress.to - progress.from) events in "
                        + String(format: "%.3f s, %.0f events/s", seconds, rate) + "); head \(progress.to):\(progress.note.root.hex)")
                }
                if progress.unfresh != unfresh {
                    Self.say(progress.unfresh.map { "not fresh: " + $0 }
                        ?? "the leader signs its head for this follower's nonce again: fresh")
                    unfresh = progress.unfresh
                }
                if let witness, cosigned?.treeSize != progress.note.treeSize || cosigned?.root != progress.note.root {
                    do {
                        try follower.cosign(progress, with: witness, ledger: CosignedHeads(keyFile: cosign ?? ""))
                        cosigned = progress.note
                        Self.say("cosigned \(progress.note.treeSize):\(progress.note.root.hex) as \(witness.verifier.name)")
                    } catch let error as LeaderClient.Unreachable {
                        Self.say("the cosignature was not taken (\(error)); cosigning again at the next poll")
                    }
                }
                if once { return }
            } catch let alarm as Follower.Alarm {
                throw CommandFailure(.failure, "ik follow: \(alarm)\nThe replica keeps the history it had verified; "
                    + "compare the leader's store with it (ik verify), and tell the committee.")
            } catch let error as LeaderClient.Unreachable {
                if once { throw CommandFailure(.storageUnusable, "the leader is unreachable: \(error)\nRetry later.") }
                Self.say("the leader is unreachable (\(error)); retrying")
            } catch let error as LeaderClient.TooLarge {
                if once { throw CommandFailure(.storageUnusable, "the leader is unreachable: \(error)\nRetry later.") }
                Self.say("the leader is unreachable (\(error)); retrying")
            } catch let error as ReplicaError where !error.isAlarm {
                if once { throw CommandFailure(.storageUnusable, "\(error)\nRun again.") }
                Self.say("\(error)")
            }
            usleep(UInt32(min(interval, 4000) * 1_000_000))
        }
    }

    /// The witness key in `path` (the private key) and `path.pub` (its verifier key, which names it).
    static func witnessKey(_ path: String) throws -> NoteSigningKey {
        let verifier = try NoteVerifierKey(vkey: String(decoding: try InputFile.read(path + ".pub"), as: UTF8.self))
        guard verifier.type == .cosignatureV1 else {
            throw CommandFailure(.badInput, "\(path).pub is not a witness key\nMake one with ik keygen --witness NAME --out FILE.")
        }
        let key = try NoteSigningKey(name: verifier.name, type: .cosignatureV1,
                                     privateKey: String(decoding: try InputFile.read(path), as: UTF8.self))
        guard key.verifier == verifier else {
            throw CommandFailure(.badInput, "\(path) and \(path).pub are not one key pair")
        }
        return key
    }

    /// One line on standard output (flushed at once: a supervisor or a test reads it as it comes).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data(("ik follow: " + line + "\n").utf8))
    }
}
