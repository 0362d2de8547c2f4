import EventLog
import Foundation

/// The leader's checkpoint key as a replica knows it (`leader-key.vkey` in the replica's directory, a verifier key
/// `NAME+ID+KEY`): written at the first verified poll — from `--leader-key`, or, without it, from the key the leader
/// names then (trust on first use) — and from then on every note must verify with it. Another key is an alarm; a
/// rotation is an explicit step (`ik follow --leader-key NEW.pub --rotate-leader-key`), which keeps the old pin as
/// `leader-key-until-TIME.vkey`.
struct LeaderKeyPin {
    let path: String
    let directory: String

    init(directory: String) {
        self.directory = directory
        path = directory + "/" + ReplicaState.leaderKeyFile
    }

    /// The pinned key, `nil` when none is pinned. - Throws: ``CommandFailure`` when the file is not a verifier key.
    func read() throws -> NoteVerifierKey? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try NoteVerifierKey(vkey: String(decoding: data, as: UTF8.self))
        } catch {
            throw CommandFailure(.badInput, "\(path) is not a verifier key: \(error)\n"
                + "Restore it from a backup of the replica, or name the leader's key: ik follow --leader-key FILE.pub "
                + "--rotate-leader-key.")
        }
    }

    /// Pins `key` (the caller checked a note with it).
    func pin(_ key: NoteVerifierKey) throws {
        try Follower.replace(path, with: key.vkey + "\n")
    }

    /// Keeps the pinned key as `leader-key-until-TIME.vkey` and pins `key` instead.
    func rotate(to key: NoteVerifierKey) throws {
        if FileManager.default.fileExists(atPath: path) {
            let kept = directory + "/leader-key-until-\(Clock.systemNow().microseconds).vkey"
            guard rename(path, kept) == 0 else { throw StoreError.io(path: path, reason: String(cString: strerror(errno))) }
        }
        try pin(key)
    }

    /// The verifier key of a key file's text (a vkey, or `ik keygen`'s bare base64 named `origin`).
    static func key(_ text: String, origin: String) throws -> NoteVerifierKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let raw = Data(base64Encoded: trimmed), raw.count == 32 {
            return try NoteVerifierKey(name: origin, type: .ed25519, publicKey: Array(raw))
        }
        return try NoteVerifierKey(vkey: trimmed)
    }
}
