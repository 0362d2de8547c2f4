import Accounts
import EventLog
import Foundation

/// One replica's side of `ik follow`: a poll fetches the leader's signed checkpoint, checks the leader's consistency
/// proof from the head this replica holds to it, and copies the events in between in chunks, each committed only
/// when it passes verify's checks and the leader's proof ties it to the signed head (``LogChunks``,
/// ``EventStore/appendReplicated(through:chunks:checkingRedactions:proving:)``). A head that contradicts the replica is an ``Alarm``.
struct Follower {
    let client: LeaderClient
    let store: EventStore
    /// The store directory: the leader's last verified note (`leader.note`) and any alarm's evidence go there.
    let directory: String
    /// The leader's public key (the text of an `ik keygen` `.pub` file or a vkey) for a replica that pinned none yet
    /// (``LeaderKeyPin``); `nil`: the key the leader names at the first poll is pinned.
    let leaderKey: String?
    let chunk: UInt64
    /// The leader's witnesses: a note a majority of them cosigned is kept (``EventStore/keepWitnessed(_:)``).
    var witnesses: [NoteVerifierKey] = []
    /// The most events one request asks for (`--chunk`'s bound; ``LogChunks``).
    static let maxChunk: UInt64 = 100_000
    /// The longest answer to a log request read (`--max-answer`): a larger one is asked for again in halves, so a
    /// leader cannot make a replica hold more. An event's payload is at most 1 MB, so one event fits in 4 MB.
    var maxChunkBytes = 64 << 20
    /// This replica's head, hashed once from its envelopes and then only over what it copies.
    let tracker = HeadTracker()

    /// The leader contradicts what this replica holds or what it signed: the evidence was written to `file`.
    struct Alarm: Error, CustomStringConvertible {
        let reason: String
        let file: String
        var description: String { "ALARM: \(reason); evidence in \(file)" }
    }

    /// What a poll did.
    struct Progress {
        let from: UInt64
        let to: UInt64
        let note: CheckpointNote
        let signed: SignedNote
        /// The leader's key the note verified with (the pinned one): the log, whatever origin its note names.
        let logKey: NoteVerifierKey
        /// Why this poll does not show the leader's head as of now (``Freshness``); `nil` when it does.
        let unfresh: String?
    }

    var notePath: String { directory + "/" + ReplicaState.noteFile }
    var heads: LeaderHeads { LeaderHeads(directory: directory) }

    /// As a witness: cosigns the head a poll verified (c2sp.org/tlog-cosignature, timestamped now) and sends it to the
    /// leader, which serves it with its checkpoint. - Throws: ``LeaderClient/Unreachable`` (tried again next poll).
    ///
    /// The witness never cosigns a tree smaller than, or different from, one it cosigned before for the same log —
    /// the same leader key, whatever origin the note names: `ledger` (kept beside its key, not in the replica's store)
    /// holds the largest, and a larger one must extend it by the leader's proof.
    /// - Throws: ``Alarm`` when the head contradicts what the witness cosigned.
    func cosign(_ progress: Progress, with key: NoteSigningKey, ledger: CosignedHeads) throws {
        let note = progress.note
        if let last = try ledger.largest(key: progress.logKey, origin: note.origin) {
            var evidence: [String: JSONValue] = [
                "leader": .string(client.base), "leaderNote": .string(progress.signed.rendered),
                "leaderKey": .string(progress.logKey.vkey),
                "witness": .string(key.verifier.vkey), "cosignedHeads": .string(ledger.path),
                "cosigned": ["treeSize": .integer(Int64(last.treeSize)), "root": .string(last.root),
                             "origin": .string(last.origin), "logKey": last.logKey.map { .string($0) } ?? .null],
            ]
            let log = last.origin == note.origin ? note.origin
                : "\(last.origin) (the same leader key; the leader now names its log \(note.origin))"
            if note.treeSize < last.treeSize || (note.treeSize == last.treeSize && note.root.hex != last.root) {
                throw try alarm("the witness \(key.verifier.name) cosigned \(last.treeSize):\(last.root) of \(log) "
                    + "before; it does not cosign \(note.treeSize):\(note.root.hex), a smaller or different tree", evidence)
            }
            if note.treeSize > last.treeSize {
                let proof = try client.consistencyProof(from: last.treeSize, to: note.treeSize)
                evidence["proof"] = .array(proof.map { .string($0.hex) })
                guard let lastRoot = MerkleHash(hex: last.root),
                    MerkleTree.verifyConsistency(oldSize: last.treeSize, newSize: note.treeSize, oldRoot: lastRoot,
                                                 newRoot: note.root, proof: proof)
                else {
                    throw try alarm("the witness \(key.verifier.name) cosigned \(last.treeSize):\(last.root) of "
                        + "\(log) before, and the leader's proof that \(note.treeSize):\(note.root.hex) extends it "
                        + "fails: it does not cosign", evidence)
                }
            }
        }
        // Kept before the cosignature leaves: a witness that crashes after sending still knows what it signed.
        try ledger.keep(key: progress.logKey, origin: note.origin, treeSize: note.treeSize, root: note.root)
        let timestamp = UInt64(max(0, Clock.systemNow().microseconds / 1_000_000))
        // The plain checkpoint of the head verified (the leader's note may carry this poll's nonce): what witnesses sign.
        let plain = try CheckpointNote(origin: note.origin, treeSize: note.treeSize, root: note.root)
        let cosignature = try plain.cosignature(by: key, timestamp: timestamp)
        // Only this witness's line: the leader takes cosignatures of witnesses it knows, and says so when it knows none.
        let cosigned = try SignedNote(text: plain.text, signatures: [cosignature])
        _ = try client.post("/api/v1/checkpoint/cosignatures", body: Array(cosigned.rendered.utf8))
    }

    /// One poll. - Throws: ``Alarm``, ``LeaderClient/Unreachable`` or ``ReplicaError/redactedAfterHead(seq:)`` (retry).
    func poll() throws -> Progress {
        let freshness = Freshness()
        var (text, unfresh) = try freshness.ask(client)
        let previous = (try? String(contentsOfFile: notePath, encoding: .utf8)).flatMap { try? SignedNote(parsing: $0) }
        let (size, root) = try tracker.current(of: store)
        var evidence: [String: JSONValue] = [
            "leader": .string(client.base), "leaderNote": .string(text),
            "previousNote": previous.map { .string($0.rendered) } ?? .null,
            "replicaHead": ["treeSize": .integer(Int64(size)), "root": .string(root.hex)],
        ]
        let pin = LeaderKeyPin(directory: directory)
        let pinned = try pin.read()
        // Without a pin or --leader-key: the key the leader names now, pinned once its note verifies with it.
        let named = pinned == nil && leaderKey == nil ? try namedKey() : nil
        let signed: SignedNote
        let note: CheckpointNote
        let key: NoteVerifierKey
        do {
            signed = try SignedNote(parsing: text)
            let origin = try CheckpointNote(text: signed.text).origin
            key = try pinned ?? named ?? LeaderKeyPin.key(leaderKey ?? "", origin: origin)
            note = try CheckpointNote.verified(note: text, publicKey: key.vkey)
        } catch {
            let pinnedBy = pinned.map { " with the key this replica pinned (\($0.vkey) in \(pin.path))" } ?? ""
            throw try alarm("the leader's checkpoint does not verify\(pinnedBy): \(error); a key rotation is an explicit "
                + "step (ik follow --leader-key NEW.pub --rotate-leader-key)", evidence)
        }
        if pinned == nil { try pin.pin(key) }
        if unfresh == nil { unfresh = freshness.check(note) }
        evidence["signedHeads"] = .string(heads.path)
        if let earlier = try heads.contradicting(size: note.treeSize, root: note.root, origin: note.origin) {
            // The leader's own signature on a head its new one contradicts.
            evidence["contradictedNote"] = .string(earlier.note)
        }
        if let previous, let origin = try? CheckpointNote(text: previous.text).origin, origin != note.origin {
            throw try alarm("the leader's origin changed from \(origin) to \(note.origin)", evidence)
        }
        // The heads verified before, kept outside the store's LMDB file: a store restored from an older copy (or
        // replaced) forgets them, this file does not.
        if let largest = try heads.largest(origin: note.origin) {
            if note.treeSize < largest.treeSize {
                throw try alarm("the leader's head \(note.treeSize):\(note.root.hex) is older than its head "
                    + "\(largest.treeSize):\(largest.root) this replica verified (\(heads.path)): the leader rolled back", evidence)
            }
            if note.treeSize == largest.treeSize, note.root.hex != largest.root {
                throw try alarm("the leader signed \(note.treeSize):\(note.root.hex), but it signed \(largest.treeSize):"
                    + "\(largest.root) before (\(heads.path)): the leader rewrote its history", evidence)
            }
            if note.treeSize > largest.treeSize, largest.treeSize > size, let largestRoot = MerkleHash(hex: largest.root) {
                // This store is behind what it verified (restored from an older copy): the leader's new head must
                // still extend the largest one it signed.
                let proof = try client.consistencyProof(from: largest.treeSize, to: note.treeSize)
                guard MerkleTree.verifyConsistency(oldSize: largest.treeSize, newSize: note.treeSize, oldRoot: largestRoot,
                                                   newRoot: note.root, proof: proof)
                else {
                    throw try alarm("the leader's consistency proof from its head \(largest.treeSize):\(largest.root) this "
                        + "replica verified to its signed \(note.treeSize):\(note.root.hex) fails: the leader rewrote its "
                        + "history", evidence)
                }
            }
        }
        if note.treeSize < size {
            throw try alarm("the leader's head \(note.treeSize):\(note.root.hex) is older than this replica's "
                + "\(size):\(root.hex): the leader rolled back", evidence)
        }
        if note.treeSize == size {
            guard note.root == root else {
                throw try alarm("the leader signed \(size):\(note.root.hex), but its first \(size) events were "
                    + "\(root.hex): the leader rewrote its history", evidence)
            }
        } else {
            let proof = try client.consistencyProof(from: size, to: note.treeSize)
            evidence["proof"] = ["fromSize": .integer(Int64(size)), "toSize": .integer(Int64(note.treeSize)),
                                 "proof": .array(proof.map { .string($0.hex) })]
            guard MerkleTree.verifyConsistency(oldSize: size, newSize: note.treeSize, oldRoot: root, newRoot: note.root,
                                               proof: proof)
            else {
                throw try alarm("the leader's consistency proof from this replica's head \(size):\(root.hex) to its "
                    + "signed \(note.treeSize):\(note.root.hex) fails: the leader rewrote its history", evidence)
            }
        }
        // What the leader signed, for this replica's nonces, that its log held at a time: read before this poll
        // replaces leader.fresh.
        let fresh = try FreshHeads(directory: directory, origin: note.origin)
        var reached = size
        var chunks = LogChunks(client: client, head: note.treeSize, size: chunk, maxBytes: maxChunkBytes)
        while reached < note.treeSize {
            let after = reached
            var proof: [MerkleHash] = []
            do {
                reached = try store.appendReplicated(through: note.treeSize, chunks: { after in
                    let events = try chunks.events(after: after)
                    if let found = fresh.backdated(events) { throw found }
                    return events
                }, checkingRedactions: .appendRule) {
                    copied, copiedRoot in
                    proof = copied < note.treeSize ? try client.consistencyProof(from: copied, to: note.treeSize) : []
                    let proven = copied == note.treeSize ? copiedRoot == note.root
                        : MerkleTree.verifyConsistency(oldSize: copied, newSize: note.treeSize, oldRoot: copiedRoot,
                                                       newRoot: note.root, proof: proof)
                    guard proven, copied > after else {
                        throw ReplicaError.unproven("seq \(after + 1)–\(copied) of the leader's log give root "
                            + "\(copiedRoot.hex) at size \(copied), which its signed head \(note.treeSize):"
                            + "\(note.root.hex) does not extend")
                    }
                }.size
            } catch let error as ReplicaError where error.isAlarm {
                evidence["failedChunk"] = ["after": .integer(Int64(after)), "through": .integer(Int64(chunks.through)),
                                           "proof": .array(proof.map { .string($0.hex) })]
                throw try alarm("the leader's events do not check: \(error)", evidence)
            } catch let found as FreshHeads.Backdated {
                let (event, head) = (found.event, found.head)
                evidence["backdatedEvent"] = ["seq": .integer(Int64(event.envelope.seq)), "id": .string(event.envelope.id),
                                              "recordedAt": .string(event.envelope.recordedAt.description)]
                evidence["freshNote"] = ["note": .string(head.note), "file": .string(head.file),
                                         "treeSize": .integer(Int64(head.treeSize)), "time": .string(head.time.description),
                                         "timeSignedBy": .string(head.signedByLeader ? "leader" : "replica")]
                let when = head.signedByLeader ? "the leader signed, for this replica's nonce at \(head.time)"
                    : "the leader signed for the nonce this replica sent at \(head.time) (this replica's clock)"
                throw try alarm("the leader's event seq \(event.envelope.seq) was recorded at \(event.envelope.recordedAt), "
                    + "but \(when), that its log held only \(head.treeSize) events: the leader backdated it (its clock set "
                    + "back), rewriting what was known when; nothing copied", evidence)
            }
        }
        try heads.keep(signed, as: note, leader: client.base)
        if !witnesses.isEmpty {
            // The leader's plain note of the head this replica now holds (verified above) carries the cosignatures;
            // a quorum of them: its reports name it.
            let plain = String(decoding: try client.get("/checkpoint"), as: UTF8.self)
            if let cosigned = try? CheckpointNote.verified(note: plain, publicKey: key.vkey, witnesses: witnesses,
                                                           quorum: WitnessedHead.quorum(of: witnesses.count)),
                cosigned.treeSize == note.treeSize, cosigned.root == note.root
            {
                try store.keepWitnessed(try WitnessedHead(note: plain))
            }
        }
        try Self.replace(notePath, with: signed.rendered)
        if unfresh == nil { try freshness.record(signed, in: directory) }
        return Progress(from: size, to: note.treeSize, note: note, signed: signed, logKey: key, unfresh: unfresh)
    }

    /// The key the leader names (`GET /api/v1/checkpoint?format=key`), for a replica with no key pinned or given.
    /// - Throws: ``CommandFailure`` when the leader names none (an older `ik serve`): `--leader-key` is needed.
    func namedKey() throws -> NoteVerifierKey {
        let text: String
        do {
            text = String(decoding: try client.get("/api/v1/checkpoint?format=key"), as: UTF8.self)
        } catch let error as LeaderClient.Unreachable where error.status != nil {
            throw CommandFailure(.usage, "the leader does not name its checkpoint key (\(error))\n"
                + "Give it: ik follow … --leader-key FILE.pub (the server's --checkpoint-key FILE.pub).")
        }
        do {
            return try NoteVerifierKey(vkey: text)
        } catch {
            throw CommandFailure(.usage, "the leader's key is not a verifier key: \(error)\nGive it: ik follow … --leader-key FILE.pub.")
        }
    }

    /// Writes the evidence next to the replica's data and returns the alarm to raise.
    func alarm(_ reason: String, _ evidence: [String: JSONValue]) throws -> Alarm {
        var all = evidence
        all["alarm"] = .string(reason)
        let now = Clock.systemNow()
        all["detectedAt"] = .string(now.description)
        let file = directory + "/" + ReplicaState.alarmFile(at: now.microseconds)
        try Self.replace(file, with: JSONValue.object(all).prettyPrinted() + "\n")
        return Alarm(reason: reason, file: file)
    }

    /// Writes `text` to `path` whole (a temporary file renamed over it), readable by the owner only.
    static func replace(_ path: String, with text: String) throws {
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
            rename(temporary, path) == 0
        else { throw StoreError.io(path: path, reason: String(cString: strerror(errno))) }
    }
}
