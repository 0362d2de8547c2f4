import EventLog
import Foundation

/// What `GET /checkpoint` serves: the log's tree head, hashed from the envelopes once at start and then only over
/// the events appended since (``HeadTracker``), and, with a key, signed as a C2SP checkpoint note (c2sp.org/tlog-checkpoint)
/// under the log's origin. Signed notes are kept per size, so a poll of an unchanged log signs nothing.
public final class CheckpointPublisher: @unchecked Sendable {
    // @unchecked: `latest` is only touched under `lock`; the rest is immutable.
    /// The log's name in its notes (its key's name).
    public let origin: String
    let key: NoteSigningKey?
    let tracker = HeadTracker()
    private let lock = NSLock()
    private var latest: SignedNote?

    /// - Parameter privateKey: an `ik keygen` private key (base64 of 32 bytes); `nil`: the head is served as JSON only.
    /// - Throws: ``NoteError`` for an origin or key that cannot be used.
    public init(origin: String, privateKey: String?) throws {
        _ = try CheckpointNote(origin: origin, treeSize: 0, root: MerkleHash.emptyRoot)
        self.origin = origin
        key = try privateKey.map { try NoteSigningKey(name: origin, type: .ed25519, privateKey: $0) }
    }

    /// A publisher without a key: the JSON head only.
    public static var unsigned: CheckpointPublisher {
        // The origin is valid, so this cannot throw; a fallback keeps it total all the same.
        (try? CheckpointPublisher(origin: "ikstore", privateKey: nil)) ?? CheckpointPublisher(unchecked: "ikstore")
    }

    private init(unchecked origin: String) {
        self.origin = origin
        key = nil
    }

    /// The tree head now (not stored).
    public func head(of store: EventStore) throws -> Checkpoint {
        let (size, root) = try store.read { try tracker.current(in: $0) }
        return Checkpoint(treeSize: size, root: root, time: Clock.systemNow())
    }

    /// The signed note of the tree head now. - Throws: ``CheckpointPublisherError/noKey`` without a key.
    public func note(of store: EventStore) throws -> SignedNote {
        guard let key else { throw CheckpointPublisherError.noKey }
        let head = try head(of: store)
        lock.lock()
        defer { lock.unlock() }
        if let latest, let checkpoint = try? CheckpointNote(text: latest.text), checkpoint.treeSize == head.treeSize,
            checkpoint.root == head.root
        {
            return latest
        }
        let note = try CheckpointNote(origin: origin, treeSize: head.treeSize, root: head.root).signed(by: key)
        latest = note
        return note
    }
}

/// Why no checkpoint note can be served.
public enum CheckpointPublisherError: Error, Sendable, Hashable, CustomStringConvertible {
    case noKey

    public var description: String {
        "the server signs no checkpoints: start it with ik serve --checkpoint-key FILE (ik keygen writes one)"
    }
}
