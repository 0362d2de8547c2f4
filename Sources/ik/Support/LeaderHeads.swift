import EventLog
import Foundation

/// Every leader head a follower verified, kept in the replica's directory (`leader-heads.jsonl`, one JSON line per
/// new head: the leader's URL, when, origin, size, root and the signed note as served). Only ever appended to: a leader that later
/// shows a shorter or different history contradicts notes it signed itself, and they are all here.
struct LeaderHeads {
    let path: String

    init(directory: String) { path = directory + "/" + ReplicaState.headsFile }

    /// One kept head.
    struct Head {
        let leader: String
        let origin: String
        let treeSize: UInt64
        let root: String
        let note: String
    }

    /// Appends `signed` (verified as `note`) unless the last head kept is this head (a note signed for another
    /// poll's nonce is the same head).
    func keep(_ signed: SignedNote, as note: CheckpointNote, leader: String) throws {
        if let last = try all().last, last.leader == leader, last.origin == note.origin, last.treeSize == note.treeSize,
            last.root == note.root.hex
        {
            return
        }
        let line: JSONValue = [
            "leader": .string(leader), "verifiedAt": .string(Clock.systemNow().description),
            "origin": .string(note.origin), "treeSize": .integer(Int64(note.treeSize)), "root": .string(note.root.hex), "note": .string(signed.rendered),
        ]
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw StoreError.io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let bytes = Array((CanonicalJSON.encode(line) + [0x0A]))
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw StoreError.io(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// The heads kept, oldest first (a line that does not read is skipped: the file is evidence, not input).
    func all() throws -> [Head] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return Array(data).split(separator: 0x0A).compactMap { line in
            guard let json = try? JSONParser.parse(Array(line)), let leader = json["leader"]?.stringValue,
                let origin = json["origin"]?.stringValue, let size = json["treeSize"]?.integerValue, let root = json["root"]?.stringValue,
                let note = json["note"]?.stringValue
            else { return nil }
            return Head(leader: leader, origin: origin, treeSize: UInt64(max(0, size)), root: root, note: note)
        }
    }

    /// The largest head kept of the log `origin` (the last of that size), if any.
    func largest(origin: String) throws -> Head? {
        try all().filter { $0.origin == origin }.reversed().max { $0.treeSize < $1.treeSize }
    }

    /// The evidence against the log `origin` now presenting `size`:`root`: the kept note it signed at that size with
    /// another root, else the largest it signed beyond that size (it rolled back from it), if any. By origin, not URL:
    /// a leader that moved is the same log.
    func contradicting(size: UInt64, root: MerkleHash, origin: String) throws -> Head? {
        let heads = try all().filter { $0.origin == origin }
        if let fork = heads.last(where: { $0.treeSize == size && $0.root != root.hex }) { return fork }
        return heads.filter { $0.treeSize > size }.max { $0.treeSize < $1.treeSize }
    }
}
