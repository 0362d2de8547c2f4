import LMDB

/// The head of the log as the last append left it, cached in `meta` (key `head`) in the same transaction: its
/// size, the recorded time and id of its last event, and the right edge of its Merkle tree. An append continues
/// from it without parsing the last envelope or reading the Merkle cache (it only checks that the last envelope's
/// bytes name the same id and time: ``LogView/head()``); `verify` recomputes it from the stored bytes.
struct LogHead: Sendable, Equatable {
    var size: UInt64
    var lastRecordedAt: Instant?
    /// The id of the last event, when it is a time-ordered (version 7) UUID: the next id is above it.
    var lastID: [UInt8]?
    var frontier: MerkleFrontier

    static let key = Array("head".utf8)
    static let formatByte: UInt8 = 1

    /// size (8), recorded time in microseconds (8; Int64.min for none), last id (16; zeros for none), then
    /// (level, hash) per frontier node, largest first.
    var bytes: [UInt8] {
        var out: [UInt8] = [Self.formatByte]
        out.reserveCapacity(33 + frontier.nodes.count * 33)
        out += StorageKeys.bigEndian(size)
        out += StorageKeys.bigEndian(UInt64(bitPattern: lastRecordedAt?.microseconds ?? .min))
        out += lastID ?? [UInt8](repeating: 0, count: 16)
        for node in frontier.nodes {
            out.append(UInt8(node.level))
            out += node.hash.bytes
        }
        return out
    }

    init(size: UInt64, lastRecordedAt: Instant?, lastID: [UInt8]?, frontier: MerkleFrontier) {
        self.size = size
        self.lastRecordedAt = lastRecordedAt
        self.lastID = lastID
        self.frontier = frontier
    }

    /// Reads a cached head; `nil` when the bytes are not one this code wrote.
    init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 33, bytes[0] == Self.formatByte, (bytes.count - 33) % 33 == 0,
            let size = try? StorageKeys.readBigEndian(bytes, at: 1),
            let time = try? StorageKeys.readBigEndian(bytes, at: 9)
        else { return nil }
        let id = Array(bytes[17..<33])
        var nodes: [MerkleFrontier.Node] = []
        var offset = 33
        while offset < bytes.count {
            let level = Int(bytes[offset])
            guard let hash = MerkleHash(bytes: UnsafeRawBufferPointer(rebasing: bytes[(offset + 1)..<(offset + 33)])) else {
                return nil
            }
            nodes.append(MerkleFrontier.Node(level: level, index: 0, hash: hash))
            offset += 33
        }
        // The node indexes follow from the size; the levels must be the size's bits.
        let expected = MerkleFrontier.perfectSubtrees(of: size)
        guard expected.map(\.level) == nodes.map(\.level) else { return nil }
        self.size = size
        let micros = Int64(bitPattern: time)
        lastRecordedAt = micros == .min ? nil : Instant(microsecondsSinceEpoch: micros)
        lastID = id.allSatisfy { $0 == 0 } ? nil : id
        frontier = MerkleFrontier(size: size, nodes: zip(expected, nodes).map { place, node in
            MerkleFrontier.Node(level: place.level, index: place.index, hash: node.hash)
        })
    }
}

extension LogView {
    /// The cached head, or `nil` when none is stored (a store of the first format) or it does not describe this log.
    func cachedHead() throws -> LogHead? {
        guard let head = try transaction.withValue(forKey: LogHead.key, in: databases.meta, { LogHead(bytes: $0) }),
            let head, head.size == (try size)
        else { return nil }
        return head
    }

    /// The head recomputed from the stored bytes: the last envelope and the Merkle tree.
    func recomputedHead() throws -> LogHead {
        let size = try self.size
        let last = size == 0 ? nil : try envelope(at: size)
        return LogHead(size: size, lastRecordedAt: last?.recordedAt, lastID: last.flatMap { EventID.timeOrdered($0.id) },
                       frontier: try frontier(size: size))
    }

    /// The head: cached when there is one and it names the last event's id and recorded time, else recomputed.
    /// An append starts from it, so a head edited behind the log's back must not lead the next id below an earlier
    /// one or its time astray (red team 8: id-wraps-below-earlier); the check is two searches in one envelope.
    func head() throws -> LogHead {
        guard let cached = try cachedHead() else { return try recomputedHead() }
        guard cached.size > 0 else { return cached }
        let agrees = try transaction.withValue(forKey: StorageKeys.seq(cached.size), in: databases.events) { bytes in
            // Canonical JSON escapes every quote inside a string, so `,"id":"` and `,"recordedAt":"` are the members.
            let id = cached.lastID.map { EventID.text($0) } ?? ""
            let time = cached.lastRecordedAt?.description ?? ""
            return bytes.firstRange(of: Array(",\"id\":\"\(id)\"".utf8)) != nil
                && bytes.firstRange(of: Array(",\"recordedAt\":\"\(time)\"".utf8)) != nil
        } ?? false
        return agrees ? cached : try recomputedHead()
    }
}
