import EventLog
import Foundation

/// What `GET /checkpoint` serves: the log's tree head, hashed from the envelopes once at start and then only over
/// the events appended since (``HeadTracker``), and, with a key, signed as a C2SP checkpoint note (c2sp.org/tlog-checkpoint)
/// under the log's origin, with the cosignatures its witnesses sent for that head (c2sp.org/tlog-cosignature). A note is
/// signed once per head; a new head starts without cosignatures, which witnesses add at their next poll.
public final class CheckpointPublisher: @unchecked Sendable {
    // @unchecked: `latest` and `cosignatures` are only touched under `lock`; the rest is immutable.
    /// The log's name in its notes (its key's name).
    public let origin: String
    let key: NoteSigningKey?
    /// The witnesses whose cosignatures are taken (verifier keys of type 04).
    public let witnesses: [NoteVerifierKey]
    let tracker = HeadTracker()
    private let lock = NSLock()
    private var latest: SignedNote?
    private var cosignatures: [NoteSignature] = []

    /// - Parameter privateKey: an `ik keygen` private key (base64 of 32 bytes); `nil`: the head is served as JSON only.
    /// - Throws: ``NoteError`` for an origin or key that cannot be used.
    public init(origin: String, privateKey: String?, witnesses: [NoteVerifierKey] = []) throws {
        _ = try CheckpointNote(origin: origin, treeSize: 0, root: MerkleHash.emptyRoot)
        self.origin = origin
        key = try privateKey.map { try NoteSigningKey(name: origin, type: .ed25519, privateKey: $0) }
        self.witnesses = witnesses.filter { $0.type == .cosignatureV1 }
    }

    /// A publisher without a key: the JSON head only.
    public static var unsigned: CheckpointPublisher {
        // The origin is valid, so this cannot throw; a fallback keeps it total all the same.
        (try? CheckpointPublisher(origin: "ikstore", privateKey: nil)) ?? CheckpointPublisher(unchecked: "ikstore")
    }

    private init(unchecked origin: String) {
        self.origin = origin
        key = nil
        witnesses = []
    }

    /// The verifier key of the log's notes (`NAME+ID+KEY`), `nil` without a key: what a follower without
    /// `--leader-key` pins at its first poll.
    public var verifierKey: NoteVerifierKey? { key?.verifier }

    /// The roots proofs name: from the head this publisher keeps, so no proof rehashes the log.
    public var proofRoots: TreeProofs.Roots { TreeProofs.tracked(by: tracker) }

    /// The tree head now (not stored).
    public func head(of store: EventStore) throws -> Checkpoint {
        let (size, root) = try tracker.current(of: store)
        return Checkpoint(treeSize: size, root: root, time: Clock.systemNow())
    }

    /// The signed note of the tree head now, with the cosignatures taken for it.
    /// - Throws: ``CheckpointPublisherError/noKey`` without a key.
    public func note(of store: EventStore) throws -> SignedNote {
        guard let key else { throw CheckpointPublisherError.noKey }
        let head = try head(of: store)
        lock.lock()
        defer { lock.unlock() }
        if let latest, let checkpoint = try? CheckpointNote(text: latest.text), checkpoint.treeSize == head.treeSize,
            checkpoint.root == head.root
        {
            return try SignedNote(text: latest.text, signatures: latest.signatures + cosignatures)
        }
        let note = try CheckpointNote(origin: origin, treeSize: head.treeSize, root: head.root).signed(by: key)
        latest = note
        cosignatures = []
        return note
    }

    /// The head now signed with the extension line ``ReplicaState/freshLine(nonce:)``: a follower's proof that the
    /// leader signed this head after the follower sent `nonce`, which no replayed answer gives. Not kept, not cosigned.
    /// - Parameter withTime: also sign this machine's clock, read before the head
    ///   (``ReplicaState/timeLine(at:)``): a follower asks for it; older followers take only the nonce line.
    /// - Throws: ``CheckpointPublisherError/noKey`` without a key; ``CheckpointPublisherError/malformed(_:)`` for a
    ///   nonce that is not ``ReplicaState/isNonce(_:)``.
    public func freshNote(of store: EventStore, nonce: String, withTime: Bool = false) throws -> SignedNote {
        guard let key else { throw CheckpointPublisherError.noKey }
        guard ReplicaState.isNonce(nonce) else { throw CheckpointPublisherError.malformed("a nonce is 32 to 64 lowercase hex digits") }
        // Read before the head: every event the log held at this time is in it, save those of a write in progress.
        let now = Clock.systemNow()
        let head = try head(of: store)
        let lines = [ReplicaState.freshLine(nonce: nonce)] + (withTime ? [ReplicaState.timeLine(at: now)] : [])
        return try CheckpointNote(origin: origin, treeSize: head.treeSize, root: head.root, extensions: lines).signed(by: key)
    }

    /// Takes the cosignatures in `text` (the note this server serves now, with a witness's lines added), each
    /// checked with its witness's key; a witness's newer cosignature replaces its older one. - Returns: how many
    /// witnesses have cosigned the current note.
    /// - Throws: ``CheckpointPublisherError``.
    public func addCosignatures(_ text: String) throws -> Int {
        guard let key else { throw CheckpointPublisherError.noKey }
        let sent: SignedNote
        do { sent = try SignedNote(parsing: text) } catch { throw CheckpointPublisherError.malformed("\(error)") }
        lock.lock()
        defer { lock.unlock() }
        guard let latest, latest.text == sent.text else { throw CheckpointPublisherError.stale }
        var taken = 0
        for signature in sent.signatures {
            guard let witness = witnesses.first(where: { $0.matches(signature) }) else { continue }
            let single = try SignedNote(text: latest.text, signatures: latest.signatures + [signature])
            do {
                _ = try CheckpointNote.verify(single, logKeys: [key.verifier], witnesses: [witness], quorum: 1)
            } catch {
                throw CheckpointPublisherError.invalid("the cosignature of \(witness.name): \(error)")
            }
            cosignatures.removeAll { witness.matches($0) }
            cosignatures.append(signature)
            taken += 1
        }
        guard taken > 0 else { throw CheckpointPublisherError.unknownWitness }
        return cosignatures.count
    }

    /// How many of its witnesses must cosign a note for the store to keep it as witnessed: a majority.
    public var quorum: Int { WitnessedHead.quorum(of: witnesses.count) }

    /// The note served now with its cosignatures, once a ``quorum`` of witnesses cosigned it; `nil` before.
    public func witnessed() -> WitnessedHead? {
        lock.lock()
        defer { lock.unlock() }
        guard let latest, cosignatures.count >= quorum,
            let note = try? SignedNote(text: latest.text, signatures: latest.signatures + cosignatures)
        else { return nil }
        return try? WitnessedHead(note: note.rendered)
    }
}

/// Why no checkpoint note can be served, or a cosignature was not taken.
public enum CheckpointPublisherError: Error, Sendable, Hashable, CustomStringConvertible {
    case noKey
    case malformed(String)
    case stale
    case unknownWitness
    case invalid(String)

    public var description: String {
        switch self {
        case .noKey: "the server signs no checkpoints: start it with ik serve --checkpoint-key FILE (ik keygen writes one)"
        case .malformed(let reason): "not a signed note: \(reason)"
        case .stale: "the note is not the checkpoint served now (the log moved on): cosign the current one"
        case .unknownWitness:
            "no cosignature by a witness this server knows: start it with ik serve --witness-key FILE.pub for each witness"
        case .invalid(let reason): reason
        }
    }
}
