/// A tree head: the size and root of the log at a moment, optionally signed.
public struct Checkpoint: Sendable, Hashable {
    public let treeSize: UInt64
    public let root: MerkleHash
    /// When the checkpoint was taken.
    public let time: Instant
    /// How long before a checkpoint's time an event it does not hold may still be recorded, in microseconds: the
    /// append began (and took its time) before the checkpoint was read, and committed after. One minute.
    public static let publicationSlack: Int64 = 60 * 1_000_000

    /// Whether an event recorded at `recordedAt`, after a head published at `published` that did not hold it, was
    /// back-dated: recorded more than `allowance` (microseconds; ``publicationSlack`` unless clocks of two machines
    /// are compared) before it. One rule for `verify` (stored and given checkpoints) and a replica (the leader's
    /// heads signed for its nonces).
    public static func backdates(_ recordedAt: Instant, after published: Instant, allowance: Int64 = publicationSlack)
        -> Bool
    {
        recordedAt.microseconds < published.microseconds - allowance
    }
    /// Ed25519 signature over ``signedMessage`` (base64), when signed.
    public var signature: String?
    /// The Ed25519 public key (base64) that verifies the signature.
    public var publicKey: String?

    public init(treeSize: UInt64, root: MerkleHash, time: Instant, signature: String? = nil, publicKey: String? = nil) {
        self.treeSize = treeSize
        self.root = root
        self.time = time
        self.signature = signature
        self.publicKey = publicKey
    }

    /// `{"treeSize": N, "root": "<hex>", "time": "…"}` plus `signature` and `publicKey` when signed.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "treeSize": .integer(Int64(treeSize)), "root": .string(root.hex), "time": .string(time.description),
        ]
        if let signature { members["signature"] = .string(signature) }
        if let publicKey { members["publicKey"] = .string(publicKey) }
        return .object(members)
    }

    /// The bytes a signature covers: the canonical JSON of size, root and time.
    public var signedMessage: [UInt8] {
        CanonicalJSON.encode([
            "treeSize": .integer(Int64(treeSize)), "root": .string(root.hex), "time": .string(time.description),
        ])
    }

    /// Reads a checkpoint from its JSON object; `nil` when a field is missing or malformed.
    public init?(json: JSONValue) {
        guard let size = json["treeSize"]?.integerValue, size >= 0,
            let root = json["root"]?.stringValue.flatMap(MerkleHash.init(hex:)),
            let time = json["time"]?.stringValue.flatMap(Instant.init(rfc3339:))
        else { return nil }
        self.init(treeSize: UInt64(size), root: root, time: time, signature: json["signature"]?.stringValue,
                  publicKey: json["publicKey"]?.stringValue)
    }
}

extension Checkpoint {
    /// The bytes a published checkpoint's signature must cover, from its fields exactly as written (not as this
    /// program would render them again), so an edit to any of them breaks the signature. `nil` when a field is
    /// missing or of the wrong kind.
    public static func signedMessage(ofPublished json: JSONValue) -> [UInt8]? {
        guard let size = json["treeSize"]?.integerValue, let root = json["root"]?.stringValue,
            let time = json["time"]?.stringValue
        else { return nil }
        return CanonicalJSON.encode(["treeSize": .integer(size), "root": .string(root), "time": .string(time)])
    }
}

extension LogView {
    /// The checkpoints stored in the log, by tree size, and the keys (tree sizes) of entries that cannot be read.
    public func storedCheckpoints() throws -> (checkpoints: [Checkpoint], unreadable: [UInt64]) {
        var result: [Checkpoint] = []
        var unreadable: [UInt64] = []
        try transaction.withCursor(on: databases.checkpoints) { cursor in
            try cursor.forEach { entry in
                if let json = try? JSONParser.parse(entry.value), let checkpoint = Checkpoint(json: json),
                    CanonicalJSON.encode(checkpoint.json).elementsEqual(entry.value)
                {
                    result.append(checkpoint)
                } else {
                    unreadable.append(entry.key.count == 8 ? entry.key.reduce(0) { $0 << 8 | UInt64($1) } : 0)
                }
            }
        }
        return (result, unreadable)
    }

    /// The time of the stored checkpoint of the largest tree: no event after it may be recorded earlier (a clock
    /// set back must not put an event before a head that was published without it). `nil` when none can be read.
    func latestCheckpointTime() throws -> Instant? {
        guard let entry = try transaction.lastEntry(in: databases.checkpoints),
            let json = try? JSONParser.parse(entry.value)
        else { return nil }
        return Checkpoint(json: json)?.time
    }

    /// The earliest time anything may be recorded or published now: the last event's recorded time, or the latest
    /// stored checkpoint's when that is later (red team 6: a clock set back must not put an event or a head before a
    /// head published earlier).
    func recordingFloor(lastRecorded: Instant?) throws -> Instant? {
        [lastRecorded, try latestCheckpointTime()].compactMap { $0 }.max()
    }
}

extension EventStore {
    /// The tree head of the log as it is now, stored in the `checkpoints` database unless `store` is false.
    /// - Parameter sign: turns the message into `(signature, publicKey)`, both base64.
    public func checkpoint(
        clock: Clock = .system, store: Bool = true, sign: (([UInt8]) throws -> (String, String))? = nil
    ) throws -> Checkpoint {
        let policy = clockPolicy
        let make = { (view: LogView) throws -> Checkpoint in
            let size = try view.size
            // A checkpoint's time is signed and published: taken as an append's recorded time is (never chosen on a
            // normal store, never before the last event's; red team 6: checkpoint-time-before-its-events).
            let floor = try view.recordingFloor(lastRecorded: view.lastRecordedAt)
            let time = try policy.recordedTime(clock: clock, lastRecorded: floor)
            var checkpoint = Checkpoint(treeSize: size, root: try view.checkedRoot(size: size), time: time)
            if let sign {
                let (signature, key) = try sign(checkpoint.signedMessage)
                checkpoint.signature = signature
                checkpoint.publicKey = key
            }
            return checkpoint
        }
        guard store, !isReadOnly else { return try read(make) }
        return try writeAgainWhenMapGrown { txn in
            let checkpoint = try make(LogView(transaction: txn, databases: databases))
            try txn.put(CanonicalJSON.encode(checkpoint.json), forKey: StorageKeys.seq(checkpoint.treeSize),
                        in: databases.checkpoints)
            return .commit(checkpoint)
        }
    }
}
