import EventLog
import Foundation

/// The heads a witness key cosigned (`KEYFILE.cosigned.jsonl`, beside the key, one JSON line per head: the log's key,
/// origin, size, root, when), only ever appended to. It lives with the key, not in a replica's store: a store rolled
/// back or made again from nothing would otherwise let the same key cosign a smaller or different tree
/// (c2sp.org/tlog-witness: a witness never does).
///
/// A log is its key, not the name it announces: the origin is whatever the leader's `ik serve --origin` says, so a
/// leader that renamed its log would otherwise get a second tree of the same size cosigned (red team 6). A head is
/// compared with every head cosigned under the same log key, and, for files of an earlier release whose lines name
/// no key, with those of the same origin.
struct CosignedHeads {
    let path: String

    init(keyFile: String) { path = keyFile + ".cosigned.jsonl" }

    struct Head {
        /// The log's Ed25519 public key (base64, as in `ik keygen`'s `.pub`); `nil` in a line of an earlier release.
        let logKey: String?
        let origin: String
        let treeSize: UInt64
        let root: String
    }

    /// The log key as these lines write it: the public key alone, whatever name the note gives it.
    static func logKey(of key: NoteVerifierKey) -> String { Data(key.publicKey).base64EncodedString() }

    /// The largest head cosigned of the log signed by `key` (under any origin), if any; a line of an older file, which
    /// names no key, counts when it names `origin`. Another key is another log, whatever it is named (red team 6:
    /// witness-shared-by-two-logs-false-alarm — two stores both called `ikstore/store` by default).
    func largest(key: NoteVerifierKey, origin: String) throws -> Head? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let wanted = Self.logKey(of: key)
        let heads = Array(data).split(separator: 0x0A).compactMap { line -> Head? in
            guard let json = try? JSONParser.parse(Array(line)), let named = json["origin"]?.stringValue,
                let size = json["treeSize"]?.integerValue, let root = json["root"]?.stringValue
            else { return nil }
            let logKey = json["logKey"]?.stringValue
            guard logKey.map({ $0 == wanted }) ?? (named == origin) else { return nil }
            return Head(logKey: logKey, origin: named, treeSize: UInt64(max(0, size)), root: root)
        }
        return heads.reversed().max { $0.treeSize < $1.treeSize }
    }

    /// Records that the head `treeSize`:`root` of the log signed by `key` as `origin` is cosigned (unless it is the
    /// largest recorded already).
    func keep(key: NoteVerifierKey, origin: String, treeSize: UInt64, root: MerkleHash) throws {
        if let last = try largest(key: key, origin: origin), last.treeSize == treeSize, last.root == root.hex,
            last.logKey == Self.logKey(of: key), last.origin == origin
        {
            return
        }
        let line: JSONValue = [
            "logKey": .string(Self.logKey(of: key)), "origin": .string(origin), "treeSize": .integer(Int64(treeSize)),
            "root": .string(root.hex), "cosignedAt": .string(Clock.systemNow().description),
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
