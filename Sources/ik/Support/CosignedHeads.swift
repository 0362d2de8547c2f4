import EventLog
import Foundation

/// The heads a witness key cosigned (`KEYFILE.cosigned.jsonl`, beside the key, one JSON line per head: origin, size,
/// root, when), only ever appended to. It lives with the key, not in a replica's store: a store rolled back or made
/// again from nothing would otherwise let the same key cosign a smaller or different tree (c2sp.org/tlog-witness: a
/// witness never does).
struct CosignedHeads {
    let path: String

    init(keyFile: String) { path = keyFile + ".cosigned.jsonl" }

    struct Head {
        let origin: String
        let treeSize: UInt64
        let root: String
    }

    /// The largest head of `origin` cosigned, if any.
    func largest(origin: String) throws -> Head? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let heads = Array(data).split(separator: 0x0A).compactMap { line -> Head? in
            guard let json = try? JSONParser.parse(Array(line)), json["origin"]?.stringValue == origin,
                let size = json["treeSize"]?.integerValue, let root = json["root"]?.stringValue
            else { return nil }
            return Head(origin: origin, treeSize: UInt64(max(0, size)), root: root)
        }
        return heads.reversed().max { $0.treeSize < $1.treeSize }
    }

    /// Records that `origin`'s head `treeSize`:`root` is cosigned (unless it is the largest recorded already).
    func keep(origin: String, treeSize: UInt64, root: MerkleHash) throws {
        if let last = try largest(origin: origin), last.treeSize == treeSize, last.root == root.hex { return }
        let line: JSONValue = [
            "origin": .string(origin), "treeSize": .integer(Int64(treeSize)), "root": .string(root.hex),
            "cosignedAt": .string(Clock.systemNow().description),
        ]
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw CommandFailure(.cannotCreate, "\(path): \(String(cString: strerror(errno)))\n"
                + "A witness records what it cosigned beside its key: make that directory writable.")
        }
        defer { close(fd) }
        let bytes = CanonicalJSON.encode(line) + [0x0A]
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw StoreError.io(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
